// Compiled expressions: parse and resolve a Quest expression once, evaluate it many times
// with fresh values for its parameters and nothing retained per evaluation. Built for
// LiveView templates (`<%= cpu_class(cpu) %>`), usable by any host.
//
// Names in the expression are resolved at compile time, in this order: the parameters
// given to compile(); the locals and local functions of the captured scope's function and
// of the functions around it (frame slots read at evaluation time, so a local function
// declared further down is seen once its declaration ran); that module's top level; the
// built-ins. A name found nowhere is a NameErr from compile().
//
// Threading: everything here is used on the Vm's thread only; Scope and Expression hold
// Values and AST the Vm owns, so destroy them before the Vm (or on its thread).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "quest/value.hpp"

namespace quest {

class Vm;

// A Quest frame captured by Vm::capture_caller_scope() (or the main script's top level
// when default-constructed). Copying is cheap (one reference); holding a Scope keeps the
// captured frame and the frames around it alive until the Scope is destroyed.
class Scope {
 public:
  Scope() = default;  // the main script's top level (Vm::global's scope)
  bool is_main() const { return shape_ == nullptr; }

 private:
  friend class Vm;
  friend class Expression;
  Value frame_;                  // the captured frame (an internal Env object)
  const void* shape_ = nullptr;  // the function whose frame it is (internal)
};

// Compile-time conveniences (options of this compile step, not of the language).
struct ExpressionOptions {
  // `d.key` (a member read without call) on a Dict reads its key, nil when missing, and
  // `nil.key` is nil. Method calls (`d.keys()`) and other receivers are unchanged.
  bool dict_dot_access = false;
  // `c ? a : b` (right-associative, lowest precedence): only the chosen branch runs.
  bool ternary = false;
  // Shown as the file of errors raised while evaluating (e.g. "dashboard.q template").
  std::string file = "<expression>";
};

class Expression {
 public:
  // Compiles `source` for evaluation against scopes shaped like `scope` (frames of the
  // same function). `parameters` name the values passed to evaluate(), in order.
  // Raises SyntaxErr for bad source or a statement, NameErr for an unknown name.
  static Expression compile(Vm& vm, std::string_view source, std::vector<std::string> parameters,
                            const Scope& scope = Scope(), const ExpressionOptions& options = {});

  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // Evaluates with `arguments` bound to the parameters (missing ones are nil). `scope`
  // must be a frame of the function compile() saw (ValueErr otherwise); the overload
  // without scope uses the scope given to compile(). Quest exceptions propagate as
  // QuestError. Per call it allocates one frame, released before returning.
  Value evaluate(const Scope& scope, std::span<const Value> arguments) const;
  Value evaluate(std::span<const Value> arguments) const;

  const std::vector<std::string>& parameters() const;
  // Names read from the scope or the built-ins (not parameters), sorted, each once: a
  // template uses them to decide what an expression depends on.
  const std::vector<std::string>& scope_names() const;
  // True when the expression calls something (a function or a method): its result may
  // depend on more than its names.
  bool has_calls() const;

 private:
  struct Compiled;
  explicit Expression(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace quest
