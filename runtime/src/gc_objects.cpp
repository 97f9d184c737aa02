// The cycle collector's hooks for the interpreter's own heap objects: visit_refs reports
// every reference an object owns, clear_refs drops them (see CollectableObject in
// quest/value.hpp). Each clear moves the references out first and releases them after
// the object is already empty, so a destructor run by the release never sees it half
// cleared.
#include "interp_objects.hpp"

namespace quest {

void EnvObj::visit_refs(const RefVisitor& visit) const {
  visit(parent);
  for (std::uint32_t i = 0; i < count; ++i) visit(slots[i]);
}

void EnvObj::clear_refs() {
  Ref<EnvObj> doomed_parent = std::move(parent);
  for (std::uint32_t i = 0; i < count; ++i) {
    Value doomed = std::move(slots[i]);
  }
}

FunctionObj::FunctionObj(FunctionDecl* declaration, Ref<EnvObj> captured, TypeObj* owning_type)
    : CollectableObject(ObjKind::Function), decl(declaration), closure(std::move(captured)), owner(owning_type) {}

void FunctionObj::visit_refs(const RefVisitor& visit) const {
  visit(closure);
  visit(owner);
}

void FunctionObj::clear_refs() {
  Ref<EnvObj> doomed_closure = std::move(closure);
  Ref<TypeObj> doomed_owner = std::move(owner);
}

void BoundMethodObj::clear_refs() {
  Value doomed_receiver = std::move(receiver);
  Value doomed_function = std::move(function);
}

void TypeObj::visit_refs(const RefVisitor& visit) const {
  for (const auto& [name, fn] : methods) visit(fn);
  for (const auto& [name, fn] : static_methods) visit(fn);
  visit(defining_env);
}

void TypeObj::clear_refs() {
  auto doomed_methods = std::move(methods);
  auto doomed_statics = std::move(static_methods);
  Ref<EnvObj> doomed_env = std::move(defining_env);
  methods.clear();
  static_methods.clear();
}

void InstanceObj::clear_refs() {
  std::vector<Value> doomed_fields = std::move(fields);
  fields.clear();
  Ref<TypeObj> doomed_type = std::move(type);
}

void ModuleObj::clear_refs() {
  Ref<EnvObj> doomed_env = std::move(env);
  auto doomed_members = std::move(native_members);
  native_members.clear();
}

void ExceptionObj::clear_refs() {
  Value doomed_cause = std::move(cause);
  Value doomed_payload = std::move(payload);
}

}  // namespace quest
