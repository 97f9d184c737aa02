// The resolver: one pass over a parsed program that gives every variable a slot
// (local, N frames out, or built-in) and interns member names. After it, the evaluator
// never looks a variable up by string.
//
// Scoping rules: each function has one frame; blocks (if/while/for/try bodies) open
// nested scopes inside it with their own slots. Upstream looks names up when code runs,
// so a function may call a sibling declared later in the same body. We keep slots and
// get the same effect by predeclaring every `fun`/`type` name of a block before
// resolving its statements (the slot reads as undefined until the declaration runs).
// Any other name used before a declaration is visible is "hoisted" into the module's
// top-level scope as not-yet-defined; reading it before it is assigned raises NameErr
// at run time.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "ast.hpp"
#include "symbols.hpp"

namespace quest {

struct VarInfo {
  std::uint32_t slot;
  bool is_const = false;
  bool declared = true;  // false: hoisted by a forward reference
  bool is_pub = false;
  bool is_param = false;
};

struct LexicalScope {
  std::unordered_map<std::string, VarInfo> names;
};

struct FunctionScope {
  FunctionDecl* decl = nullptr;
  std::vector<LexicalScope> blocks;
  std::uint32_t next_slot = 0;
  FunctionScope* parent = nullptr;
};

// The persistent top-level scope of one module (grows across REPL lines).
struct ModuleScope {
  FunctionScope top;
};

class Resolver {
 public:
  Resolver(SymbolTable& symbols, const std::unordered_map<std::string, std::uint32_t>& builtins,
           ModuleScope& module)
      : symbols_(symbols), builtins_(builtins), module_(module) {}

  // Resolves a whole program whose top level runs in `module`'s frame.
  void resolve_main(FunctionDecl* main);

 private:
  void function(FunctionDecl* decl, FunctionScope& scope);
  void block(Block* b, bool new_scope = true);
  void predeclare(Block* b);
  std::uint32_t loop_body(Block* body, const std::vector<Ident*>& vars);
  static bool contains_function(Node* n);
  void statement(Node* n);
  void expression(Node* n);
  void arguments(std::vector<Arg>& args);
  void declare(Ident* id, bool is_const = false, bool is_pub = false, bool allow_redeclare = false);
  void reference(Ident* id);
  void assignment_target(Ident* id);
  void push_scope() { current_->blocks.emplace_back(); }
  void pop_scope() { current_->blocks.pop_back(); }
  VarInfo* find_local(const std::string& name, std::uint16_t& depth);
  void note_frame_name(const std::string& name, std::uint32_t slot);
  void note_enclosing(FunctionDecl* decl);

  SymbolTable& symbols_;
  const std::unordered_map<std::string, std::uint32_t>& builtins_;
  ModuleScope& module_;
  FunctionScope* current_ = nullptr;
  std::vector<Node*> pending_errors_;
};

}  // namespace quest
