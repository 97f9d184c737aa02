// Methods of the built-in Uuid type. Uuid values are created by
// std/uuid (runtime/std/uuid_module.cpp); both sides share UuidObject.
#include "builtin_registry.hpp"
#include "quest/vm.hpp"
#include "uuid_value.hpp"

namespace quest {

namespace {

const UuidBytes& self_uuid(const Args& args, const char* method) {
  return self_native<UuidObject>(args, method, "Uuid").bytes();
}

using UuidToText = std::string (*)(const UuidBytes&);

void register_text_form(Vm& vm, const std::string& name, UuidToText render) {
  vm.register_method("Uuid", name, [render, name](Vm&, const Args& args) {
    return make_str(render(self_uuid(args, name.c_str())));
  }, 0, 0);
}

std::string urn(const UuidBytes& bytes) { return "urn:uuid:" + uuid::hyphenated(bytes); }

bool same_uuid(const Args& args, const char* method) {
  const UuidObject* other = arg_any(args, 1, method).native_as<UuidObject>();
  return other != nullptr && other->bytes() == self_uuid(args, method);
}

}  // namespace

void register_uuid_methods(Vm& vm) {
  vm.define_class("Uuid", "A 128-bit universally unique identifier (RFC 4122 / RFC 9562).");
  register_text_form(vm, "to_string", uuid::hyphenated);
  register_text_form(vm, "str", uuid::hyphenated);
  register_text_form(vm, "to_hyphenated", uuid::hyphenated);
  register_text_form(vm, "to_simple", uuid::simple);
  register_text_form(vm, "to_urn", urn);
  vm.register_method("Uuid", "to_bytes", [](Vm&, const Args& args) {
    const UuidBytes& bytes = self_uuid(args, "to_bytes");
    return make_bytes(std::string(bytes.begin(), bytes.end()));
  }, 0, 0);
  vm.register_method("Uuid", "version", [](Vm&, const Args& args) {
    return Value::integer(uuid::version(self_uuid(args, "version")));
  }, 0, 0);
  vm.register_method("Uuid", "variant", [](Vm&, const Args& args) {
    return make_str(uuid::variant(self_uuid(args, "variant")));
  }, 0, 0);
  vm.register_method("Uuid", "is_nil", [](Vm&, const Args& args) {
    return Value::boolean(uuid::is_nil(self_uuid(args, "is_nil")));
  }, 0, 0);
  vm.register_method("Uuid", "eq", [](Vm&, const Args& args) {
    return Value::boolean(same_uuid(args, "eq"));
  }, 1, 1);
  vm.register_method("Uuid", "neq", [](Vm&, const Args& args) {
    return Value::boolean(!same_uuid(args, "neq"));
  }, 1, 1);
}

}  // namespace quest
