// Heap objects internal to the interpreter: variable frames, functions, types, instances,
// traits, modules and exception objects. Natives never see these types directly.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ast.hpp"
#include "quest/native.hpp"
#include "quest/objects.hpp"

namespace quest {

// A frame of variables. Small frames keep their slots inline; frames are pooled by
// size class so a function call usually allocates nothing.
//
// Frames start untracked by the cycle collector: a frame that only running calls and
// child frames reference cannot be part of a cycle (parent links point up a tree). A
// frame joins the collector's lists, with all of its parents, once a heap object
// captures it (FunctionObj, TypeObj::defining_env): see capture_frame(). So an ordinary
// call costs the collector nothing.
class EnvObj final : public CollectableObject {
 public:
  static constexpr std::uint32_t kInline = 8;
  EnvObj(Ref<EnvObj> parent, std::uint32_t count);
  ~EnvObj() override;
  static void* operator new(std::size_t size);
  static void operator delete(void* p);

  // Grows to at least `count` slots (the REPL and module scopes add names over time).
  void grow(std::uint32_t count);
  void visit_refs(const RefVisitor& visit) const override;
  void clear_refs() override;
  Value* slots;
  std::uint32_t count;
  Ref<EnvObj> parent;

 private:
  // Raw storage: only the first `count` inline Values are constructed, so a one-slot
  // frame costs one store, not eight.
  alignas(Value) unsigned char inline_[kInline * sizeof(Value)];
  std::unique_ptr<Value[]> heap_;
  Value* inline_slots() { return reinterpret_cast<Value*>(inline_); }
};

// Makes `frame` and every parent above it collectable (a no-op for frames tracked
// already: parents of a tracked frame are tracked, so the walk stops there).
inline void capture_frame(EnvObj* frame) {
  while (frame && !frame->gc_tracked()) {
    frame->gc_track();
    frame = frame->parent.get();
  }
}

// A heap object's reference to a frame: holding one makes the frame collectable.
class CapturedFrame : public Ref<EnvObj> {
 public:
  CapturedFrame() = default;
  CapturedFrame(Ref<EnvObj> frame) : Ref<EnvObj>(std::move(frame)) { capture_frame(get()); }  // NOLINT
  CapturedFrame& operator=(Ref<EnvObj> frame) {
    Ref<EnvObj>::operator=(std::move(frame));
    capture_frame(get());
    return *this;
  }
};

class TypeObj;

class FunctionObj final : public CollectableObject {
 public:
  FunctionObj(FunctionDecl* decl, Ref<EnvObj> closure, TypeObj* owner);
  void visit_refs(const RefVisitor& visit) const override;
  void clear_refs() override;
  FunctionDecl* decl;      // owned by the Vm's AST arenas
  CapturedFrame closure;   // captured by reference
  Ref<TypeObj> owner;      // the type whose method this is, or null; owned, so a method
                           // that outlives its type (both garbage) never dangles
};

struct NativeMethod {
  std::string name;
  NativeFn fn;
  int min_arity = 0;
  int max_arity = 0;
};
using MethodTable = std::unordered_map<Symbol, NativeMethod>;

class NativeFunctionObj final : public Object {
 public:
  explicit NativeFunctionObj(NativeMethod m) : Object(ObjKind::NativeFunction), method(std::move(m)) {}
  NativeMethod method;
};

// `x.method` without a call: a receiver plus either a user FunctionObj or a native method.
class BoundMethodObj final : public CollectableObject {
 public:
  BoundMethodObj(Value receiver, Value function)
      : CollectableObject(ObjKind::BoundMethod), receiver(std::move(receiver)), function(std::move(function)) {}
  BoundMethodObj(Value receiver, const NativeMethod* native)
      : CollectableObject(ObjKind::BoundMethod), receiver(std::move(receiver)), native(native) {}
  void visit_refs(const RefVisitor& visit) const override {
    visit(receiver);
    visit(function);
  }
  void clear_refs() override;
  Value receiver;
  Value function;                       // FunctionObj when user-defined
  const NativeMethod* native = nullptr; // when built-in (lives in the Vm's tables)
};

enum class TypeKind : std::uint8_t { User, Builtin, Exception, Native };

struct FieldInfo {
  std::string name;
  Symbol sym;
  TypeAnnotation type;
  Node* default_value;
  bool is_pub;
};

class TypeObj final : public CollectableObject {
 public:
  TypeObj(std::string name, TypeKind kind)
      : CollectableObject(ObjKind::Type), name(std::move(name)), type_kind(kind) {}
  void visit_refs(const RefVisitor& visit) const override;
  void clear_refs() override;
  std::string name;
  TypeKind type_kind;
  std::string doc;
  std::vector<FieldInfo> fields;
  std::unordered_map<Symbol, std::uint32_t> field_index;
  std::unordered_map<Symbol, Value> methods;         // instance methods (FunctionObj)
  std::unordered_map<Symbol, Value> static_methods;  // `fun self.x` (FunctionObj)
  std::unordered_map<Symbol, Value> static_values;   // class constants (`BigInt.ZERO`)
  std::vector<std::string> traits;
  CapturedFrame defining_env;                        // where field defaults evaluate
  MethodTable* native_statics = nullptr;             // Native/Builtin types
};

class InstanceObj final : public CollectableObject {
 public:
  explicit InstanceObj(Ref<TypeObj> type) : CollectableObject(ObjKind::Instance), type(std::move(type)) {}
  void visit_refs(const RefVisitor& visit) const override {
    visit(type);
    for (const Value& v : fields) visit(v);
  }
  void clear_refs() override;
  Ref<TypeObj> type;
  std::vector<Value> fields;  // in TypeObj::fields order
};

class TraitObj final : public Object {
 public:
  explicit TraitObj(std::string name) : Object(ObjKind::Trait), name(std::move(name)) {}
  std::string name;
  std::string doc;
  std::vector<std::string> methods;
};

class ModuleObj final : public CollectableObject {
 public:
  struct Member {
    std::uint32_t slot;
    bool is_pub;
  };
  ModuleObj(std::string name, std::string path)
      : CollectableObject(ObjKind::Module), name(std::move(name)), path(std::move(path)) {}
  void visit_refs(const RefVisitor& visit) const override {
    visit(env);
    for (const auto& member : native_members) visit(member.second);
  }
  void clear_refs() override;
  std::string name;
  std::string path;
  std::string doc;
  // File modules: their top-level frame. A plain Ref (run_program fills it through a
  // Ref<EnvObj>&), tracked once a function or type defined in the module captures it.
  Ref<EnvObj> env;
  std::unordered_map<std::string, Member> members;    // file modules: top-level names
  std::vector<std::pair<std::string, Value>> native_members;  // native modules (all public)

  // Looks up `name`; sets `is_private` when it exists but is not pub.
  bool lookup(const std::string& name, Value& out, bool& is_private) const;
};

class ExceptionObj final : public CollectableObject {
 public:
  ExceptionObj(std::string type, std::string message)
      : CollectableObject(ObjKind::Exception), type(std::move(type)), message(std::move(message)) {}
  void visit_refs(const RefVisitor& visit) const override {
    visit(cause);
    visit(payload);
  }
  void clear_refs() override;
  std::string type;
  std::string message;
  std::string file;
  int line = 0;
  std::vector<std::string> stack;
  Value cause;
  Value payload;  // the user struct for `impl Error` exceptions
};

}  // namespace quest
