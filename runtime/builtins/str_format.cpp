#include "str_format.hpp"

#include <charconv>
#include <cmath>

#include "str_text.hpp"

namespace quest::text {

namespace {

struct Spec {
  std::string fill = " ";
  char align = 0;  // '<', '>', '^' or 0 for the default (right)
  char sign = 0;   // '+', ' ' or 0
  bool alternate = false;
  bool zero_pad = false;
  size_t width = 0;
  int precision = -1;
  char type = 0;  // x X b o e E ? or 0
};

size_t read_number(std::string_view spec, size_t& pos) {
  size_t value = 0;
  while (pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9') {
    value = value * 10 + static_cast<size_t>(spec[pos++] - '0');
    if (value > 100000) throw FormatError("fmt: width or precision too large");
  }
  return value;
}

bool is_align(char c) { return c == '<' || c == '>' || c == '^'; }

Spec parse_spec(std::string_view spec) {
  Spec parsed;
  size_t pos = 0;
  // A fill char may be any single code point, but only when an align char follows.
  size_t after_first = 0;
  if (!spec.empty()) next_code_point(spec, after_first);
  if (after_first < spec.size() && is_align(spec[after_first])) {
    parsed.fill = std::string(spec.substr(0, after_first));
    parsed.align = spec[after_first];
    pos = after_first + 1;
  } else if (!spec.empty() && is_align(spec[0])) {
    parsed.align = spec[0];
    pos = 1;
  }
  if (pos < spec.size() && (spec[pos] == '+' || spec[pos] == '-' || spec[pos] == ' ')) {
    parsed.sign = spec[pos] == '-' ? 0 : spec[pos];
    ++pos;
  }
  if (pos < spec.size() && spec[pos] == '#') parsed.alternate = true, ++pos;
  if (pos < spec.size() && spec[pos] == '0') parsed.zero_pad = true, ++pos;
  parsed.width = read_number(spec, pos);
  if (pos < spec.size() && spec[pos] == '.') {
    ++pos;
    parsed.precision = static_cast<int>(read_number(spec, pos));
  }
  if (pos < spec.size() && std::string_view("xXboeE?").find(spec[pos]) != std::string_view::npos) {
    parsed.type = spec[pos++];
  }
  if (pos != spec.size()) throw FormatError("fmt: invalid format spec '" + std::string(spec) + "'");
  return parsed;
}

std::string pad(std::string body, const Spec& spec) {
  const size_t length = char_count(body);
  if (length >= spec.width) return body;
  const size_t missing = spec.width - length;
  size_t before = missing;
  if (spec.align == '<') before = 0;
  if (spec.align == '^') before = missing / 2;
  std::string out;
  for (size_t i = 0; i < before; ++i) out += spec.fill;
  out += body;
  for (size_t i = before; i < missing; ++i) out += spec.fill;
  return out;
}

// Numbers: sign and radix prefix go before zero padding ("-0042", "0x00ff").
std::string pad_number(bool negative, std::string prefix, std::string digits, const Spec& spec) {
  std::string sign = negative ? "-" : (spec.sign ? std::string(1, spec.sign) : "");
  if (spec.zero_pad) {
    const size_t used = sign.size() + prefix.size() + digits.size();
    if (used < spec.width) digits.insert(0, spec.width - used, '0');
    return sign + prefix + digits;
  }
  return pad(sign + prefix + digits, spec);
}

std::string radix_digits(uint64_t value, int base, bool upper) {
  if (value == 0) return "0";
  const char* alphabet = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string digits;
  for (; value != 0; value /= static_cast<uint64_t>(base)) digits.insert(digits.begin(), alphabet[value % base]);
  return digits;
}

std::string format_integer(int64_t value, const Spec& spec) {
  if (spec.type == 'e' || spec.type == 'E') {
    const double as_float = static_cast<double>(value);
    return pad_number(value < 0, "", format_exponent(std::fabs(as_float), spec.precision, spec.type == 'E'), spec);
  }
  if (spec.type == 'x' || spec.type == 'X' || spec.type == 'b' || spec.type == 'o') {
    // Like Rust, radix formats show the two's-complement bits of negative values.
    const int base = spec.type == 'b' ? 2 : spec.type == 'o' ? 8 : 16;
    const char* prefix = spec.type == 'b' ? "0b" : spec.type == 'o' ? "0o" : "0x";
    return pad_number(false, spec.alternate ? prefix : "",
                      radix_digits(static_cast<uint64_t>(value), base, spec.type == 'X'), spec);
  }
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return pad_number(value < 0, "", std::to_string(magnitude), spec);
}

std::string format_floating(const FormatArg& arg, const Spec& spec) {
  const double value = arg.floating;
  const bool negative = std::signbit(value) && !std::isnan(value);
  if (spec.type == 'e' || spec.type == 'E') {
    return pad_number(negative, "", format_exponent(std::fabs(value), spec.precision, spec.type == 'E'), spec);
  }
  std::string digits;
  if (spec.precision >= 0) {
    char buffer[512];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                      std::chars_format::fixed, spec.precision);
    digits.assign(buffer, result.ptr);
  } else {
    digits = arg.text;
    if (!digits.empty() && digits[0] == '-') digits.erase(0, 1);
  }
  return pad_number(negative, "", digits, spec);
}

std::string format_text(const FormatArg& arg, const Spec& spec) {
  std::string body = arg.text;
  if (spec.precision >= 0) body = slice_chars(body, 0, spec.precision);
  if (spec.type == '?') body = "\"" + body + "\"";
  return pad(body, spec);
}

}  // namespace

std::string format_with_spec(const FormatArg& arg, std::string_view spec_text) {
  const Spec spec = parse_spec(spec_text);
  switch (arg.kind) {
    case FormatArg::Kind::integer: return format_integer(arg.integer, spec);
    case FormatArg::Kind::floating: return format_floating(arg, spec);
    case FormatArg::Kind::text: break;
  }
  if (spec.type && spec.type != '?') {
    throw FormatError(std::string("fmt: format type '") + spec.type + "' needs a number, got '" + arg.text + "'");
  }
  return format_text(arg, spec);
}

namespace {

size_t resolve_index(std::string_view selector, size_t& next_auto) {
  if (selector.empty()) return next_auto++;
  size_t index = 0;
  const auto result = std::from_chars(selector.data(), selector.data() + selector.size(), index);
  if (result.ec != std::errc() || result.ptr != selector.data() + selector.size()) {
    throw FormatError("fmt: named placeholder {" + std::string(selector) + "} is not supported; use positions or f-strings");
  }
  return index;
}

}  // namespace

FormatArg FormatArg::of_int(int64_t value, std::string shown) {
  return FormatArg{Kind::integer, value, 0.0, std::move(shown)};
}
FormatArg FormatArg::of_float(double value, std::string shown) {
  return FormatArg{Kind::floating, 0, value, std::move(shown)};
}
FormatArg FormatArg::of_text(std::string shown) { return FormatArg{Kind::text, 0, 0.0, std::move(shown)}; }

std::string format_exponent(double value, int precision, bool upper) {
  char buffer[512];
  const auto result = precision >= 0
      ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, precision)
      : std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string text(buffer, result.ptr);
  const size_t e = text.find('e');
  if (e == std::string::npos) return text;  // inf / nan
  const int exponent = std::stoi(text.substr(e + 1));
  return text.substr(0, e) + (upper ? "E" : "e") + std::to_string(exponent);
}

std::string format_template(std::string_view pattern, const std::vector<FormatArg>& args) {
  std::string out;
  size_t next_auto = 0;
  for (size_t pos = 0; pos < pattern.size(); ++pos) {
    const char c = pattern[pos];
    if (c == '}') {
      if (pos + 1 < pattern.size() && pattern[pos + 1] == '}') ++pos;
      else throw FormatError("fmt: unmatched '}' in format string");
      out += '}';
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (pos + 1 < pattern.size() && pattern[pos + 1] == '{') {
      out += '{';
      ++pos;
      continue;
    }
    const size_t close = pattern.find('}', pos);
    if (close == std::string_view::npos) throw FormatError("fmt: unclosed '{' in format string");
    const std::string_view field = pattern.substr(pos + 1, close - pos - 1);
    const size_t colon = field.find(':');
    const size_t index = resolve_index(field.substr(0, colon), next_auto);
    if (index >= args.size()) {
      throw FormatError("fmt: placeholder " + std::to_string(index) + " has no argument (got " +
                        std::to_string(args.size()) + ")");
    }
    out += format_with_spec(args[index], colon == std::string_view::npos ? "" : field.substr(colon + 1));
    pos = close;
  }
  return out;
}

}  // namespace quest::text
