// Built-in global functions: puts, print, chr, ord, is_* predicates.
#include "builtin_helpers.hpp"
#include "str_text.hpp"
#include "builtin_registry.hpp"

namespace quest {

static std::string joined(Vm& vm, const Args& args) {
  std::string out;
  for (const Value& v : args.positional()) out += vm.to_str(v);
  return out;
}

// First code point of a UTF-8 string.
std::int64_t first_code_point(const std::string& s) {
  if (s.empty()) return 0;
  unsigned char c = static_cast<unsigned char>(s[0]);
  int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  std::int64_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int i = 1; i < len && i < static_cast<int>(s.size()); ++i) cp = (cp << 6) | (s[i] & 0x3F);
  return cp;
}

void register_global_functions(Vm& vm) {
  vm.register_function("puts", [](Vm& vm, const Args& args) {
    vm.write_out(joined(vm, args) + "\n");
    return Value();
  }, 0, kVariadic);
  vm.register_function("print", [](Vm& vm, const Args& args) {
    vm.write_out(joined(vm, args));
    return Value();
  }, 0, kVariadic);
  vm.register_function("chr", [](Vm&, const Args& args) {
    std::int64_t cp = arg_int(args, 1, "chr");
    if (cp < 0 || cp > 0x10FFFF) throw_error("ValueErr", "chr: code point out of range: " + std::to_string(cp));
    std::string out;
    text::append_utf8(out, cp);
    return make_str(out);
  }, 1, 1);
  vm.register_function("ord", [](Vm&, const Args& args) {
    const std::string& s = arg_str(args, 1, "ord");
    if (s.empty()) throw_error("ValueErr", "ord: empty string");
    return Value::integer(first_code_point(s));
  }, 1, 1);
  struct Predicate {
    const char* name;
    bool (*test)(const Value&);
  };
  static const Predicate predicates[] = {
      {"is_array", [](const Value& v) { return v.is_array(); }},
      {"is_dict", [](const Value& v) { return v.is_dict(); }},
      {"is_str", [](const Value& v) { return v.is_str(); }},
      {"is_int", [](const Value& v) { return v.is_int(); }},
      {"is_float", [](const Value& v) { return v.is_float(); }},
  };
  for (const Predicate& p : predicates) {
    auto test = p.test;
    vm.register_function(p.name, [test](Vm&, const Args& args) { return Value::boolean(test(args[0])); }, 1, 1);
  }
}

}  // namespace quest
