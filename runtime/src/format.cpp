// Format specs for f-strings and Str.fmt: [[fill]align][sign][#][0][width][,|_][.precision][type]
#include <cmath>
#include <cstdio>

#include "interpreter.hpp"

namespace quest {

namespace {

struct Spec {
  char fill = ' ';
  char align = 0;
  char sign = '-';
  bool zero = false;
  bool alternate = false;  // '#': 0x / 0o / 0b prefixes
  int width = 0;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

Spec parse_spec(const std::string& s) {
  Spec spec;
  std::size_t i = 0;
  if (s.size() >= 2 && is_align(s[1])) {
    spec.fill = s[0];
    spec.align = s[1];
    i = 2;
  } else if (!s.empty() && is_align(s[0])) {
    spec.align = s[0];
    i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) spec.sign = s[i++];
  if (i < s.size() && s[i] == '#') {
    spec.alternate = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    spec.zero = true;
    ++i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) spec.width = spec.width * 10 + (s[i++] - '0');
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) spec.grouping = s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    spec.precision = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      spec.precision = spec.precision * 10 + (s[i++] - '0');
  }
  if (i < s.size()) spec.type = s[i];
  return spec;
}

std::string group_digits(const std::string& digits, char sep) {
  std::size_t dot = digits.find('.');
  std::string int_part = digits.substr(0, dot);
  std::string rest = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  int count = 0;
  for (auto it = int_part.rbegin(); it != int_part.rend(); ++it) {
    if (count && count % 3 == 0) out.insert(out.begin(), sep);
    out.insert(out.begin(), *it);
    ++count;
  }
  return out + rest;
}

std::string pad(std::string body, const Spec& spec, bool numeric) {
  int len = 0;
  for (char c : body)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++len;
  if (len >= spec.width) return body;
  std::size_t missing = static_cast<std::size_t>(spec.width - len);
  char align = spec.align ? spec.align : (numeric ? '>' : '<');
  char fill = spec.fill;
  if (spec.zero && !spec.align) {
    align = '=';
    fill = '0';
  }
  if (align == '<') return body + std::string(missing, fill);
  if (align == '>') return std::string(missing, fill) + body;
  if (align == '^') return std::string(missing / 2, fill) + body + std::string(missing - missing / 2, fill);
  // '=': padding after the sign
  std::size_t sign_len = (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
  return body.substr(0, sign_len) + std::string(missing, fill) + body.substr(sign_len);
}

}  // namespace

std::string apply_format_spec(Interpreter& in, const Value& v, const std::string& text) {
  Spec spec = parse_spec(text);
  if (!v.is_number()) {
    std::string s = in.to_str(v);
    if (spec.precision >= 0 && v.is_str()) s = s.substr(0, static_cast<std::size_t>(spec.precision));
    return pad(s, spec, false);
  }
  std::string body;
  bool negative = false;
  char type = spec.type;
  if (v.is_int() && (type == 0 || type == 'd') && spec.precision < 0) {
    std::int64_t x = v.as_int();
    negative = x < 0;
    body = std::to_string(x);
    if (negative) body.erase(0, 1);
  } else if (v.is_int() && (type == 'x' || type == 'X' || type == 'o' || type == 'b')) {
    std::uint64_t x = static_cast<std::uint64_t>(v.as_int());
    if (type == 'b') {
      if (!x) body = "0";
      while (x) {
        body.insert(body.begin(), char('0' + (x & 1)));
        x >>= 1;
      }
    } else {
      char buf[32];
      std::snprintf(buf, sizeof buf, type == 'x' ? "%llx" : type == 'X' ? "%llX" : "%llo",
                    static_cast<unsigned long long>(x));
      body = buf;
    }
    if (spec.alternate) body = (type == 'x' ? "0x" : type == 'X' ? "0x" : type == 'o' ? "0o" : "0b") + body;
  } else {
    double d = v.as_number();
    negative = std::signbit(d) && d != 0;
    d = std::fabs(d);
    char buf[512];
    if (type == 'e' || type == 'E') {
      std::snprintf(buf, sizeof buf, type == 'e' ? "%.*e" : "%.*E", spec.precision < 0 ? 6 : spec.precision, d);
      body = buf;
    } else if (type == '%') {
      std::snprintf(buf, sizeof buf, "%.*f", spec.precision < 0 ? 6 : spec.precision, d * 100);
      body = std::string(buf) + "%";
    } else if (spec.precision >= 0 || type == 'f' || type == 'F') {
      std::snprintf(buf, sizeof buf, "%.*f", spec.precision < 0 ? 6 : spec.precision, d);
      body = buf;
    } else if (type == 'g') {
      std::snprintf(buf, sizeof buf, "%g", d);
      body = buf;
    } else {
      body = v.is_int() ? std::to_string(v.as_int()) : format_float(d);
      if (!body.empty() && body[0] == '-') body.erase(0, 1);
    }
  }
  if (spec.grouping) body = group_digits(body, spec.grouping);
  std::string sign = negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
  return pad(sign + body, spec, true);
}

std::string Interpreter::format_value(const Value& v, const std::string& spec) {
  return apply_format_spec(*this, v, spec);
}

}  // namespace quest
