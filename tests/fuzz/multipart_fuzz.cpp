// multipart/form-data bodies (quest_bindings/multipart, and convert's request dict built
// from them). Input: the Content-Type value up to the first '\n', then the body. Properties:
//   - multipart_boundary and parse_multipart throw nothing but MultipartError (answered
//     400), and the boundary is nullopt exactly when the type is not multipart/form-data;
//   - every part has a name, and its data is a view into the body;
//   - written again (one canonical writer here: quoted, backslash-escaped parameters) and
//     parsed, the parts come back the same: names, filenames, content types, data;
//   - the request dict's body is {fields, files} with every file's size its data's, and
//     every Str in it is UTF-8; a part name, filename or type that is not UTF-8 makes
//     request_dict refuse the body (MultipartError, 400).
#include <cctype>
#include <string>
#include <vector>

#include "convert.hpp"
#include "fuzz_check.hpp"
#include "multipart.hpp"
#include "quest/objects.hpp"
#include "quest_text_utf8.hpp"

namespace qb = quest_bindings;

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

bool is_multipart_form_data(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string lowered;
  for (char c : type) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered == "multipart/form-data";
}

// Our canonical writing of `parts`, or "" when some part's data, followed by the next
// delimiter, would hold the delimiter earlier (only then can a writer not round-trip).
std::string write_parts(const std::vector<qb::MultipartPart>& parts, const std::string& boundary) {
  const std::string delimiter = "--" + boundary;
  const std::string separator = "\r\n" + delimiter;
  std::string body = delimiter;
  for (const qb::MultipartPart& part : parts) {
    const std::string data(part.data);
    if ((data + separator).find(separator) != data.size()) return "";
    body += "\r\nContent-Disposition: form-data; name=" + quoted(part.name);
    if (part.filename) body += "; filename=" + quoted(*part.filename);
    if (!part.content_type.empty()) body += "\r\nContent-Type: " + part.content_type;
    body += "\r\n\r\n" + data + separator;
  }
  return body + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string content_type(input.substr(0, newline));
  const std::string body(input.substr(newline + 1));

  std::optional<std::string> boundary;
  try {
    boundary = qb::multipart_boundary(content_type);
  } catch (const qb::MultipartError&) {
    FUZZ_CHECK(is_multipart_form_data(content_type), "only a multipart type can have a bad boundary");
    return 0;
  }
  FUZZ_CHECK(boundary.has_value() == is_multipart_form_data(content_type), "a boundary exactly for multipart/form-data");
  if (!boundary) return 0;
  FUZZ_CHECK(!boundary->empty() && boundary->size() <= 70, "a boundary is 1 to 70 characters");

  std::vector<qb::MultipartPart> parts;
  try {
    parts = qb::parse_multipart(body, *boundary);
  } catch (const qb::MultipartError&) {
    parts.clear();
    // The request dict refuses the same body with the same error (the server's 400).
    quest_live::net::HttpRequest request;
    request.method = "POST";
    request.headers = {{"content-type", content_type}};
    request.body = body;
    bool refused = false;
    try {
      qb::request_dict(request);
    } catch (const qb::MultipartError&) {
      refused = true;
    }
    FUZZ_CHECK(refused, "request_dict refuses a body parse_multipart refuses");
    return 0;
  }
  for (const qb::MultipartPart& part : parts) {
    FUZZ_CHECK(!part.name.empty(), "every part has a name");
    FUZZ_CHECK(part.data.data() >= body.data() && part.data.data() + part.data.size() <= body.data() + body.size(),
               "a part's data is a view into the body");
  }

  const std::string written = write_parts(parts, *boundary);
  if (!written.empty()) {
    std::vector<qb::MultipartPart> again;
    try {
      again = qb::parse_multipart(written, *boundary);
    } catch (const qb::MultipartError&) {
      FUZZ_CHECK(false, "the parts written again parse");
    }
    FUZZ_CHECK(again.size() == parts.size(), "the same number of parts");
    for (std::size_t i = 0; i < parts.size(); ++i) {
      FUZZ_CHECK(again[i].name == parts[i].name, "a part's name survives writing");
      FUZZ_CHECK(again[i].filename == parts[i].filename, "a part's filename survives writing");
      FUZZ_CHECK(again[i].content_type == parts[i].content_type, "a part's content type survives writing");
      FUZZ_CHECK(again[i].data == parts[i].data, "a part's data survives writing");
    }
  }

  quest_live::net::HttpRequest request;
  request.method = "POST";
  request.headers = {{"content-type", content_type}};
  request.body = body;
  bool all_text = true;
  for (const qb::MultipartPart& part : parts)
    all_text = all_text && qb::is_valid_utf8(part.name) && (!part.filename || qb::is_valid_utf8(*part.filename)) &&
               qb::is_valid_utf8(part.content_type);
  if (!all_text) {
    bool refused = false;
    try {
      qb::request_dict(request);
    } catch (const qb::MultipartError&) {
      refused = true;
    }
    FUZZ_CHECK(refused, "a part name, filename or type that is not UTF-8 refuses the body");
    return 0;
  }
  const quest::Value dict = qb::request_dict(request);
  FUZZ_CHECK(fuzz_support::all_text_utf8(dict), "every Str in the request dict is UTF-8");
  const quest::Value* request_body = dict.as_dict().find("body");
  FUZZ_CHECK(request_body && request_body->is_dict(), "a multipart body becomes a Dict");
  const quest::Value* fields = request_body->as_dict().find("fields");
  const quest::Value* files = request_body->as_dict().find("files");
  FUZZ_CHECK(fields && fields->is_dict() && files && files->is_array(), "the body is {fields, files}");
  std::size_t file_parts = 0;
  for (const qb::MultipartPart& part : parts) file_parts += part.filename ? 1 : 0;
  FUZZ_CHECK(files->as_array().items.size() == file_parts, "one file entry per part with a filename");
  for (const quest::Value& file : files->as_array().items) {
    const quest::Value* data_field = file.as_dict().find("data");
    const quest::Value* size_field = file.as_dict().find("size");
    FUZZ_CHECK(data_field && data_field->is_bytes() && size_field && size_field->is_int() &&
                   static_cast<std::size_t>(size_field->as_int()) == data_field->as_bytes().data.size(),
               "a file's size is its data's");
  }
  return 0;
}
