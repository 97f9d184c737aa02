// The syntax tree. Node kinds come from one list; every node is allocated in an AstArena
// that lives as long as the Vm (functions point into it), so children are plain pointers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "quest/value.hpp"

namespace quest {

#define QUEST_NODE_KINDS(X)                                                        \
  /* expressions */                                                              \
  X(Literal) X(FString) X(Ident) X(ArrayLit) X(DictLit) X(Unary) X(Binary)        \
  X(And) X(Or) X(Elvis) X(Not) X(Member) X(Index) X(Call) X(MethodCall) X(Lambda) \
  X(CurrentFunction)                                                             \
  /* statements */                                                               \
  X(Block) X(Let) X(Assign) X(Del) X(If) X(While) X(ForRange) X(ForIn) X(Match)    \
  X(Return) X(Break) X(Continue) X(FunDecl) X(TypeDecl) X(TraitDecl) X(Try)        \
  X(Raise) X(With) X(Use) X(Nop) X(Fail)

enum class NodeKind : std::uint8_t {
#define QUEST_NODE_ENUM(name) name,
  QUEST_NODE_KINDS(QUEST_NODE_ENUM)
#undef QUEST_NODE_ENUM
};

const char* node_kind_name(NodeKind kind);

using Symbol = std::uint32_t;

struct Node {
  Node(NodeKind k, int line) : kind(k), line(line) {}
  virtual ~Node() = default;
  NodeKind kind;
  int line;
};

// Where the resolver placed a variable.
enum class VarScope : std::uint8_t { Unresolved, Local, Outer, Builtin };

struct VarRef {
  std::string name;
  Symbol sym = 0;
  VarScope scope = VarScope::Unresolved;
  std::uint16_t depth = 0;  // env hops for Outer
  std::uint32_t slot = 0;   // slot in that env, or builtin index
  bool is_const = false;    // assignment must raise
};

struct Literal : Node {
  Literal(int line, Value v) : Node(NodeKind::Literal, line), value(std::move(v)) {}
  Value value;
};

struct FStringPart {
  std::string text;        // literal text when expr == nullptr
  Node* expr = nullptr;
  std::string spec;        // format spec after ':'
};
struct FString : Node {
  explicit FString(int line) : Node(NodeKind::FString, line) {}
  std::vector<FStringPart> parts;
};

struct Ident : Node {
  Ident(int line, std::string name) : Node(NodeKind::Ident, line) { var.name = std::move(name); }
  VarRef var;
};

struct ArrayLit : Node {
  explicit ArrayLit(int line) : Node(NodeKind::ArrayLit, line) {}
  std::vector<Node*> items;
};

struct DictLit : Node {
  explicit DictLit(int line) : Node(NodeKind::DictLit, line) {}
  std::vector<std::pair<std::string, Node*>> entries;
};

enum class Op : std::uint8_t {
  Add, Sub, Mul, Div, Mod, Concat, Eq, NotEq, Less, LessEq, Greater, GreaterEq,
  BitAnd, BitOr, BitXor, Shl, Shr, Neg, Pos, BitNot
};

struct Unary : Node {
  Unary(int line, Op op, Node* operand, NodeKind kind = NodeKind::Unary)
      : Node(kind, line), op(op), operand(operand) {}
  Op op;
  Node* operand;
};

struct Binary : Node {
  Binary(NodeKind k, int line, Op op, Node* l, Node* r) : Node(k, line), op(op), left(l), right(r) {}
  Op op;
  Node* left;
  Node* right;
};

struct Member : Node {
  Member(int line, Node* object, std::string name)
      : Node(NodeKind::Member, line), object(object), name(std::move(name)) {}
  Node* object;
  std::string name;
  Symbol sym = 0;
  // Inline cache: the last instance type seen here and the field's index in it.
  const void* cached_type = nullptr;
  std::uint32_t cached_index = 0;
};

struct Index : Node {
  Index(int line, Node* object) : Node(NodeKind::Index, line), object(object) {}
  Node* object;
  std::vector<Node*> indexes;
};

enum class ArgKind : std::uint8_t { Positional, Named, Splat, KwSplat };
struct Arg {
  ArgKind kind = ArgKind::Positional;
  std::string name;
  Node* value = nullptr;
};

struct Call : Node {
  Call(int line, Node* callee) : Node(NodeKind::Call, line), callee(callee) {}
  Node* callee;
  std::vector<Arg> args;
  bool simple = true;  // only positional arguments
};

struct MethodCall : Node {
  MethodCall(int line, Node* object, std::string name)
      : Node(NodeKind::MethodCall, line), object(object), name(std::move(name)) {}
  Node* object;
  std::string name;
  Symbol sym = 0;
  std::vector<Arg> args;
  bool simple = true;
};

struct Block;

struct TypeAnnotation {
  std::string name;  // "" when absent; "Int", "Str", "Array", a user type...
  bool optional = false;
  mutable std::int8_t kind = -1;  // classification cached by the evaluator's type check
};

struct Param {
  std::string name;
  TypeAnnotation type;
  Node* default_value = nullptr;
  std::uint32_t slot = 0;
};

struct Decorator {
  Node* expr = nullptr;  // Ident/Member chain, or Call with arguments
};

struct FunctionDecl {
  std::string name;  // "" for lambdas
  std::string doc;
  std::vector<Param> params;
  std::string varargs;  // "" when absent
  std::string kwargs;
  std::uint32_t varargs_slot = 0;
  std::uint32_t kwargs_slot = 0;
  bool is_method = false;   // declared inside a type: slot 0 is `self`
  bool is_static = false;   // `fun self.name`
  Block* body = nullptr;
  std::uint32_t num_slots = 0;
  int line = 0;
  std::string file;
  std::vector<Decorator> decorators;
  // For compiled expressions (quest/expression.hpp), filled by the resolver: the function
  // this one is nested in (nullptr for a module top level), how many frames up that
  // function's frame is (1, plus one per loop body with its own frame in between), and
  // every name declared in this function's frame with its slot.
  struct FrameName {
    std::string name;
    std::uint32_t slot;
    std::uint16_t block_depth;  // 1 = the function's own block
  };
  FunctionDecl* enclosing = nullptr;
  std::uint16_t enclosing_hops = 1;
  std::vector<FrameName> frame_names;
};

struct Lambda : Node {
  Lambda(int line, FunctionDecl* decl) : Node(NodeKind::Lambda, line), decl(decl) {}
  FunctionDecl* decl;
};

struct Block : Node {
  explicit Block(int line) : Node(NodeKind::Block, line) {}
  std::vector<Node*> statements;
  // Slots of the `fun`/`type` names this block declares, predeclared by the resolver so
  // earlier statements may refer to them. Reset to undefined when the block is entered:
  // calling one before its declaration has run is a NameErr, as with run-time lookup.
  std::vector<std::uint32_t> forward_slots;
};

struct LetBinding {
  Ident* target;
  TypeAnnotation type;
  Node* value = nullptr;  // nullptr: `x: T` without value -> nil
  bool redeclare = false; // the name already exists in this scope: NameErr at run time
};
struct Let : Node {
  explicit Let(int line) : Node(NodeKind::Let, line) {}
  std::vector<LetBinding> bindings;
  bool is_const = false;
  bool is_pub = false;
};

struct Assign : Node {
  Assign(int line, Node* target, Op op, bool compound, Node* value)
      : Node(NodeKind::Assign, line), target(target), op(op), compound(compound), value(value) {}
  Node* target;  // Ident, Index or Member
  Op op;
  bool compound;
  Node* value;
};

struct Del : Node {
  Del(int line, Ident* target) : Node(NodeKind::Del, line), target(target) {}
  Ident* target;
  bool is_parameter = false;  // parameters cannot be deleted
};

struct If : Node {
  explicit If(int line) : Node(NodeKind::If, line) {}
  std::vector<std::pair<Node*, Block*>> branches;
  Block* otherwise = nullptr;
};

struct While : Node {
  While(int line, Node* cond, Block* body) : Node(NodeKind::While, line), cond(cond), body(body) {}
  Node* cond;
  Block* body;
};

struct ForRange : Node {
  explicit ForRange(int line) : Node(NodeKind::ForRange, line) {}
  Ident* var = nullptr;
  Node* start = nullptr;
  Node* stop = nullptr;
  Node* step = nullptr;
  bool inclusive = true;
  Block* body = nullptr;
  // > 0 when the body creates closures: each iteration then gets a fresh frame of this
  // many slots, so a closure captures that iteration's loop variable.
  std::uint32_t frame_slots = 0;
};

struct ForIn : Node {
  explicit ForIn(int line) : Node(NodeKind::ForIn, line) {}
  Ident* first = nullptr;
  Ident* second = nullptr;
  Node* iterable = nullptr;
  Block* body = nullptr;
  std::uint32_t frame_slots = 0;  // as ForRange::frame_slots
};

struct MatchArm {
  std::vector<Node*> values;  // value patterns
  Node* range_start = nullptr;
  Node* range_stop = nullptr;
  Node* range_step = nullptr;
  bool inclusive = true;
  Block* body = nullptr;
};
struct Match : Node {
  explicit Match(int line) : Node(NodeKind::Match, line) {}
  Node* subject = nullptr;
  std::vector<MatchArm> arms;
  Block* otherwise = nullptr;
};

struct Return : Node {
  Return(int line, Node* value) : Node(NodeKind::Return, line), value(value) {}
  Node* value;
};

struct FunDecl : Node {
  FunDecl(int line, FunctionDecl* decl) : Node(NodeKind::FunDecl, line), decl(decl) {}
  FunctionDecl* decl;
  Ident* target = nullptr;
  bool is_pub = false;
};

struct FieldDecl {
  std::string name;
  Symbol sym = 0;
  TypeAnnotation type;
  Node* default_value = nullptr;
  bool is_pub = false;
};
struct TypeDecl : Node {
  explicit TypeDecl(int line) : Node(NodeKind::TypeDecl, line) {}
  std::string name;
  std::string doc;
  std::vector<FieldDecl> fields;
  std::vector<FunctionDecl*> methods;  // instance and static
  std::vector<std::string> traits;     // from `impl Trait ... end` blocks
  std::vector<Ident*> trait_refs;      // the same names, resolved, to check the methods
  Ident* target = nullptr;
  bool is_pub = false;
};

struct TraitDecl : Node {
  explicit TraitDecl(int line) : Node(NodeKind::TraitDecl, line) {}
  std::string name;
  std::string doc;
  std::vector<std::string> methods;
  Ident* target = nullptr;
  bool is_pub = false;
};

struct CatchClause {
  Ident* var = nullptr;
  std::string type_name;  // "" catches everything
  Ident* type_ref = nullptr;  // the same name, resolved: checked against Error on entry
  Block* body = nullptr;
};
struct Try : Node {
  explicit Try(int line) : Node(NodeKind::Try, line) {}
  Block* body = nullptr;
  std::vector<CatchClause> catches;
  Block* ensure = nullptr;
};

struct Raise : Node {
  Raise(int line, Node* value) : Node(NodeKind::Raise, line), value(value) {}
  Node* value;  // nullptr: re-raise
};

struct WithItem {
  Node* expr = nullptr;
  Ident* var = nullptr;
};
struct With : Node {
  explicit With(int line) : Node(NodeKind::With, line) {}
  std::vector<WithItem> items;
  Block* body = nullptr;
};

struct UseItem {
  std::string name;
  Ident* target = nullptr;
  bool conflict = false;  // the name already exists in this scope: error at run time
};
struct Use : Node {
  explicit Use(int line) : Node(NodeKind::Use, line) {}
  std::string path;
  Ident* alias = nullptr;  // nullptr with a selective list and no `as`
  std::vector<UseItem> items;
};

// A statement that raises `error_type: message` when executed (resolver-detected errors
// such as re-declaring a name, which upstream reports at run time).
struct Fail : Node {
  Fail(int line, std::string type, std::string message)
      : Node(NodeKind::Fail, line), error_type(std::move(type)), message(std::move(message)) {}
  std::string error_type;
  std::string message;
};

// Owns every node of one parsed source.
class AstArena {
 public:
  template <class T, class... A>
  T* make(A&&... a) {
    auto p = std::make_unique<T>(std::forward<A>(a)...);
    T* raw = p.get();
    nodes_.push_back(std::move(p));
    return raw;
  }
  FunctionDecl* make_function() {
    functions_.push_back(std::make_unique<FunctionDecl>());
    return functions_.back().get();
  }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<FunctionDecl>> functions_;
};

struct Program {
  std::string file;
  std::string source;
  std::string doc;  // leading string literal
  AstArena arena;
  FunctionDecl* main = nullptr;  // the top level as a function without parameters
};

}  // namespace quest
