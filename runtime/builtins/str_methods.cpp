// Methods of the built-in Str type: case, classification,
// trimming, searching, splitting and slicing. Conversions live in
// str_convert_methods.cpp, encodings and digests in str_codec_methods.cpp.
//
// Lengths are in bytes (`len`), positions in chars (`slice`, `index_of`), like upstream.
#include "builtin_registry.hpp"
#include "quest/vm.hpp"
#include "str_methods.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

using TextMap = std::string (*)(std::string_view);
using TextTest = bool (*)(std::string_view);

void register_mapping(Vm& vm, const std::string& name, TextMap map) {
  vm.register_method("Str", name, [map](Vm&, const Args& args) {
    return make_str(map(self_text(args)));
  }, 0, 0);
}

void register_test(Vm& vm, const std::string& name, TextTest test) {
  vm.register_method("Str", name, [test](Vm&, const Args& args) {
    return Value::boolean(test(self_text(args)));
  }, 0, 0);
}

bool all_digits(std::string_view text) { return text::all_chars(text, text::is_digit); }
bool all_alpha(std::string_view text) { return text::all_chars(text, text::is_alpha); }
bool all_space(std::string_view text) { return text::all_chars(text, text::is_space); }

void register_case_and_classes(Vm& vm) {
  register_mapping(vm, "upper", text::to_upper);
  register_mapping(vm, "lower", text::to_lower);
  register_mapping(vm, "capitalize", text::capitalize);
  register_mapping(vm, "title", text::title_case);
  register_mapping(vm, "trim", text::trim);
  register_mapping(vm, "ltrim", text::trim_left);
  register_mapping(vm, "rtrim", text::trim_right);
  register_test(vm, "isalnum", text::is_alnum_text);
  register_test(vm, "isalpha", all_alpha);
  register_test(vm, "isascii", text::is_ascii_text);
  register_test(vm, "isdigit", all_digits);
  register_test(vm, "isnumeric", all_digits);
  register_test(vm, "isdecimal", all_digits);
  register_test(vm, "islower", text::is_lower_text);
  register_test(vm, "isupper", text::is_upper_text);
  register_test(vm, "isspace", all_space);
  register_test(vm, "istitle", text::is_title_text);
}

void register_affix_tests(Vm& vm) {
  auto starts = [](Vm&, const Args& args) {
    return Value::boolean(self_text(args).starts_with(arg_str(args, 1, "startswith")));
  };
  auto ends = [](Vm&, const Args& args) {
    return Value::boolean(self_text(args).ends_with(arg_str(args, 1, "endswith")));
  };
  vm.register_method("Str", "startswith", starts, 1, 1);
  vm.register_method("Str", "starts_with", starts, 1, 1);
  vm.register_method("Str", "endswith", ends, 1, 1);
  vm.register_method("Str", "ends_with", ends, 1, 1);
  vm.register_method("Str", "contains", [](Vm&, const Args& args) {
    return Value::boolean(self_text(args).find(arg_str(args, 1, "contains")) != std::string::npos);
  }, 1, 1);
  // Char index of the first occurrence, -1 when absent.
  vm.register_method("Str", "index_of", [](Vm&, const Args& args) {
    const std::string& text = self_text(args);
    const size_t hit = text.find(arg_str(args, 1, "index_of"));
    if (hit == std::string::npos) return Value::integer(-1);
    return Value::integer(static_cast<int64_t>(text::char_count(std::string_view(text).substr(0, hit))));
  }, 1, 1);
  vm.register_method("Str", "count", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(text::count_occurrences(self_text(args), arg_str(args, 1, "count"))));
  }, 1, 1);
}

Value string_array(const std::vector<std::string>& parts) {
  std::vector<Value> items;
  items.reserve(parts.size());
  for (const std::string& part : parts) items.push_back(make_str(part));
  return make_array(std::move(items));
}

void register_pieces(Vm& vm) {
  vm.register_method("Str", "split", [](Vm&, const Args& args) {
    return string_array(text::split(self_text(args), arg_str(args, 1, "split")));
  }, 1, 1);
  vm.register_method("Str", "slice", [](Vm&, const Args& args) {
    return make_str(text::slice_chars(self_text(args), arg_int(args, 1, "slice"), arg_int(args, 2, "slice")));
  }, 2, 2);
  vm.register_method("Str", "replace", [](Vm&, const Args& args) {
    return make_str(text::replace_all(self_text(args), arg_str(args, 1, "replace"), arg_str(args, 2, "replace")));
  }, 2, 2);
  vm.register_method("Str", "expandtabs", [](Vm&, const Args& args) {
    return make_str(text::expand_tabs(self_text(args), opt_int(args, 1, "expandtabs", 8)));
  }, 0, 1);
  vm.register_method("Str", "len", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(self_text(args).size()));
  }, 0, 0);
  vm.register_method("Str", "concat", [](Vm& vm, const Args& args) {
    return make_str(self_text(args) + vm.to_str(arg_any(args, 1, "concat")));
  }, 1, 1);
  vm.register_method("Str", "repeat", [](Vm&, const Args& args) {
    const int64_t times = arg_int(args, 1, "repeat");
    const std::string& text = self_text(args);
    if (times < 0) throw_error("ValueErr", "repeat: count must not be negative, got " + std::to_string(times));
    if (!text.empty() && static_cast<uint64_t>(times) > (std::string().max_size() / 4) / text.size()) {
      throw_error("ValueErr", "repeat: result would be too large");
    }
    std::string out;
    out.reserve(text.size() * static_cast<size_t>(times));
    for (int64_t i = 0; i < times; ++i) out += text;
    return make_str(std::move(out));
  }, 1, 1);
}

void register_comparisons(Vm& vm) {
  vm.register_method("Str", "eq", [](Vm&, const Args& args) {
    const Value& other = arg_any(args, 1, "eq");
    return Value::boolean(other.is_str() && other.as_str() == self_text(args));
  }, 1, 1);
  vm.register_method("Str", "neq", [](Vm&, const Args& args) {
    const Value& other = arg_any(args, 1, "neq");
    return Value::boolean(!(other.is_str() && other.as_str() == self_text(args)));
  }, 1, 1);
}

}  // namespace

const std::string& self_text(const Args& args) {
  if (!args.self().is_str()) throw_error("TypeErr", "Str method called on " + type_name_of(args.self()));
  return args.self().as_str();
}

void register_str_methods(Vm& vm) {
  register_case_and_classes(vm);
  register_affix_tests(vm);
  register_pieces(vm);
  register_comparisons(vm);
  register_str_conversion_methods(vm);
  register_str_codec_methods(vm);
}

}  // namespace quest
