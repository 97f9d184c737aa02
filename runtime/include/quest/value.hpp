// The Quest value model. Every other runtime file reaches values through this header.
//
// A Value is 16 bytes: a one-byte tag and an 8-byte payload. Four kinds are UNBOXED and
// live entirely inside the Value: nil, Bool, Int (64-bit, overflow-checked by the
// arithmetic, never silently wrapped) and Float (IEEE double). Copying them costs nothing
// and they never touch the heap.
//
// Everything else (Str, Bytes, Array, Dict, functions, types, struct instances, modules,
// exception objects and native objects such as Uuid or StringIO) is a HEAP object derived
// from `Object`. Heap objects carry an intrusive, non-atomic reference count: a Value
// holding an object owns one reference, `Ref<T>` owns one reference, and the object is
// deleted when the count reaches zero. Non-atomic is safe because exactly one thread (the
// interpreter thread) ever touches Quest values.
//
// Reference counting alone never frees a cycle, and the commonest Quest shape is one: a
// `fun` declared inside a function is stored in the frame it captures. Objects that can
// hold references (Array, Dict, functions, frames, types, instances, modules, exceptions,
// native objects) derive from `CollectableObject`: they sit on intrusive per-thread
// generation lists, and report what they hold through `visit_refs` and drop it through
// `clear_refs`. A cycle collector (runtime/src/gc.cpp) works by trial deletion, in the
// CPython style, not by tracing from roots: it subtracts from each tracked object's count
// the references held by other tracked objects; what is left is held by something it
// cannot see (a C++ local, a host handle, a std::function capture, an older generation),
// so that object and everything it reaches stays alive. The rest is garbage: kept alive
// while every garbage object clears its references, then released. Hosts therefore never
// register roots. Leaves (Str, Bytes, native functions) are not tracked. The collector
// runs by itself, driven by allocation counts (young objects are checked often, old ones
// rarely), and on demand (`Vm::collect_garbage`, `sys.gc()`).
//
// Strings and arrays are mutable objects shared by reference: `let b = a` makes both names
// point at the same Array. Str values are never mutated in place by the language, so they
// behave as values.
//
// Code never inspects the tag directly: it uses is_x() / as_x(). as_x() on the wrong kind
// is an internal invariant violation (QUEST_ASSERT), not a Quest error; natives should use
// the checked helpers in native.hpp which raise TypeErr instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <utility>

#ifndef QUEST_ASSERT
#include <cstdio>
#define QUEST_ASSERT(cond)                                                        \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::fprintf(stderr, "internal error: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                              \
    }                                                                            \
  } while (0)
#endif

namespace quest {

// Heap object kinds. Native extension objects (Uuid, StringIO, ...) are all `Native`
// and are told apart by their NativeClass.
enum class ObjKind : std::uint8_t {
  Str,
  Bytes,
  Array,
  Dict,
  Function,        // user function or lambda (closure)
  NativeFunction,  // C++ function registered through the Vm
  BoundMethod,     // receiver + method, produced by `x.method` without a call
  Type,            // user `type` declaration, or a built-in type object (Array, errors)
  Instance,        // struct instance of a user type
  Trait,
  Module,
  Exception,
  Native,          // NativeObject subclass owned by a host or std module
  Env,             // internal: a captured variable frame
};

class CollectableObject;
class Value;
template <class T>
class Ref;

namespace detail {
// Per-thread heap facts the inline object code updates. Trivially initialised, so
// touching it costs one thread-local access and no initialisation guard.
struct HeapCounters {
  std::size_t live_objects = 0;  // every Object constructed and not yet destroyed
};
inline thread_local constinit HeapCounters heap_counters{};
}  // namespace detail

class Object {
 public:
  explicit Object(ObjKind kind) : kind_(kind) { ++detail::heap_counters.live_objects; }
  virtual ~Object() { --detail::heap_counters.live_objects; }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  ObjKind kind() const { return kind_; }
  void retain() { ++refs_; }
  void release() {
    if (--refs_ == 0) delete this;
  }
  std::uint32_t ref_count() const { return refs_; }
  // True for objects on the collector's lists (see CollectableObject).
  bool gc_tracked() const { return (gc_bits_ & kGcTracked) != 0; }

 protected:
  // Collector state packed into padding the object already had, so Object stays 16
  // bytes: the generation (two bits) and three flags. Owned by runtime/src/gc.cpp.
  static constexpr std::uint8_t kGcGenerationMask = 0x03;
  static constexpr std::uint8_t kGcTracked = 0x04;      // linked on a generation list
  static constexpr std::uint8_t kGcCollecting = 0x08;   // in the set being collected now
  static constexpr std::uint8_t kGcReachable = 0x10;    // proven reachable this collection

 private:
  friend class CollectableObject;
  friend class GcHeap;
  std::uint32_t refs_ = 0;
  ObjKind kind_;
  std::uint8_t gc_bits_ = 0;
};

// Receives each object reference a CollectableObject holds (see visit_refs). Cheap to
// call: one indirect call per reference, no allocation.
class RefVisitor {
 public:
  using Callback = void (*)(Object*, void* context);
  RefVisitor(Callback callback, void* context) : callback_(callback), context_(context) {}
  void operator()(Object* o) const {
    if (o) callback_(o, context_);
  }
  void operator()(const Value& v) const;  // defined after Value
  template <class T>
  void operator()(const Ref<T>& r) const {
    (*this)(static_cast<Object*>(r.get()));
  }

 private:
  Callback callback_;
  void* context_;
};

// Intrusive links of the collector's generation lists (a circular list per generation
// with a sentinel node owned by the thread's heap).
struct GcListNode {
  GcListNode* gc_next = nullptr;
  GcListNode* gc_prev = nullptr;
};

// A heap object that may hold references to other objects, and so may be part of a
// cycle. Construction links it on the current thread's youngest generation (and may run
// a young collection first, which never sees the object being built); destruction
// unlinks it. Costs 16 bytes of links over Object (32 bytes in all before the subclass).
//
// Subclasses implement both hooks over exactly the references they OWN:
//  - visit_refs: call `visit` once per owned reference (Value, Ref or Object*). Must not
//    allocate, run Quest code, or change any count.
//  - clear_refs: drop those references (assign nil, clear the container). Called only on
//    garbage, while the collector keeps the object alive; afterwards the object is only
//    destroyed, never used, so it may be left in any state its destructor accepts.
// A reference that is not visited is treated as external: whatever it reaches is kept
// alive (safe, but a cycle through it is never freed).
class CollectableObject : public Object, public GcListNode {
 public:
  // `track` false leaves the object off the lists until gc_track() (frames are tracked
  // only once a closure, type or module captures them: see EnvObj).
  explicit CollectableObject(ObjKind kind, bool track = true) : Object(kind) {
    if (track) gc_track_new(this);
  }
  ~CollectableObject() override {
    if (gc_bits_ & kGcTracked) gc_untrack(this);
  }
  virtual void visit_refs(const RefVisitor& visit) const { (void)visit; }
  virtual void clear_refs() {}

  // Links an existing object on the youngest generation (no-op when tracked already).
  // Never starts a collection.
  void gc_track() {
    if (!(gc_bits_ & kGcTracked)) gc_track_existing(this);
  }

 private:
  static void gc_track_new(CollectableObject* o);       // may collect, then links
  static void gc_track_existing(CollectableObject* o);  // links only
  static void gc_untrack(CollectableObject* o);
};

// Owning smart pointer for heap objects (intrusive count).
template <class T>
class Ref {
 public:
  Ref() = default;
  Ref(T* p) : p_(p) { if (p_) p_->retain(); }  // NOLINT: implicit on purpose
  Ref(const Ref& o) : p_(o.p_) { if (p_) p_->retain(); }
  Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  template <class U>
  Ref(const Ref<U>& o) : Ref(static_cast<T*>(o.get())) {}  // NOLINT: upcast
  ~Ref() { if (p_) p_->release(); }
  Ref& operator=(Ref o) noexcept { std::swap(p_, o.p_); return *this; }
  T* get() const { return p_; }
  T* operator->() const { return p_; }
  T& operator*() const { return *p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  T* p_ = nullptr;
};

template <class T, class... A>
Ref<T> make_ref(A&&... a) {
  return Ref<T>(new T(std::forward<A>(a)...));
}

class StrObj;
class BytesObj;
class ArrayObj;
class DictObj;
class NativeObject;

class Value {
 public:
  enum class Tag : std::uint8_t { Nil, Bool, Int, Float, Object, Undefined };

  Value() : tag_(Tag::Nil) { u_.i = 0; }
  Value(const Value& o) : tag_(o.tag_), u_(o.u_) { if (tag_ == Tag::Object) u_.o->retain(); }
  Value(Value&& o) noexcept : tag_(o.tag_), u_(o.u_) { o.tag_ = Tag::Nil; }
  template <class T>
  Value(const Ref<T>& r) : Value(static_cast<Object*>(r.get())) {}  // NOLINT
  explicit Value(Object* o) : tag_(Tag::Object) {
    QUEST_ASSERT(o != nullptr);
    u_.o = o;
    o->retain();
  }
  ~Value() { if (tag_ == Tag::Object) u_.o->release(); }
  Value& operator=(const Value& o) {
    if (o.tag_ == Tag::Object) o.u_.o->retain();
    if (tag_ == Tag::Object) u_.o->release();
    tag_ = o.tag_;
    u_ = o.u_;
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      if (tag_ == Tag::Object) u_.o->release();
      tag_ = o.tag_;
      u_ = o.u_;
      o.tag_ = Tag::Nil;
    }
    return *this;
  }

  // Constructors with explicit names, so an int never silently becomes a bool.
  static Value nil() { return Value(); }
  static Value boolean(bool b) { Value v; v.tag_ = Tag::Bool; v.u_.b = b; return v; }
  static Value integer(std::int64_t i) { Value v; v.tag_ = Tag::Int; v.u_.i = i; return v; }
  static Value number(double f) { Value v; v.tag_ = Tag::Float; v.u_.f = f; return v; }
  // Internal marker for a declared-but-not-yet-assigned slot; never visible to Quest code.
  static Value undefined() { Value v; v.tag_ = Tag::Undefined; return v; }

  Tag tag() const { return tag_; }
  bool is_nil() const { return tag_ == Tag::Nil; }
  bool is_bool() const { return tag_ == Tag::Bool; }
  bool is_int() const { return tag_ == Tag::Int; }
  bool is_float() const { return tag_ == Tag::Float; }
  bool is_number() const { return tag_ == Tag::Int || tag_ == Tag::Float; }
  bool is_object() const { return tag_ == Tag::Object; }
  bool is_undefined() const { return tag_ == Tag::Undefined; }
  bool is_kind(ObjKind k) const { return tag_ == Tag::Object && u_.o->kind() == k; }
  bool is_str() const { return is_kind(ObjKind::Str); }
  bool is_bytes() const { return is_kind(ObjKind::Bytes); }
  bool is_array() const { return is_kind(ObjKind::Array); }
  bool is_dict() const { return is_kind(ObjKind::Dict); }
  bool is_native() const { return is_kind(ObjKind::Native); }
  bool is_exception() const { return is_kind(ObjKind::Exception); }
  bool is_callable() const;  // user function, native function, bound method, type

  bool as_bool() const { QUEST_ASSERT(is_bool()); return u_.b; }
  std::int64_t as_int() const { QUEST_ASSERT(is_int()); return u_.i; }
  double as_float() const { QUEST_ASSERT(is_float()); return u_.f; }
  // Int or Float widened to double.
  double as_number() const {
    QUEST_ASSERT(is_number());
    return tag_ == Tag::Int ? static_cast<double>(u_.i) : u_.f;
  }
  Object* as_object() const { QUEST_ASSERT(is_object()); return u_.o; }
  const std::string& as_str() const;  // defined in objects.hpp
  StrObj& as_str_obj() const;
  BytesObj& as_bytes() const;
  ArrayObj& as_array() const;
  DictObj& as_dict() const;
  NativeObject& as_native() const;
  // Downcast to a concrete NativeObject subclass; nullptr when it is not one.
  template <class T>
  T* native_as() const {
    return is_native() ? dynamic_cast<T*>(u_.o) : nullptr;
  }

  // Raw payload access for the evaluator's hot paths.
  std::int64_t raw_int() const { return u_.i; }
  double raw_float() const { return u_.f; }
  Object* raw_object() const { return u_.o; }

 private:
  Tag tag_;
  union Payload {
    bool b;
    std::int64_t i;
    double f;
    Object* o;
  } u_;
};

static_assert(sizeof(Value) == 16, "Value must stay 16 bytes");
static_assert(sizeof(Object) == 16, "Object must stay 16 bytes (vtable, count, kind, gc bits)");

inline void RefVisitor::operator()(const Value& v) const {
  if (v.is_object()) callback_(v.raw_object(), context_);
}

}  // namespace quest
