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
class EnvObj final : public Object {
 public:
  static constexpr std::uint32_t kInline = 8;
  EnvObj(Ref<EnvObj> parent, std::uint32_t count);
  ~EnvObj() override;
  static void* operator new(std::size_t size);
  static void operator delete(void* p);

  // Grows to at least `count` slots (the REPL and module scopes add names over time).
  void grow(std::uint32_t count);
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

class TypeObj;

class FunctionObj final : public Object {
 public:
  FunctionObj(FunctionDecl* decl, Ref<EnvObj> closure, TypeObj* owner)
      : Object(ObjKind::Function), decl(decl), closure(std::move(closure)), owner(owner) {}
  FunctionDecl* decl;      // owned by the Vm's AST arenas
  Ref<EnvObj> closure;     // captured by reference
  TypeObj* owner;          // the type whose method this is (not owning), or nullptr
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
class BoundMethodObj final : public Object {
 public:
  BoundMethodObj(Value receiver, Value function)
      : Object(ObjKind::BoundMethod), receiver(std::move(receiver)), function(std::move(function)) {}
  BoundMethodObj(Value receiver, const NativeMethod* native)
      : Object(ObjKind::BoundMethod), receiver(std::move(receiver)), native(native) {}
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

class TypeObj final : public Object {
 public:
  TypeObj(std::string name, TypeKind kind) : Object(ObjKind::Type), name(std::move(name)), type_kind(kind) {}
  std::string name;
  TypeKind type_kind;
  std::string doc;
  std::vector<FieldInfo> fields;
  std::unordered_map<Symbol, std::uint32_t> field_index;
  std::unordered_map<Symbol, Value> methods;         // instance methods (FunctionObj)
  std::unordered_map<Symbol, Value> static_methods;  // `fun self.x` (FunctionObj)
  std::unordered_map<Symbol, Value> static_values;   // class constants (`BigInt.ZERO`)
  std::vector<std::string> traits;
  Ref<EnvObj> defining_env;                          // where field defaults evaluate
  MethodTable* native_statics = nullptr;             // Native/Builtin types
};

class InstanceObj final : public Object {
 public:
  explicit InstanceObj(Ref<TypeObj> type) : Object(ObjKind::Instance), type(std::move(type)) {}
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

class ModuleObj final : public Object {
 public:
  struct Member {
    std::uint32_t slot;
    bool is_pub;
  };
  ModuleObj(std::string name, std::string path)
      : Object(ObjKind::Module), name(std::move(name)), path(std::move(path)) {}
  std::string name;
  std::string path;
  std::string doc;
  Ref<EnvObj> env;                                    // file modules: their top-level frame
  std::unordered_map<std::string, Member> members;    // file modules: top-level names
  std::vector<std::pair<std::string, Value>> native_members;  // native modules (all public)

  // Looks up `name`; sets `is_private` when it exists but is not pub.
  bool lookup(const std::string& name, Value& out, bool& is_private) const;
};

class ExceptionObj final : public Object {
 public:
  ExceptionObj(std::string type, std::string message)
      : Object(ObjKind::Exception), type(std::move(type)), message(std::move(message)) {}
  std::string type;
  std::string message;
  std::string file;
  int line = 0;
  std::vector<std::string> stack;
  Value cause;
  Value payload;  // the user struct for `impl Error` exceptions
};

}  // namespace quest
