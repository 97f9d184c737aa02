// std/encoding/json: parse/try_parse/is_valid, stringify/stringify_pretty, file helpers,
// dot-path access (get/set/contains), merge and a JSON Schema subset (validate).
#include <fstream>
#include <sstream>

#include "quest/json.hpp"
#include "json_schema.hpp"
#include "std_support.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

Value parse_or_raise(const std::string& text, const char* fn) {
  json::ParseResult parsed = json::parse(text);
  if (!parsed.ok) throw_error("ValueErr", std::string(fn) + ": invalid JSON: " + parsed.error);
  return parsed.value;
}

std::string read_file(const std::string& path, const char* fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error("IOErr", std::string(fn) + ": cannot open '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// One step of a dot path: a Dict key, or an Array index for numeric segments.
const Value* step(const Value& current, const std::string& segment) {
  if (current.is_dict()) return current.as_dict().find(segment);
  if (current.is_array() && !segment.empty() && text::all_chars(segment, text::is_digit) && segment.size() < 12) {
    const size_t index = std::stoul(segment);
    const auto& items = current.as_array().items;
    return index < items.size() ? &items[index] : nullptr;
  }
  return nullptr;
}

const Value* lookup(const Value& data, const std::string& path) {
  const Value* current = &data;
  for (const std::string& segment : text::split(path, ".")) {
    current = step(*current, segment);
    if (!current) return nullptr;
  }
  return current;
}

// Creates missing intermediate Dicts; a non-Dict in the way is a TypeErr.
void assign_path(const Value& data, const std::string& path, const Value& value) {
  const std::vector<std::string> segments = text::split(path, ".");
  Value current = data;
  for (size_t i = 0; i + 1 < segments.size(); ++i) {
    if (!current.is_dict()) throw_error("TypeErr", "set: '" + segments[i] + "' is inside a " + type_name_of(current) + ", not a Dict");
    DictObj& dict = current.as_dict();
    if (!dict.find(segments[i])) dict.set(segments[i], make_dict());
    Value next = *dict.find(segments[i]);
    current = next;
  }
  if (!current.is_dict()) throw_error("TypeErr", "set: cannot set '" + segments.back() + "' on a " + type_name_of(current));
  current.as_dict().set(segments.back(), value);
}

Value merged(const DictObj& base, const DictObj& overlay, bool deep) {
  Value result = make_dict();
  DictObj& out = result.as_dict();
  base.for_each([&](const std::string& key, const Value& value) { out.set(key, value); });
  overlay.for_each([&](const std::string& key, const Value& value) {
    const Value* existing = out.find(key);
    if (deep && existing && existing->is_dict() && value.is_dict()) {
      Value nested = merged(existing->as_dict(), value.as_dict(), true);
      out.set(key, nested);
    } else {
      out.set(key, value);
    }
  });
  return result;
}

void register_parsing(ModuleBuilder& module) {
  module.function("parse", [](Vm&, const Args& args) { return parse_or_raise(arg_str(args, 1, "parse"), "parse"); }, 1, 1);
  module.function("try_parse", [](Vm&, const Args& args) {
    json::ParseResult parsed = json::parse(arg_str(args, 1, "try_parse"));
    return parsed.ok ? parsed.value : Value::nil();
  }, 1, 1);
  module.function("is_valid", [](Vm&, const Args& args) {
    return Value::boolean(json::parse(arg_str(args, 1, "is_valid")).ok);
  }, 1, 1);
  module.function("parse_file", [](Vm&, const Args& args) {
    return parse_or_raise(read_file(arg_str(args, 1, "parse_file"), "parse_file"), "parse_file");
  }, 1, 1);
}

void register_writing(ModuleBuilder& module) {
  module.function("stringify", [](Vm& vm, const Args& args) {
    return make_str(json::stringify(vm, arg_any(args, 1, "stringify"), opt_bool(args, 2, "stringify", false) ? 2 : -1));
  }, 1, 2);
  module.function("stringify_pretty", [](Vm& vm, const Args& args) {
    const int64_t indent = opt_int(args, 2, "stringify_pretty", 2);
    if (indent < 0 || indent > 16) throw_error("ValueErr", "stringify_pretty: indent must be 0..16");
    return make_str(json::stringify(vm, arg_any(args, 1, "stringify_pretty"), static_cast<int>(indent)));
  }, 1, 2);
  module.function("to_file", [](Vm& vm, const Args& args) {
    const std::string text = json::stringify(vm, arg_any(args, 1, "to_file"), opt_bool(args, 3, "to_file", false) ? 2 : -1);
    const std::string& path = arg_str(args, 2, "to_file");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text)) throw_error("IOErr", "to_file: cannot write '" + path + "'");
    return Value::nil();
  }, 2, 3);
}

void register_paths(ModuleBuilder& module) {
  module.function("get", [](Vm&, const Args& args) {
    const Value* found = lookup(arg_any(args, 1, "get"), arg_str(args, 2, "get"));
    return found ? *found : (args.size() > 2 ? args[2] : Value::nil());
  }, 2, 3);
  module.function("contains", [](Vm&, const Args& args) {
    return Value::boolean(lookup(arg_any(args, 1, "contains"), arg_str(args, 2, "contains")) != nullptr);
  }, 2, 2);
  module.function("set", [](Vm&, const Args& args) {
    arg_dict(args, 1, "set");
    assign_path(args[0], arg_str(args, 2, "set"), arg_any(args, 3, "set"));
    return args[0];
  }, 3, 3);
  module.function("merge", [](Vm&, const Args& args) {
    return merged(arg_dict(args, 1, "merge"), arg_dict(args, 2, "merge"), opt_bool(args, 3, "merge", false));
  }, 2, 3);
  module.function("validate", [](Vm& vm, const Args& args) {
    return Value::boolean(json::validate(vm, arg_any(args, 1, "validate"), arg_dict(args, 2, "validate")));
  }, 2, 2);
  module.function("is_object", [](Vm&, const Args& args) { return Value::boolean(arg_any(args, 1, "is_object").is_dict()); }, 1, 1);
  module.function("is_array", [](Vm&, const Args& args) { return Value::boolean(arg_any(args, 1, "is_array").is_array()); }, 1, 1);
}

void build(Vm&, ModuleBuilder& module) {
  module.doc("JSON parsing and serialization (RapidJSON).");
  register_parsing(module);
  register_writing(module);
  register_paths(module);
}

}  // namespace

void register_json_module(Vm& vm) { vm.register_native_module("std/encoding/json", build); }

}  // namespace quest
