// Methods of Dict (insertion-ordered, Str keys). set/remove return new dicts and leave the
// receiver unchanged, as types/dicts.md documents; `d[k] = v` mutates in place.
#include "builtin_helpers.hpp"
#include "builtin_registry.hpp"

namespace quest {

namespace {

DictObj& dict(const Args& a) { return a.self().as_dict(); }

Ref<DictObj> copy_of(const DictObj& d) {
  auto out = make_ref<DictObj>();
  d.for_each([&](const std::string& k, const Value& v) { out->set(k, v); });
  return out;
}

}  // namespace

void register_dict_methods(Vm& vm) {
  vm.register_method("Dict", "len", [](Vm&, const Args& a) { return Value::integer(static_cast<std::int64_t>(dict(a).size())); }, 0, 0);
  vm.register_method("Dict", "empty", [](Vm&, const Args& a) { return Value::boolean(dict(a).size() == 0); }, 0, 0);
  vm.register_method("Dict", "keys", [](Vm&, const Args& a) {
    std::vector<Value> out;
    dict(a).for_each([&](const std::string& k, const Value&) { out.push_back(make_str(k)); });
    return make_array(std::move(out));
  }, 0, 0);
  vm.register_method("Dict", "values", [](Vm&, const Args& a) {
    std::vector<Value> out;
    dict(a).for_each([&](const std::string&, const Value& v) { out.push_back(v); });
    return make_array(std::move(out));
  }, 0, 0);
  vm.register_method("Dict", "items", [](Vm&, const Args& a) {
    std::vector<Value> out;
    dict(a).for_each([&](const std::string& k, const Value& v) { out.push_back(make_array({make_str(k), v})); });
    return make_array(std::move(out));
  }, 0, 0);
  vm.register_method("Dict", "contains", [](Vm&, const Args& a) {
    return Value::boolean(dict(a).contains(arg_str(a, 1, "contains")));
  }, 1, 1);
  vm.register_method("Dict", "has", [](Vm&, const Args& a) {
    return Value::boolean(dict(a).contains(arg_str(a, 1, "has")));
  }, 1, 1);
  vm.register_method("Dict", "get", [](Vm&, const Args& a) {
    const Value* v = dict(a).find(arg_str(a, 1, "get"));
    return v ? *v : a[1];
  }, 1, 2);
  vm.register_method("Dict", "set", [](Vm&, const Args& a) {
    Ref<DictObj> out = copy_of(dict(a));
    out->set(arg_str(a, 1, "set"), a[1]);
    return Value(out);
  }, 2, 2);
  vm.register_method("Dict", "remove", [](Vm&, const Args& a) {
    Ref<DictObj> out = copy_of(dict(a));
    out->remove(arg_str(a, 1, "remove"));
    return Value(out);
  }, 1, 1);
  vm.register_method("Dict", "delete", [](Vm&, const Args& a) {
    return Value::boolean(dict(a).remove(arg_str(a, 1, "delete")));
  }, 1, 1);
  vm.register_method("Dict", "clear", [](Vm&, const Args& a) {
    dict(a).clear();
    return a.self();
  }, 0, 0);
  vm.register_method("Dict", "clone", [](Vm&, const Args& a) { return Value(copy_of(dict(a))); }, 0, 0);
  vm.register_method("Dict", "merge", [](Vm&, const Args& a) {
    Ref<DictObj> out = copy_of(dict(a));
    arg_dict(a, 1, "merge").for_each([&](const std::string& k, const Value& v) { out->set(k, v); });
    return Value(out);
  }, 1, 1);
  vm.register_method("Dict", "each", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "each");
    Ref<DictObj> keep(&dict(a));
    const auto& entries = keep->entries();
    for (std::size_t i = 0; i < keep->entries().size(); ++i)
      if (entries[i].live) call2(interp(vm), fn, make_str(entries[i].key), entries[i].value);
    return Value();
  }, 1, 1);
}

}  // namespace quest
