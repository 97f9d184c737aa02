// Str conversions: to_int (all bases, `_` separators), to_float, ord, bytes, fmt and
// _url_decode. Every malformed input is a ValueErr naming the offending text.
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "quest/vm.hpp"
#include "str_format.hpp"
#include "str_methods.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

std::string without_underscores(std::string_view digits) {
  std::string out;
  for (char c : digits) {
    if (c != '_') out += c;
  }
  return out;
}

[[noreturn]] void invalid_number(const char* kind, const std::string& original) {
  throw_error("ValueErr", std::string("Invalid ") + kind + ": '" + original + "'");
}

int base_of_prefix(std::string_view& digits) {
  if (digits.size() > 2 && digits[0] == '0') {
    const char marker = static_cast<char>(digits[1] | 0x20);
    const int base = marker == 'x' ? 16 : marker == 'b' ? 2 : marker == 'o' ? 8 : 10;
    if (base != 10) digits.remove_prefix(2);
    return base;
  }
  return 10;
}

// "  -0x_FF " -> -255. Digits must be present and a `_` may only sit between digits.
int64_t parse_int_text(const std::string& original) {
  const std::string trimmed = text::trim(original);
  std::string_view rest = trimmed;
  const bool negative = !rest.empty() && rest[0] == '-';
  if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) rest.remove_prefix(1);
  const int base = base_of_prefix(rest);
  if (rest.empty() || rest.front() == '_' || rest.back() == '_') invalid_number("integer", original);
  std::string digits = without_underscores(rest);
  if (negative) digits.insert(digits.begin(), '-');
  int64_t value = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (result.ec == std::errc::result_out_of_range) {
    throw_error("ValueErr", "Integer out of range: '" + original + "'");
  }
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) invalid_number("integer", original);
  return value;
}

double parse_float_text(const std::string& original) {
  const std::string trimmed = text::trim(original);
  if (trimmed.empty() || trimmed.front() == '_' || trimmed.back() == '_') invalid_number("float", original);
  const std::string digits = without_underscores(trimmed);
  std::string_view view = digits;
  if (!view.empty() && view[0] == '+') view.remove_prefix(1);
  double value = 0;
  const auto result = std::from_chars(view.data(), view.data() + view.size(), value);
  if (result.ec == std::errc::result_out_of_range) return std::strtod(digits.c_str(), nullptr);
  if (result.ec != std::errc() || result.ptr != view.data() + view.size()) invalid_number("float", original);
  return value;
}

text::FormatArg format_arg(Vm& vm, const Value& value) {
  if (value.is_int()) return text::FormatArg::of_int(value.as_int(), vm.to_str(value));
  if (value.is_float()) return text::FormatArg::of_float(value.as_float(), vm.to_str(value));
  return text::FormatArg::of_text(vm.to_str(value));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding: `+` is a space, `%XX` a byte; a `%`
// not followed by two hex digits is kept as it is.
std::string url_decode(std::string_view encoded) {
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < encoded.size() && hex_digit(encoded[i + 1]) >= 0 && hex_digit(encoded[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(encoded[i + 1]) * 16 + hex_digit(encoded[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

void register_numbers(Vm& vm) {
  vm.register_method("Str", "to_int", [](Vm&, const Args& args) {
    return Value::integer(parse_int_text(self_text(args)));
  }, 0, 0);
  vm.register_method("Str", "to_float", [](Vm&, const Args& args) {
    return Value::number(parse_float_text(self_text(args)));
  }, 0, 0);
  vm.register_method("Str", "ord", [](Vm&, const Args& args) {
    const std::string& text = self_text(args);
    if (text.empty()) throw_error("ValueErr", "ord requires non-empty string");
    size_t pos = 0;
    return Value::integer(static_cast<int64_t>(text::next_code_point(text, pos)));
  }, 0, 0);
}

void register_text_builders(Vm& vm) {
  vm.register_method("Str", "bytes", [](Vm&, const Args& args) { return make_bytes(self_text(args)); }, 0, 0);
  vm.register_method("Str", "fmt", [](Vm& vm, const Args& args) {
    std::vector<text::FormatArg> values;
    for (const Value& value : args.positional()) values.push_back(format_arg(vm, value));
    try {
      return make_str(text::format_template(self_text(args), values));
    } catch (const text::FormatError& error) {
      throw_error("ValueErr", error.what());
    }
  }, 0, kVariadic);
  vm.register_method("Str", "_url_decode", [](Vm&, const Args& args) {
    return make_str(url_decode(self_text(args)));
  }, 0, 0);
}

}  // namespace

void register_str_conversion_methods(Vm& vm) {
  register_numbers(vm);
  register_text_builders(vm);
}

}  // namespace quest
