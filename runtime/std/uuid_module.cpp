// std/uuid: v1, v3, v4, v5, v6, v7, v8 generators, parse, from_bytes, nil_uuid and
// the RFC 4122 namespaces. The Uuid type and its methods live in builtins/uuid_*.
#include "std_support.hpp"
#include "uuid_value.hpp"

namespace quest {

namespace {

Value make_uuid(Vm& vm, const UuidBytes& bytes) {
  return Value(make_ref<UuidObject>(vm.native_class("Uuid"), bytes));
}

UuidBytes namespace_constant(const char* text) { return *uuid::parse(text); }

const UuidBytes& arg_uuid(const Args& args, size_t pos, const char* fn) {
  return arg_native<UuidObject>(args, pos, fn, "Uuid").bytes();
}

std::string optional_node(const Args& args, const char* fn) {
  if (args.size() == 0 || args[0].is_nil()) return "";
  const std::string& node = arg_bytes(args, 1, fn).data;
  if (node.size() != 6) throw_error("ValueErr", std::string(fn) + ": node id must be 6 bytes, got " + std::to_string(node.size()));
  return node;
}

void register_generators(ModuleBuilder& module) {
  module.function("v1", [](Vm& vm, const Args& args) { return make_uuid(vm, uuid::v1(optional_node(args, "v1"))); }, 0, 1);
  module.function("v6", [](Vm& vm, const Args& args) { return make_uuid(vm, uuid::v6(optional_node(args, "v6"))); }, 0, 1);
  module.function("v4", [](Vm& vm, const Args&) { return make_uuid(vm, uuid::v4()); }, 0, 0);
  module.function("v7", [](Vm& vm, const Args&) { return make_uuid(vm, uuid::v7()); }, 0, 0);
  module.function("v3", [](Vm& vm, const Args& args) {
    return make_uuid(vm, uuid::v3(arg_uuid(args, 1, "v3"), arg_data(args, 2, "v3")));
  }, 2, 2);
  module.function("v5", [](Vm& vm, const Args& args) {
    return make_uuid(vm, uuid::v5(arg_uuid(args, 1, "v5"), arg_data(args, 2, "v5")));
  }, 2, 2);
  module.function("v8", [](Vm& vm, const Args& args) {
    const std::optional<UuidBytes> custom = uuid::from_raw(arg_bytes(args, 1, "v8").data);
    if (!custom) throw_error("ValueErr", "v8: data must be exactly 16 bytes");
    return make_uuid(vm, uuid::v8(*custom));
  }, 1, 1);
}

void register_constructors(ModuleBuilder& module) {
  module.function("nil_uuid", [](Vm& vm, const Args&) { return make_uuid(vm, UuidBytes{}); }, 0, 0);
  module.function("parse", [](Vm& vm, const Args& args) {
    const std::string& text = arg_str(args, 1, "parse");
    const std::optional<UuidBytes> parsed = uuid::parse(text);
    if (!parsed) throw_error("ValueErr", "Invalid UUID string: '" + text + "'");
    return make_uuid(vm, *parsed);
  }, 1, 1);
  module.function("from_bytes", [](Vm& vm, const Args& args) {
    const std::string& raw = arg_bytes(args, 1, "from_bytes").data;
    const std::optional<UuidBytes> bytes = uuid::from_raw(raw);
    if (!bytes) throw_error("ValueErr", "from_bytes: UUID needs exactly 16 bytes, got " + std::to_string(raw.size()));
    return make_uuid(vm, *bytes);
  }, 1, 1);
}

void build(Vm& vm, ModuleBuilder& module) {
  module.doc("RFC 4122 / RFC 9562 UUIDs: versions 1, 3, 4, 5, 6, 7 and 8.");
  register_generators(module);
  register_constructors(module);
  module.value("NAMESPACE_DNS", make_uuid(vm, namespace_constant("6ba7b810-9dad-11d1-80b4-00c04fd430c8")));
  module.value("NAMESPACE_URL", make_uuid(vm, namespace_constant("6ba7b811-9dad-11d1-80b4-00c04fd430c8")));
  module.value("NAMESPACE_OID", make_uuid(vm, namespace_constant("6ba7b812-9dad-11d1-80b4-00c04fd430c8")));
  module.value("NAMESPACE_X500", make_uuid(vm, namespace_constant("6ba7b814-9dad-11d1-80b4-00c04fd430c8")));
}

}  // namespace

void register_uuid_module(Vm& vm) { vm.register_native_module("std/uuid", build); }

}  // namespace quest
