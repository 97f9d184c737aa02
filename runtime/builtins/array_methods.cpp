// Methods of Array (mutating ones change the receiver in place, like upstream).
#include <algorithm>

#include "builtin_helpers.hpp"
#include "builtin_registry.hpp"

namespace quest {

namespace {

std::vector<Value>& items(const Args& a) { return a.self().as_array().items; }

std::int64_t checked_index(Interpreter& in, std::int64_t i, std::size_t size, bool allow_end = false) {
  std::int64_t n = static_cast<std::int64_t>(size);
  if (i < 0) i += n;
  if (i < 0 || i > n || (i == n && !allow_end))
    in.raise("IndexErr", "Array index out of bounds: " + std::to_string(i) + " (length " + std::to_string(n) + ")");
  return i;
}

// slice(start, end): negative indexes count from the end; bounds are clamped.
void clamp_range(std::int64_t n, std::int64_t& start, std::int64_t& end) {
  if (start < 0) start += n;
  if (end < 0) end += n;
  start = std::clamp<std::int64_t>(start, 0, n);
  end = std::clamp<std::int64_t>(end, 0, n);
  if (end < start) end = start;
}

void sort_values(Interpreter& in, std::vector<Value>& v, const Value& comparator) {
  if (comparator.is_nil()) {
    std::stable_sort(v.begin(), v.end(), [&](const Value& a, const Value& b) { return in.compare(a, b) < 0; });
    return;
  }
  std::stable_sort(v.begin(), v.end(), [&](const Value& a, const Value& b) {
    Value r = call2(in, comparator, a, b);
    if (r.is_bool()) return r.as_bool();
    return r.is_number() && r.as_number() < 0;
  });
}

Value call_each(Interpreter& in, const Value& fn, std::size_t arity, const Value& item, std::size_t index) {
  if (arity >= 2) return call2(in, fn, item, Value::integer(static_cast<std::int64_t>(index)));
  return call1(in, fn, item);
}

// Mutators that upstream gives no other result (push, unshift, insert, clear, reverse,
// sort) return the array itself, so calls chain; types/array.md says nil.
void register_mutators(Vm& vm) {
  vm.register_method("Array", "push", [](Vm&, const Args& a) {
    items(a).push_back(a[0]);
    return a.self();
  }, 1, 1);
  // Emptiness errors are RuntimeErr: upstream raises them as untyped messages.
  vm.register_method("Array", "pop", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    if (v.empty()) interp(vm).raise("RuntimeErr", "Cannot pop from empty array");
    Value last = std::move(v.back());
    v.pop_back();
    return last;
  }, 0, 0);
  vm.register_method("Array", "shift", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    if (v.empty()) interp(vm).raise("RuntimeErr", "Cannot shift from empty array");
    Value first = std::move(v.front());
    v.erase(v.begin());
    return first;
  }, 0, 0);
  vm.register_method("Array", "unshift", [](Vm&, const Args& a) {
    items(a).insert(items(a).begin(), a[0]);
    return a.self();
  }, 1, 1);
  vm.register_method("Array", "insert", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    std::int64_t i = checked_index(interp(vm), arg_int(a, 1, "insert"), v.size(), true);
    v.insert(v.begin() + i, a[1]);
    return a.self();
  }, 2, 2);
  vm.register_method("Array", "remove", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (vm.equals(v[i], a[0])) {
        v.erase(v.begin() + static_cast<long>(i));
        return Value::boolean(true);
      }
    return Value::boolean(false);
  }, 1, 1);
  vm.register_method("Array", "remove_at", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    std::int64_t i = checked_index(interp(vm), arg_int(a, 1, "remove_at"), v.size());
    Value removed = v[i];
    v.erase(v.begin() + i);
    return removed;
  }, 1, 1);
  vm.register_method("Array", "clear", [](Vm&, const Args& a) {
    items(a).clear();
    return a.self();
  }, 0, 0);
  vm.register_method("Array", "reverse", [](Vm&, const Args& a) {
    std::reverse(items(a).begin(), items(a).end());
    return a.self();
  }, 0, 0);
  vm.register_method("Array", "sort", [](Vm& vm, const Args& a) {
    sort_values(interp(vm), items(a), a[0]);
    return a.self();
  }, 0, 1);
}

void register_queries(Vm& vm) {
  vm.register_method("Array", "len", [](Vm&, const Args& a) { return Value::integer(static_cast<std::int64_t>(items(a).size())); }, 0, 0);
  vm.register_method("Array", "size", [](Vm&, const Args& a) { return Value::integer(static_cast<std::int64_t>(items(a).size())); }, 0, 0);
  vm.register_method("Array", "empty", [](Vm&, const Args& a) { return Value::boolean(items(a).empty()); }, 0, 0);
  vm.register_method("Array", "get", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    return v[checked_index(interp(vm), arg_int(a, 1, "get"), v.size())];
  }, 1, 1);
  vm.register_method("Array", "first", [](Vm& vm, const Args& a) {
    if (items(a).empty()) interp(vm).raise("RuntimeErr", "Cannot get first element of empty array");
    return items(a).front();
  }, 0, 0);
  vm.register_method("Array", "last", [](Vm& vm, const Args& a) {
    if (items(a).empty()) interp(vm).raise("RuntimeErr", "Cannot get last element of empty array");
    return items(a).back();
  }, 0, 0);
  vm.register_method("Array", "reversed", [](Vm&, const Args& a) {
    std::vector<Value> copy(items(a).rbegin(), items(a).rend());
    return make_array(std::move(copy));
  }, 0, 0);
  vm.register_method("Array", "sorted", [](Vm& vm, const Args& a) {
    std::vector<Value> copy = items(a);
    sort_values(interp(vm), copy, a[0]);
    return make_array(std::move(copy));
  }, 0, 1);
  vm.register_method("Array", "slice", [](Vm&, const Args& a) {
    auto& v = items(a);
    std::int64_t n = static_cast<std::int64_t>(v.size());
    std::int64_t start = arg_int(a, 1, "slice"), end = a.size() > 1 ? arg_int(a, 2, "slice") : n;
    clamp_range(n, start, end);
    return make_array(std::vector<Value>(v.begin() + start, v.begin() + end));
  }, 1, 2);
  vm.register_method("Array", "concat", [](Vm&, const Args& a) {
    std::vector<Value> out = items(a);
    const auto& other = arg_array(a, 1, "concat").items;
    out.insert(out.end(), other.begin(), other.end());
    return make_array(std::move(out));
  }, 1, 1);
  vm.register_method("Array", "join", [](Vm& vm, const Args& a) {
    std::string sep = opt_str(a, 1, "join", "");
    std::string out;
    bool first = true;
    for (const Value& v : items(a)) {
      if (!first) out += sep;
      first = false;
      out += vm.to_str(v);
    }
    return make_str(std::move(out));
  }, 0, 1);
  vm.register_method("Array", "contains", [](Vm& vm, const Args& a) {
    for (const Value& v : items(a))
      if (vm.equals(v, a[0])) return Value::boolean(true);
    return Value::boolean(false);
  }, 1, 1);
  vm.register_method("Array", "index_of", [](Vm& vm, const Args& a) {
    auto& v = items(a);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (vm.equals(v[i], a[0])) return Value::integer(static_cast<std::int64_t>(i));
    return Value::integer(-1);
  }, 1, 1);
  vm.register_method("Array", "count", [](Vm& vm, const Args& a) {
    std::int64_t n = 0;
    for (const Value& v : items(a)) n += vm.equals(v, a[0]);
    return Value::integer(n);
  }, 1, 1);
  vm.register_method("Array", "sum", [](Vm& vm, const Args& a) {
    Value total = Value::integer(0);
    for (const Value& v : items(a)) total = interp(vm).binary_op(Op::Add, total, v);
    return total;
  }, 0, 0);
  vm.register_method("Array", "min", [](Vm& vm, const Args& a) {
    Value best;
    for (const Value& v : items(a))
      if (best.is_nil() || interp(vm).compare(v, best) < 0) best = v;
    return best;
  }, 0, 0);
  vm.register_method("Array", "max", [](Vm& vm, const Args& a) {
    Value best;
    for (const Value& v : items(a))
      if (best.is_nil() || interp(vm).compare(v, best) > 0) best = v;
    return best;
  }, 0, 0);
  vm.register_method("Array", "uniq", [](Vm& vm, const Args& a) {
    std::vector<Value> out;
    for (const Value& v : items(a)) {
      bool seen = false;
      for (const Value& o : out) seen = seen || vm.equals(o, v);
      if (!seen) out.push_back(v);
    }
    return make_array(std::move(out));
  }, 0, 0);
  vm.register_method("Array", "clone", [](Vm&, const Args& a) { return make_array(items(a)); }, 0, 0);
}

void register_higher_order(Vm& vm) {
  vm.register_method("Array", "map", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "map");
    Ref<ArrayObj> keep(&a.self().as_array());
    std::size_t arity = callback_arity(fn);
    std::vector<Value> out;
    out.reserve(keep->items.size());
    for (std::size_t i = 0; i < keep->items.size(); ++i) out.push_back(call_each(interp(vm), fn, arity, keep->items[i], i));
    return make_array(std::move(out));
  }, 1, 1);
  vm.register_method("Array", "filter", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "filter");
    Ref<ArrayObj> keep(&a.self().as_array());
    std::size_t arity = callback_arity(fn);
    std::vector<Value> out;
    for (std::size_t i = 0; i < keep->items.size(); ++i)
      if (vm.truthy(call_each(interp(vm), fn, arity, keep->items[i], i))) out.push_back(keep->items[i]);
    return make_array(std::move(out));
  }, 1, 1);
  vm.register_method("Array", "each", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "each");
    Ref<ArrayObj> keep(&a.self().as_array());
    std::size_t arity = callback_arity(fn);
    for (std::size_t i = 0; i < keep->items.size(); ++i) call_each(interp(vm), fn, arity, keep->items[i], i);
    return Value();
  }, 1, 1);
  vm.register_method("Array", "reduce", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "reduce");
    Ref<ArrayObj> keep(&a.self().as_array());
    Value acc = a[1];
    for (std::size_t i = 0; i < keep->items.size(); ++i) acc = call2(interp(vm), fn, acc, keep->items[i]);
    return acc;
  }, 1, 2);
  vm.register_method("Array", "any", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "any");
    Ref<ArrayObj> keep(&a.self().as_array());
    for (std::size_t i = 0; i < keep->items.size(); ++i)
      if (vm.truthy(call1(interp(vm), fn, keep->items[i]))) return Value::boolean(true);
    return Value::boolean(false);
  }, 1, 1);
  vm.register_method("Array", "all", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "all");
    Ref<ArrayObj> keep(&a.self().as_array());
    for (std::size_t i = 0; i < keep->items.size(); ++i)
      if (!vm.truthy(call1(interp(vm), fn, keep->items[i]))) return Value::boolean(false);
    return Value::boolean(true);
  }, 1, 1);
  vm.register_method("Array", "find", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "find");
    Ref<ArrayObj> keep(&a.self().as_array());
    for (std::size_t i = 0; i < keep->items.size(); ++i)
      if (vm.truthy(call1(interp(vm), fn, keep->items[i]))) return keep->items[i];
    return Value();
  }, 1, 1);
  vm.register_method("Array", "find_index", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "find_index");
    Ref<ArrayObj> keep(&a.self().as_array());
    for (std::size_t i = 0; i < keep->items.size(); ++i)
      if (vm.truthy(call1(interp(vm), fn, keep->items[i]))) return Value::integer(static_cast<std::int64_t>(i));
    return Value::integer(-1);
  }, 1, 1);
}

}  // namespace

void register_array_methods(Vm& vm) {
  register_mutators(vm);
  register_queries(vm);
  register_higher_order(vm);
  vm.register_static_method("Array", "new", [](Vm&, const Args& a) {
    std::int64_t n = opt_int(a, 1, "Array.new", 0);
    if (n < 0) throw_error("ValueErr", "Array.new: size must not be negative");
    return make_array(std::vector<Value>(static_cast<std::size_t>(n), a[1]));
  }, 0, 2);
}

}  // namespace quest
