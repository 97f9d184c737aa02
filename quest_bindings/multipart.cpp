#include "multipart.hpp"

#include <algorithm>
#include <cctype>

namespace quest_bindings {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of `parameter` in a header value like `form-data; name="a"; filename="b"`.
// Quoted values may contain ';' and backslash-escaped quotes.
std::optional<std::string> header_parameter(std::string_view value, std::string_view parameter) {
  std::size_t at = value.find(';');
  while (at != std::string_view::npos) {
    std::string_view rest = trim(value.substr(at + 1));
    const std::size_t equals = rest.find('=');
    if (equals == std::string_view::npos) return std::nullopt;
    const bool wanted = lower(trim(rest.substr(0, equals))) == parameter;
    std::string_view raw = trim(rest.substr(equals + 1));
    std::string parsed;
    std::size_t consumed = 0;
    if (!raw.empty() && raw.front() == '"') {
      std::size_t i = 1;
      for (; i < raw.size() && raw[i] != '"'; ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
        parsed += raw[i];
      }
      if (i >= raw.size()) return std::nullopt;  // unterminated quote
      consumed = i + 1;
    } else {
      consumed = std::min(raw.find(';'), raw.size());
      parsed = std::string(trim(raw.substr(0, consumed)));
    }
    if (wanted) return parsed;
    const std::size_t offset = static_cast<std::size_t>(raw.data() - value.data()) + consumed;
    at = value.find(';', offset);
  }
  return std::nullopt;
}

MultipartPart parse_part(std::string_view part) {
  const std::size_t head_end = part.find("\r\n\r\n");
  if (head_end == std::string_view::npos) throw MultipartError("multipart: a part has no blank line after its headers");
  MultipartPart out;
  bool form_data = false;
  std::string_view head = part.substr(0, head_end);
  while (!head.empty()) {
    const std::size_t eol = std::min(head.find("\r\n"), head.size());
    const std::string_view line = head.substr(0, eol);
    head.remove_prefix(std::min(eol + 2, head.size()));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw MultipartError("multipart: a part header has no ':'");
    const std::string name = lower(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      form_data = lower(trim(value.substr(0, value.find(';')))) == "form-data";
      auto field = header_parameter(value, "name");
      if (field) out.name = *field;
      out.filename = header_parameter(value, "filename");
    } else if (name == "content-type") {
      out.content_type = std::string(value);
    }
  }
  if (!form_data || out.name.empty()) throw MultipartError("multipart: a part without Content-Disposition: form-data; name=...");
  out.data = part.substr(head_end + 4);
  return out;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (lower(trim(content_type.substr(0, content_type.find(';')))) != "multipart/form-data") return std::nullopt;
  auto boundary = header_parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) throw MultipartError("multipart: missing or bad boundary");
  return boundary;
}

std::vector<MultipartPart> parse_multipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) throw MultipartError("multipart: the boundary never appears");
  std::vector<MultipartPart> parts;
  const std::string separator = "\r\n" + delimiter;
  for (;;) {
    at += delimiter.size();
    if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(at, 2) != "\r\n") throw MultipartError("multipart: a delimiter is not followed by CRLF");
    at += 2;
    const std::size_t next = body.find(separator, at);
    if (next == std::string_view::npos) throw MultipartError("multipart: the body ends before its closing delimiter");
    parts.push_back(parse_part(body.substr(at, next - at)));
    at = next + 2;  // at the next delimiter
  }
}

}  // namespace quest_bindings
