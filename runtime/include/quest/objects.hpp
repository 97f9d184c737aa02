// The heap objects that natives create and inspect directly: Str, Bytes, Array, Dict and
// NativeObject (the base for host/std objects such as Uuid or StringIO). Functions, types,
// instances and modules are internal to the interpreter (runtime/src/) and reached from
// native code only through the Vm.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "quest/value.hpp"

namespace quest {

// UTF-8 text with value semantics: Quest never observes a Str change. (The evaluator
// appends in place for `s = s .. x` only when it holds the sole reference.) Natives must
// treat `text` as read-only. `len()` in Quest counts bytes; indexing counts chars.
class StrObj final : public Object {
 public:
  explicit StrObj(std::string s) : Object(ObjKind::Str), text(std::move(s)) {}
  std::string text;
};

class BytesObj final : public Object {
 public:
  explicit BytesObj(std::string b) : Object(ObjKind::Bytes), data(std::move(b)) {}
  std::string data;  // raw bytes, not necessarily UTF-8
};

// Mutable, shared by reference.
class ArrayObj final : public CollectableObject {
 public:
  ArrayObj() : CollectableObject(ObjKind::Array) {}
  explicit ArrayObj(std::vector<Value> v) : CollectableObject(ObjKind::Array), items(std::move(v)) {}
  void visit_refs(const RefVisitor& visit) const override {
    for (const Value& v : items) visit(v);
  }
  void clear_refs() override {
    std::vector<Value> doomed = std::move(items);
    items.clear();
  }
  std::vector<Value> items;
};

// Insertion-ordered map from Str keys to values, laid out like CPython's compact dict:
// entries sit in one vector in insertion order (each with its cached hash), and an
// open-addressing table of 32-bit positions into that vector finds them. A lookup is
// one probe sequence over a small contiguous table plus one entry read, instead of a
// node chase per bucket. Removal leaves a tombstone entry (its slot stays in the table
// and probes step over it), compacted once tombstones outnumber live entries, so
// remove() is amortised O(1) and iteration stays in insertion order. Do not mutate a dict while iterating it with
// `for_each`: the evaluator iterates by index and tolerates growth, not compaction.
class DictObj final : public CollectableObject {
 public:
  struct Entry {
    std::string key;
    Value value;
    std::size_t hash = 0;
    bool live = true;
  };

  DictObj() : CollectableObject(ObjKind::Dict) {}
  void visit_refs(const RefVisitor& visit) const override {
    for (const Entry& e : entries_) visit(e.value);
  }
  void clear_refs() override;

  std::size_t size() const { return live_count_; }
  bool contains(std::string_view key) const { return find_slot(key) >= 0; }
  // nullptr when missing. The pointer is valid until the next insertion or removal.
  Value* find(std::string_view key);
  const Value* find(std::string_view key) const;
  void set(std::string_view key, Value value);
  bool remove(std::string_view key);
  void clear();

  // Raw entries in insertion order, including tombstones (check `live`).
  const std::vector<Entry>& entries() const { return entries_; }
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].live) f(entries_[i].key, entries_[i].value);
  }

 private:
  static constexpr std::uint32_t kEmptySlot = UINT32_MAX;

  // Position in entries_ of the live entry for `key`, or -1.
  long find_slot(std::string_view key, std::size_t hash) const;
  long find_slot(std::string_view key) const;
  void insert_slot(std::size_t hash, std::uint32_t position);
  // Rebuilds the table with room for `capacity` entries at a load of at most 1/2.
  void rebuild_slots(std::size_t capacity);
  void compact();

  std::vector<Entry> entries_;             // insertion order, tombstones included
  std::vector<std::uint32_t> slots_;       // power-of-two size; kEmptySlot or a position
  std::size_t live_count_ = 0;
};

class Vm;
class Args;

// A native type (Uuid, StringIO, Timestamp...). Created once per Vm with
// `Vm::define_class(name)`; its methods are registered with `Vm::register_method(name,...)`.
struct NativeClass {
  std::string name;
  std::string doc;
};

// Base class of every native object. Subclass it, keep C++ state in the subclass, and
// create instances with make_ref<YourObj>(vm.native_class("Name"), ...).
//
// Cycles through native objects: a native object that holds Quest values (a socket
// object holding its handler closures, a registry of callbacks) overrides
// `visit_refs` to report every Value/Ref it owns and `clear_refs` to drop them (see
// CollectableObject in value.hpp for the rules). Then a cycle such as socket -> handler
// closure -> frame -> socket is freed by the cycle collector. Without the overrides the
// held values count as external references: always kept alive while the object lives,
// never collected through it. Values hidden inside std::function captures cannot be
// visited; hold them as members instead when they may point back at the object.
class NativeObject : public CollectableObject {
 public:
  explicit NativeObject(const NativeClass* cls) : CollectableObject(ObjKind::Native), cls_(cls) {
    QUEST_ASSERT(cls != nullptr);
  }
  const NativeClass& native_class() const { return *cls_; }
  const std::string& type_name() const { return cls_->name; }
  // Truthiness of the object (an empty StringIO is falsy). Default: truthy.
  virtual bool truthy() const { return true; }
  // Default text for str() when the class registers no `str` method.
  virtual std::string to_display() const { return "<" + cls_->name + ">"; }
  // visit_refs / clear_refs (inherited): default none; override when holding Values.

 private:
  const NativeClass* cls_;
};

inline const std::string& Value::as_str() const {
  QUEST_ASSERT(is_str());
  return static_cast<StrObj*>(raw_object())->text;
}
inline StrObj& Value::as_str_obj() const { QUEST_ASSERT(is_str()); return *static_cast<StrObj*>(raw_object()); }
inline BytesObj& Value::as_bytes() const { QUEST_ASSERT(is_bytes()); return *static_cast<BytesObj*>(raw_object()); }
inline ArrayObj& Value::as_array() const { QUEST_ASSERT(is_array()); return *static_cast<ArrayObj*>(raw_object()); }
inline DictObj& Value::as_dict() const { QUEST_ASSERT(is_dict()); return *static_cast<DictObj*>(raw_object()); }
inline NativeObject& Value::as_native() const {
  QUEST_ASSERT(is_native());
  return *static_cast<NativeObject*>(raw_object());
}

// Convenience constructors.
inline Value make_str(std::string s) { return Value(make_ref<StrObj>(std::move(s))); }
inline Value make_bytes(std::string b) { return Value(make_ref<BytesObj>(std::move(b))); }
inline Value make_array(std::vector<Value> items = {}) {
  return Value(make_ref<ArrayObj>(std::move(items)));
}
inline Value make_dict() { return Value(make_ref<DictObj>()); }

}  // namespace quest
