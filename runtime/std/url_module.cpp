// std/encoding/url: RFC 3986 percent-encoding (uppercase hex, unreserved characters
// kept), path/query variants, form-style decoding and query strings <-> Dicts.
#include "std_support.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// Percent-encodes every byte except unreserved ones and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (unreserved(c) || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 0x0F];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A '%' without two hex digits after it is kept as it is.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

void encoder(ModuleBuilder& m, const char* name, std::string keep) {
  m.function(name, [name, keep](Vm&, const Args& a) { return make_str(percent_encode(arg_str(a, 1, name), keep)); }, 1, 1);
}

Value parse_query(std::string_view query) {
  if (!query.empty() && query[0] == '?') query.remove_prefix(1);
  Value params = make_dict();
  for (const std::string& pair : text::split(query, "&")) {
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    const std::string key = percent_decode(pair.substr(0, equals), true);
    const std::string value = equals == std::string::npos ? "" : percent_decode(pair.substr(equals + 1), true);
    params.as_dict().set(key, text_or_bytes(value));
  }
  return params;
}

std::string build_query(Vm& vm, const DictObj& params) {
  std::string out;
  params.for_each([&](const std::string& key, const Value& value) {
    if (!out.empty()) out += '&';
    out += percent_encode(key, "");
    out += '=';
    out += percent_encode(vm.to_str(value), "");
  });
  return out;
}

void build(Vm&, ModuleBuilder& m) {
  m.doc("URL percent-encoding and query strings.");
  encoder(m, "encode", "");
  encoder(m, "encode_component", "");
  encoder(m, "encode_path", "/");
  encoder(m, "encode_query", "=&");
  m.function("decode", [](Vm&, const Args& a) { return text_or_bytes(percent_decode(arg_str(a, 1, "decode"), true)); }, 1, 1);
  m.function("decode_component", [](Vm&, const Args& a) {
    return text_or_bytes(percent_decode(arg_str(a, 1, "decode_component"), false));
  }, 1, 1);
  m.function("parse_query", [](Vm&, const Args& a) { return parse_query(arg_str(a, 1, "parse_query")); }, 1, 1);
  m.function("build_query", [](Vm& vm, const Args& a) { return make_str(build_query(vm, arg_dict(a, 1, "build_query"))); }, 1, 1);
}

}  // namespace

void register_url_module(Vm& vm) { vm.register_native_module("std/encoding/url", build); }

}  // namespace quest
