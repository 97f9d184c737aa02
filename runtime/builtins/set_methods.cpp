// Set: an insertion-ordered collection of unique Int/Float/Str/Bool/Nil values, built
// with `Set.new(array)`. Written against the public embedding API only.
#include <algorithm>

#include "builtin_registry.hpp"
#include "quest/vm.hpp"

namespace quest {

namespace {

// Canonical key of a hashable value; 1 and 1.0 are the same element, as `==` says.
std::string tagged(char tag, std::string_view text) {
  std::string key(1, tag);
  key.append(text);
  return key;
}

std::string element_key(Vm& vm, const Value& v, std::string_view fn) {
  if (v.is_nil()) return "n";
  if (v.is_bool()) return v.as_bool() ? "t" : "f";
  if (v.is_int()) return tagged('#', std::to_string(v.as_int()));
  if (v.is_float()) {
    double d = v.as_float();
    if (d == static_cast<double>(static_cast<std::int64_t>(d)))
      return tagged('#', std::to_string(static_cast<std::int64_t>(d)));
    return tagged('#', vm.to_str(v));
  }
  if (v.is_str()) return tagged('s', v.as_str());
  std::string message(fn);
  message.append(": Set elements must be Int, Float, Str, Bool or Nil, got ");
  message.append(type_name_of(v));
  throw_error("TypeErr", message);
}

// The elements live in a DictObj keyed by element_key: it already keeps insertion order
// and removes in amortised O(1).
class SetObject final : public NativeObject {
 public:
  explicit SetObject(const NativeClass* cls) : NativeObject(cls) {}
  bool truthy() const override { return members.size() != 0; }

  bool contains(const std::string& key) const { return members.contains(key); }
  void add(const std::string& key, const Value& v) {
    if (!contains(key)) members.set(key, v);
  }
  bool remove(const std::string& key) { return members.remove(key); }
  // The elements in insertion order.
  std::vector<Value> items() const {
    std::vector<Value> out;
    out.reserve(members.size());
    members.for_each([&](const std::string&, const Value& v) { out.push_back(v); });
    return out;
  }

  DictObj members;
};

Ref<SetObject> new_set(Vm& vm) { return make_ref<SetObject>(vm.native_class("Set")); }

SetObject& self_set(const Args& a, std::string_view fn) { return self_native<SetObject>(a, fn, "Set"); }

// The elements of a Set or Array argument.
std::vector<Value> elements_of(const Args& a, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(a, pos, fn);
  if (SetObject* s = v.native_as<SetObject>()) return s->items();
  if (v.is_array()) return v.as_array().items;
  throw_arg_type(a, pos, fn, "Set or Array");
}

Ref<SetObject> set_from(Vm& vm, const std::vector<Value>& values, std::string_view fn) {
  Ref<SetObject> out = new_set(vm);
  for (const Value& v : values) out->add(element_key(vm, v, fn), v);
  return out;
}

std::string display(Vm& vm, const SetObject& s) {
  std::string out = "Set{";
  bool first = true;
  s.members.for_each([&](const std::string&, const Value& v) {
    if (!first) out += ", ";
    first = false;
    out += vm.repr(v);
  });
  return out + "}";
}

void register_queries(Vm& vm) {
  vm.register_method("Set", "len", [](Vm&, const Args& a) {
    return Value::integer(static_cast<std::int64_t>(self_set(a, "len").members.size()));
  }, 0, 0);
  vm.register_method("Set", "empty", [](Vm&, const Args& a) { return Value::boolean(self_set(a, "empty").members.size() == 0); }, 0, 0);
  vm.register_method("Set", "contains", [](Vm& vm, const Args& a) {
    return Value::boolean(self_set(a, "contains").contains(element_key(vm, arg_any(a, 1, "contains"), "contains")));
  }, 1, 1);
  // Upstream sorts to_array() as well as sorted(): set order is never observable.
  // Elements that cannot be compared (Int with Str) stay in insertion order.
  auto sorted_items = [](Vm& vm, const Args& a) {
    Value array = make_array(self_set(a, "to_array").items());
    try {
      return vm.call_method(array, "sorted", {});
    } catch (const QuestError&) {
      return array;
    }
  };
  vm.register_method("Set", "to_array", sorted_items, 0, 0);
  vm.register_method("Set", "sorted", sorted_items, 0, 0);
  vm.register_method("Set", "str", [](Vm& vm, const Args& a) { return make_str(display(vm, self_set(a, "str"))); }, 0, 0);
  vm.register_method("Set", "_rep", [](Vm& vm, const Args& a) { return make_str(display(vm, self_set(a, "_rep"))); }, 0, 0);
}

void register_mutators(Vm& vm) {
  vm.register_method("Set", "add", [](Vm& vm, const Args& a) {
    self_set(a, "add").add(element_key(vm, arg_any(a, 1, "add"), "add"), a[0]);
    return Value();
  }, 1, 1);
  vm.register_method("Set", "remove", [](Vm& vm, const Args& a) {
    const Value& v = arg_any(a, 1, "remove");
    if (!self_set(a, "remove").remove(element_key(vm, v, "remove")))
      throw_error("KeyErr", "remove: " + vm.repr(v) + " is not in the set");
    return Value();
  }, 1, 1);
  vm.register_method("Set", "discard", [](Vm& vm, const Args& a) {
    return Value::boolean(self_set(a, "discard").remove(element_key(vm, arg_any(a, 1, "discard"), "discard")));
  }, 1, 1);
  vm.register_method("Set", "clear", [](Vm&, const Args& a) {
    self_set(a, "clear").members.clear();
    return Value();
  }, 0, 0);
  vm.register_method("Set", "pop", [](Vm&, const Args& a) {
    SetObject& s = self_set(a, "pop");
    if (s.members.size() == 0) throw_error("RuntimeErr", "pop from an empty set");  // upstream's type
    auto& entries = s.members.entries();
    auto last = std::find_if(entries.rbegin(), entries.rend(), [](const DictObj::Entry& e) { return e.live; });
    Value v = last->value;
    s.remove(std::string(last->key));  // a copy: removal may compact the entries
    return v;
  }, 0, 0);
}

void register_algebra(Vm& vm) {
  vm.register_method("Set", "union", [](Vm& vm, const Args& a) {
    std::vector<Value> all = self_set(a, "union").items();
    for (const Value& v : elements_of(a, 1, "union")) all.push_back(v);
    return Value(set_from(vm, all, "union"));
  }, 1, 1);
  vm.register_method("Set", "intersection", [](Vm& vm, const Args& a) {
    Ref<SetObject> other = set_from(vm, elements_of(a, 1, "intersection"), "intersection");
    Ref<SetObject> out = new_set(vm);
    for (const Value& v : self_set(a, "intersection").items()) {
      std::string key = element_key(vm, v, "intersection");
      if (other->contains(key)) out->add(key, v);
    }
    return Value(out);
  }, 1, 1);
  vm.register_method("Set", "difference", [](Vm& vm, const Args& a) {
    Ref<SetObject> other = set_from(vm, elements_of(a, 1, "difference"), "difference");
    Ref<SetObject> out = new_set(vm);
    for (const Value& v : self_set(a, "difference").items()) {
      std::string key = element_key(vm, v, "difference");
      if (!other->contains(key)) out->add(key, v);
    }
    return Value(out);
  }, 1, 1);
  vm.register_method("Set", "symmetric_difference", [](Vm& vm, const Args& a) {
    SetObject& self = self_set(a, "symmetric_difference");
    Ref<SetObject> other = set_from(vm, elements_of(a, 1, "symmetric_difference"), "symmetric_difference");
    Ref<SetObject> out = new_set(vm);
    for (const Value& v : self.items()) {
      std::string key = element_key(vm, v, "symmetric_difference");
      if (!other->contains(key)) out->add(key, v);
    }
    for (const Value& v : other->items()) {
      std::string key = element_key(vm, v, "symmetric_difference");
      if (!self.contains(key)) out->add(key, v);
    }
    return Value(out);
  }, 1, 1);
  vm.register_method("Set", "is_subset", [](Vm& vm, const Args& a) {
    Ref<SetObject> other = set_from(vm, elements_of(a, 1, "is_subset"), "is_subset");
    for (const Value& v : self_set(a, "is_subset").items())
      if (!other->contains(element_key(vm, v, "is_subset"))) return Value::boolean(false);
    return Value::boolean(true);
  }, 1, 1);
  vm.register_method("Set", "is_superset", [](Vm& vm, const Args& a) {
    SetObject& self = self_set(a, "is_superset");
    for (const Value& v : elements_of(a, 1, "is_superset"))
      if (!self.contains(element_key(vm, v, "is_superset"))) return Value::boolean(false);
    return Value::boolean(true);
  }, 1, 1);
  vm.register_method("Set", "is_disjoint", [](Vm& vm, const Args& a) {
    SetObject& self = self_set(a, "is_disjoint");
    for (const Value& v : elements_of(a, 1, "is_disjoint"))
      if (self.contains(element_key(vm, v, "is_disjoint"))) return Value::boolean(false);
    return Value::boolean(true);
  }, 1, 1);
}

}  // namespace

void register_set_methods(Vm& vm) {
  vm.define_class("Set", "An unordered collection of unique values: Set.new([1, 2, 3])");
  register_queries(vm);
  register_mutators(vm);
  register_algebra(vm);
  vm.register_static_method("Set", "new", [](Vm& vm, const Args& a) {
    if (a.empty() || a[0].is_nil()) return Value(new_set(vm));
    return Value(set_from(vm, elements_of(a, 1, "Set.new"), "Set.new"));
  }, 0, 1);
  vm.register_global("Set", vm.class_value("Set"));
}

}  // namespace quest
