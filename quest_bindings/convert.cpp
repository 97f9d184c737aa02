#include "convert.hpp"

#include <cctype>

#include "multipart.hpp"
#include "quest/json.hpp"

namespace quest_bindings {

using quest::Value;
namespace net = quest_live::net;

// ---------------------------------------------------------------- JSON

void append_json(quest::Vm& vm, const Value& value, std::string& out) {
  const std::size_t before = out.size();
  try {
    quest::json::append(vm, value, out);
  } catch (...) {
    out.resize(before);  // all or nothing
    throw;
  }
}

std::string to_json(quest::Vm& vm, const Value& value) { return quest::json::stringify(vm, value, -1); }

Value from_json(quest::Vm&, std::string_view text) { return quest::json::parse_or_raise(text); }

// ---------------------------------------------------------------- text formats

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  while (i < s.size()) {
    const unsigned char c = byte(i);
    std::size_t extra = 0;
    std::uint32_t code = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { extra = 1; code = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; code = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; code = c & 0x07; }
    else return false;
    if (i + extra >= s.size()) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return false;
      code = (code << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr std::uint32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Calls f(name, value) for each "name=value" piece of `text` split on `separator`.
template <class F>
void split_pairs(std::string_view text, char separator, F&& f) {
  while (!text.empty()) {
    const std::size_t end = text.find(separator);
    std::string_view item = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) f(item, std::string_view{});
    else f(item.substr(0, eq), item.substr(eq + 1));
  }
}

// Str when valid UTF-8 (decoding %XX may produce anything), else Bytes.
Value text_value(std::string text) {
  return is_valid_utf8(text) ? quest::make_str(std::move(text)) : quest::make_bytes(std::move(text));
}

}  // namespace

std::string form_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') { out.push_back(' '); continue; }
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

Value form_dict(std::string_view text) {
  Value dict = quest::make_dict();
  split_pairs(text, '&', [&](std::string_view name, std::string_view value) {
    std::string key = form_unescape(name);
    if (!is_valid_utf8(key)) return;  // a Dict key must be text; such a field is dropped
    dict.as_dict().set(key, text_value(form_unescape(value)));
  });
  return dict;
}

Value cookie_dict(std::string_view header) {
  Value dict = quest::make_dict();
  split_pairs(header, ';', [&](std::string_view name, std::string_view value) {
    name = trim(name);
    // A Dict key must be text: a cookie name that is not UTF-8 is dropped, as in forms
    // (found by fuzzing: it became an invalid key).
    if (name.empty() || !is_valid_utf8(name)) return;
    dict.as_dict().set(name, text_value(std::string(trim(value))));
  });
  return dict;
}

// ---------------------------------------------------------------- HTTP requests

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* find_header(const net::HeaderList& headers, std::string_view lower_name) {
  const std::string* found = nullptr;
  for (const auto& [name, value] : headers)
    if (name == lower_name) found = &value;  // the last repeat wins
  return found;
}

std::int64_t parse_length(const std::string* text) {
  if (!text) return 0;
  std::int64_t n = 0;
  for (char c : *text) {
    if (c < '0' || c > '9' || n > (INT64_MAX - 9) / 10) return 0;
    n = n * 10 + (c - '0');
  }
  return n;
}

// The keys every request dict has; `headers` holds lower-case names, last repeat wins.
Value base_request(std::string_view method, std::string_view path, std::string_view query,
                   std::string_view version, std::string_view client_ip,
                   const net::HeaderList& headers) {
  Value request = quest::make_dict();
  quest::DictObj& d = request.as_dict();
  Value header_dict = quest::make_dict();
  for (const auto& [name, value] : headers) header_dict.as_dict().set(lower(name), text_value(value));
  const auto header_or_empty = [&](std::string_view name) {
    const std::string* v = find_header(headers, name);
    return v ? text_value(*v) : quest::make_str("");
  };
  const std::string* host = find_header(headers, "host");
  d.set("method", quest::make_str(std::string(method)));
  d.set("path", quest::make_str(std::string(path)));
  // Raw bytes of the target: Str when UTF-8, else Bytes, like the body (found by fuzzing).
  d.set("query_string", text_value(std::string(query)));
  d.set("query", form_dict(query));
  d.set("headers", header_dict);
  d.set("body", quest::make_str(""));
  const std::string* cookie = find_header(headers, "cookie");
  d.set("cookies", cookie_dict(cookie ? std::string_view(*cookie) : std::string_view{}));
  d.set("client_ip", quest::make_str(std::string(client_ip)));
  d.set("version", quest::make_str(std::string(version)));
  d.set("scheme", quest::make_str("http"));
  d.set("host", host ? text_value(*host) : quest::make_str("unknown"));
  d.set("user_agent", header_or_empty("user-agent"));
  d.set("referer", header_or_empty("referer"));
  d.set("content_type", header_or_empty("content-type"));
  d.set("content_length", Value::integer(parse_length(find_header(headers, "content-length"))));
  return request;
}

std::string ip_of(std::string_view remote_address) {
  // "1.2.3.4:5678" or "[::1]:5678" -> the address without the port.
  const std::size_t colon = remote_address.rfind(':');
  std::string_view ip = colon == std::string_view::npos ? remote_address : remote_address.substr(0, colon);
  if (ip.size() >= 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  return std::string(ip);
}

// Upstream's shape: {fields: {name: Str}, files: [{name, filename, mime_type, size, data}]}
// (mime_type "text/plain" when the part gives none; data as Bytes, never re-encoded).
Value multipart_body(const std::vector<MultipartPart>& parts) {
  Value fields = quest::make_dict();
  Value files = quest::make_array();
  for (const MultipartPart& part : parts) {
    // Names, filenames and types become Str (and dict keys), which hold UTF-8 only; a
    // part that is not is refused with the body (400), never corrupted or dropped
    // (found by fuzzing: name="\xff" made an invalid Str).
    if (!is_valid_utf8(part.name) || (part.filename && !is_valid_utf8(*part.filename)) ||
        !is_valid_utf8(part.content_type))
      throw MultipartError("multipart: a part name, filename or Content-Type that is not UTF-8");
    if (!part.filename) {
      fields.as_dict().set(part.name, text_value(std::string(part.data)));
      continue;
    }
    Value file = quest::make_dict();
    quest::DictObj& f = file.as_dict();
    f.set("name", quest::make_str(part.name));
    f.set("filename", quest::make_str(*part.filename));
    f.set("mime_type", quest::make_str(part.content_type.empty() ? "text/plain" : part.content_type));
    f.set("size", Value::integer(static_cast<std::int64_t>(part.data.size())));
    f.set("data", quest::make_bytes(std::string(part.data)));
    files.as_array().items.push_back(std::move(file));
  }
  Value body = quest::make_dict();
  body.as_dict().set("fields", fields);
  body.as_dict().set("files", files);
  return body;
}

}  // namespace

Value request_dict(const net::HttpRequest& request) {
  Value dict = base_request(request.method, request.path, request.query, request.version,
                            request.client_ip.empty() ? ip_of(request.remote_address) : request.client_ip,
                            request.headers);
  dict.as_dict().set("body", text_value(request.body));
  const std::string* type = find_header(request.headers, "content-type");
  if (type && lower(*type).rfind("application/x-www-form-urlencoded", 0) == 0)
    dict.as_dict().set("form", form_dict(request.body));
  if (type) {
    if (auto boundary = multipart_boundary(*type))
      dict.as_dict().set("body", multipart_body(parse_multipart(request.body, *boundary)));
  }
  if (!request.request_id.empty()) dict.as_dict().set("request_id", quest::make_str(request.request_id));
  return dict;
}

Value upgrade_request_dict(const net::UpgradeRequest& request) {
  net::HeaderList headers(request.headers.begin(), request.headers.end());
  return base_request("GET", request.path, request.query, "HTTP/1.1", ip_of(request.remote_address), headers);
}

// ---------------------------------------------------------------- HTTP responses

namespace {

bool has_header(const net::HeaderList& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers)
    if (lower(name) == lower_name) return true;
  return false;
}

bool valid_header_text(std::string_view s) {
  for (char c : s)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

std::string header_text(quest::Vm& vm, const std::string& name, const Value& v) {
  if (v.is_str()) return v.as_str();
  if (v.is_int() || v.is_float()) return vm.to_str(v);
  throw InvalidResponse("header '" + name + "' must be Str, got " + quest::type_name_of(v));
}

std::string cookie_line(quest::Vm& vm, const std::string& name, const Value& spec) {
  if (spec.is_str()) return name + "=" + spec.as_str();
  if (!spec.is_dict()) throw InvalidResponse("cookie '" + name + "' must be Str or Dict");
  const quest::DictObj& d = spec.as_dict();
  const Value* value = d.find("value");
  if (!value || !value->is_str()) throw InvalidResponse("cookie '" + name + "' needs a Str 'value'");
  std::string line = name + "=" + value->as_str();
  if (const Value* v = d.find("max_age"); v && v->is_int()) line += "; Max-Age=" + std::to_string(v->as_int());
  if (const Value* v = d.find("path"); v && v->is_str()) line += "; Path=" + v->as_str();
  if (const Value* v = d.find("domain"); v && v->is_str()) line += "; Domain=" + v->as_str();
  if (const Value* v = d.find("same_site"); v && v->is_str()) line += "; SameSite=" + v->as_str();
  if (const Value* v = d.find("secure"); v && vm.truthy(*v)) line += "; Secure";
  if (const Value* v = d.find("http_only"); v && vm.truthy(*v)) line += "; HttpOnly";
  return line;
}

void add_headers(quest::Vm& vm, const quest::DictObj& d, net::HeaderList& out) {
  if (const Value* headers = d.find("headers"); headers && !headers->is_nil()) {
    if (!headers->is_dict()) throw InvalidResponse("'headers' must be a Dict");
    headers->as_dict().for_each([&](const std::string& name, const Value& value) {
      std::string text = header_text(vm, name, value);
      if (name.empty() || !valid_header_text(name) || !valid_header_text(text))
        throw InvalidResponse("header '" + name + "' has a bad name or value");
      out.emplace_back(name, std::move(text));
    });
  }
  if (const Value* cookies = d.find("cookies"); cookies && !cookies->is_nil()) {
    if (!cookies->is_dict()) throw InvalidResponse("'cookies' must be a Dict");
    cookies->as_dict().for_each([&](const std::string& name, const Value& spec) {
      std::string line = cookie_line(vm, name, spec);
      if (!valid_header_text(line)) throw InvalidResponse("cookie '" + name + "' has a bad value");
      out.emplace_back("Set-Cookie", std::move(line));
    });
  }
}

}  // namespace

net::HttpResponse response_from_dict(quest::Vm& vm, const Value& response) {
  if (!response.is_dict()) throw InvalidResponse("a response must be a Dict, got " + quest::type_name_of(response));
  const quest::DictObj& d = response.as_dict();
  const Value* status = d.find("status");
  if (!status || !status->is_int()) throw InvalidResponse("Response must have 'status' field (Int)");
  if (status->as_int() < 100 || status->as_int() > 999)
    throw InvalidResponse("status " + std::to_string(status->as_int()) + " is out of range 100-999");
  net::HttpResponse out;
  out.status = static_cast<unsigned>(status->as_int());
  add_headers(vm, d, out.headers);
  const char* default_type = nullptr;
  if (const Value* json = d.find("json")) {
    out.body = to_json(vm, *json);
    default_type = "application/json";
  } else if (const Value* body = d.find("body"); body && !body->is_nil()) {
    if (body->is_str()) { out.body = body->as_str(); default_type = "text/html; charset=utf-8"; }
    else if (body->is_bytes()) { out.body = body->as_bytes().data; default_type = "application/octet-stream"; }
    else throw InvalidResponse("'body' must be Str or Bytes, got " + quest::type_name_of(*body));
  }
  if (default_type && !has_header(out.headers, "content-type")) out.headers.emplace_back("Content-Type", default_type);
  return out;
}

net::HttpResponse plain_response(unsigned status, std::string body) {
  net::HttpResponse out;
  out.status = status;
  out.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  out.body = std::move(body);
  return out;
}

net::UpgradeDecision refusal_from_dict(quest::Vm& vm, const Value& response) {
  net::HttpResponse http = response_from_dict(vm, response);
  if (http.status >= 100 && http.status < 400)
    throw InvalidResponse("an authorize refusal needs a 4xx/5xx status, got " + std::to_string(http.status));
  net::UpgradeDecision decision = net::UpgradeDecision::refuse(http.status, std::move(http.body));
  decision.headers = std::move(http.headers);
  return decision;
}

// ---------------------------------------------------------------- WebSocket frames

quest_live::Frame message_frame(quest::Vm& vm, const Value& message, quest_live::FrameKind& kind,
                                std::string_view function) {
  if (message.is_str()) {
    kind = quest_live::FrameKind::text;
    return quest_live::make_frame(message.as_str());
  }
  if (message.is_bytes()) {
    kind = quest_live::FrameKind::binary;
    return quest_live::make_frame(message.as_bytes().data);
  }
  if (message.is_dict() || message.is_array()) {
    kind = quest_live::FrameKind::text;
    return quest_live::make_frame(to_json(vm, message));
  }
  quest::throw_error("TypeErr", std::string(function) + ": message must be Str, Bytes, Array or Dict, got " +
                                    quest::type_name_of(message));
}

}  // namespace quest_bindings
