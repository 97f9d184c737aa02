// multipart/form-data request bodies (RFC 7578), parsed without any Quest value: the
// request dict's `body` becomes {fields, files} from these parts (convert.cpp).
//
// Limits come from the engine: the whole body is at most max_request_body_bytes, and a
// part is a view into it. Anything that is not a well-formed multipart body (no
// boundary, a missing closing delimiter, a part without Content-Disposition form-data
// and a name) is a MultipartError, answered 400 by the server.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace quest_bindings {

struct MultipartError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct MultipartPart {
  std::string name;
  std::optional<std::string> filename;  // set for file parts
  std::string content_type;             // "" when the part gives none
  std::string_view data;                // into the body
};

// The boundary parameter of a multipart/form-data Content-Type (quoted or not), or
// nullopt when the type is something else.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Every part of `body`, in order. Throws MultipartError.
std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace quest_bindings
