// Compiled expressions (quest/expression.hpp): parsed once into their own AST, names
// resolved against the shape of a captured frame, evaluated in a one-frame env whose
// parent is the captured frame.
#include "quest/expression.hpp"

#include <algorithm>
#include <set>

#include "interpreter.hpp"
#include "lexer.hpp"
#include "parser.hpp"

namespace quest {

namespace {

// One piece of a compiled expression: a plain Quest expression, or (with the ternary
// option) `cond ? yes : no` over three pieces.
struct Piece {
  Node* node = nullptr;
  std::unique_ptr<Piece> cond, yes, no;
};

// Where a name read from the captured frames lives: checked before every evaluation, so
// a frame of an unexpected shape can never be read out of bounds.
struct FrameUse {
  std::uint16_t depth;
  std::uint32_t slot;
};

bool is_open(Tok t) { return t == Tok::LParen || t == Tok::LBracket || t == Tok::LBrace; }
bool is_close(Tok t) { return t == Tok::RParen || t == Tok::RBracket || t == Tok::RBrace; }

// Index of the first `?` at bracket depth 0 in [begin, end), or end.
std::size_t find_question(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  int depth = 0;
  for (std::size_t i = begin; i < end; ++i) {
    if (is_open(tokens[i].kind)) ++depth;
    else if (is_close(tokens[i].kind)) --depth;
    else if (depth == 0 && tokens[i].kind == Tok::Question) return i;
  }
  return end;
}

// The `:` that closes the `?` at `question` (nested ternaries pair up), or end.
std::size_t find_colon(const std::vector<Token>& tokens, std::size_t question, std::size_t end) {
  int depth = 0, pending = 0;
  for (std::size_t i = question + 1; i < end; ++i) {
    Tok t = tokens[i].kind;
    if (is_open(t)) ++depth;
    else if (is_close(t)) --depth;
    else if (depth == 0 && t == Tok::Question) ++pending;
    else if (depth == 0 && t == Tok::Colon) {
      if (pending == 0) return i;
      --pending;
    }
  }
  return end;
}

}  // namespace

struct Expression::Compiled {
  Interpreter* in = nullptr;
  std::vector<std::string> parameters;
  std::vector<std::string> scope_names;
  bool has_calls = false;
  ExpressionOptions options;
  Scope scope;                      // the scope given to compile()
  const FunctionDecl* shape = nullptr;
  std::vector<std::unique_ptr<Program>> programs;  // owns every node of every piece
  std::unique_ptr<Piece> root;
  std::vector<FrameUse> frame_uses;
  FunctionDecl frame_decl;  // names the evaluation frame in stack traces
  Value dict_dot;           // the native behind `d.key` (dict_dot_access)

  // ---- compiling ----
  std::unique_ptr<Piece> compile_range(const std::vector<Token>& tokens, std::size_t begin, std::size_t end);
  Node* parse_tokens(const std::vector<Token>& tokens, std::size_t begin, std::size_t end);
  void resolve(Node*& n, Program& program);
  void resolve_name(Ident* id);
  bool find_in_frames(const std::string& name, std::uint16_t& depth, std::uint32_t& slot) const;
  [[noreturn]] void syntax_error(const std::string& message) const;

  // ---- evaluating ----
  Value run(const Piece& piece, EnvObj* env) const;
  void check_frames(EnvObj* parent) const;
};

void Expression::Compiled::syntax_error(const std::string& message) const {
  in->raise("SyntaxErr", options.file + ": " + message);
}

std::unique_ptr<Piece> Expression::Compiled::compile_range(const std::vector<Token>& tokens, std::size_t begin,
                                                           std::size_t end) {
  auto piece = std::make_unique<Piece>();
  std::size_t question = options.ternary ? find_question(tokens, begin, end) : end;
  if (question == end) {
    piece->node = parse_tokens(tokens, begin, end);
    return piece;
  }
  std::size_t colon = find_colon(tokens, question, end);
  if (colon == end) syntax_error("'?' without its ':'");
  piece->cond = compile_range(tokens, begin, question);
  piece->yes = compile_range(tokens, question + 1, colon);
  piece->no = compile_range(tokens, colon + 1, end);
  return piece;
}

Node* Expression::Compiled::parse_tokens(const std::vector<Token>& tokens, std::size_t begin, std::size_t end) {
  if (begin == end) syntax_error("empty expression");
  std::vector<Token> part(tokens.begin() + static_cast<long>(begin), tokens.begin() + static_cast<long>(end));
  Token eof;
  eof.kind = Tok::Eof;
  eof.line = part.back().line;
  part.push_back(eof);
  auto program = std::make_unique<Program>();
  program->file = options.file;
  Block* body = nullptr;
  try {
    Parser parser(std::move(part), *program);
    body = parser.parse_file();
  } catch (SyntaxError& e) {
    in->raise("SyntaxErr", e.render());
  }
  if (body->statements.size() != 1) syntax_error("expected one expression");
  Node* node = body->statements[0];
  resolve(node, *program);
  programs.push_back(std::move(program));
  return node;
}

bool Expression::Compiled::find_in_frames(const std::string& name, std::uint16_t& depth, std::uint32_t& slot) const {
  std::uint16_t hops = 1;  // the evaluation frame's parent is the captured frame
  for (const FunctionDecl* d = shape; d; hops = static_cast<std::uint16_t>(hops + d->enclosing_hops), d = d->enclosing) {
    const FunctionDecl::FrameName* best = nullptr;
    for (const auto& entry : d->frame_names)  // shallowest block wins; later wins a tie
      if (entry.name == name && (!best || entry.block_depth <= best->block_depth)) best = &entry;
    if (best) {
      depth = hops;
      slot = best->slot;
      return true;
    }
  }
  return false;
}

void Expression::Compiled::resolve_name(Ident* id) {
  VarRef& var = id->var;
  var.sym = in->symbols.intern(var.name);
  auto param = std::find(parameters.begin(), parameters.end(), var.name);
  if (param != parameters.end()) {
    var.scope = VarScope::Local;
    var.depth = 0;
    var.slot = static_cast<std::uint32_t>(param - parameters.begin());
    return;
  }
  std::uint16_t depth = 0;
  std::uint32_t slot = 0;
  if (find_in_frames(var.name, depth, slot)) {
    var.scope = VarScope::Outer;
    var.depth = depth;
    var.slot = slot;
    frame_uses.push_back({depth, slot});
  } else if (!shape && in->main_scope.top.blocks.size() && in->main_scope.top.blocks.front().names.count(var.name)) {
    var.scope = VarScope::Outer;  // the main script's top level, one frame up
    var.depth = 1;
    var.slot = in->main_scope.top.blocks.front().names.at(var.name).slot;
    frame_uses.push_back({1, var.slot});
  } else if (auto builtin = in->builtin_index.find(var.name); builtin != in->builtin_index.end()) {
    var.scope = VarScope::Builtin;
    var.slot = builtin->second;
  } else {
    in->raise("NameErr", options.file + ": Undefined variable: " + var.name);
  }
  scope_names.push_back(var.name);
}

// Resolves names and member symbols of an expression tree; with dict_dot_access,
// replaces each `obj.name` read by a call of the dict-dot native.
void Expression::Compiled::resolve(Node*& n, Program& program) {
  if (!n) return;
  switch (n->kind) {
    case NodeKind::Literal: return;
    case NodeKind::Ident: return resolve_name(static_cast<Ident*>(n));
    case NodeKind::FString:
      for (FStringPart& p : static_cast<FString*>(n)->parts) resolve(p.expr, program);
      return;
    case NodeKind::ArrayLit:
      for (Node*& item : static_cast<ArrayLit*>(n)->items) resolve(item, program);
      return;
    case NodeKind::DictLit:
      for (auto& e : static_cast<DictLit*>(n)->entries) resolve(e.second, program);
      return;
    case NodeKind::Unary:
    case NodeKind::Not: return resolve(static_cast<Unary*>(n)->operand, program);
    case NodeKind::Binary:
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Elvis: {
      auto* b = static_cast<Binary*>(n);
      resolve(b->left, program);
      return resolve(b->right, program);
    }
    case NodeKind::Index: {
      auto* ix = static_cast<Index*>(n);
      resolve(ix->object, program);
      for (Node*& i : ix->indexes) resolve(i, program);
      return;
    }
    case NodeKind::Call: {
      auto* c = static_cast<Call*>(n);
      has_calls = true;
      resolve(c->callee, program);
      for (Arg& a : c->args) resolve(a.value, program);
      return;
    }
    case NodeKind::MethodCall: {
      auto* c = static_cast<MethodCall*>(n);
      has_calls = true;
      c->sym = in->symbols.intern(c->name);
      resolve(c->object, program);
      for (Arg& a : c->args) resolve(a.value, program);
      return;
    }
    case NodeKind::Member: {
      auto* m = static_cast<Member*>(n);
      m->sym = in->symbols.intern(m->name);
      resolve(m->object, program);
      if (!options.dict_dot_access) return;
      auto* call = program.arena.make<Call>(m->line, program.arena.make<Literal>(m->line, dict_dot));
      call->args.push_back(Arg{ArgKind::Positional, "", m->object});
      call->args.push_back(Arg{ArgKind::Positional, "", program.arena.make<Literal>(m->line, make_str(m->name))});
      n = call;
      return;
    }
    case NodeKind::Lambda: syntax_error("functions cannot be declared in an expression");
    default: syntax_error("expected an expression, got a statement");
  }
}

void Expression::Compiled::check_frames(EnvObj* parent) const {
  for (const FrameUse& use : frame_uses) {
    EnvObj* env = parent;
    for (std::uint16_t i = 1; env && i < use.depth; ++i) env = env->parent.get();
    if (!env || use.slot >= env->count)
      in->raise("RuntimeErr", options.file + ": the scope's frames do not have the shape the expression was compiled for");
  }
}

Value Expression::Compiled::run(const Piece& piece, EnvObj* env) const {
  if (piece.node) return in->eval(piece.node, env);
  const Piece& chosen = in->truthy(run(*piece.cond, env)) ? *piece.yes : *piece.no;
  return run(chosen, env);
}

Expression Expression::compile(Vm& vm, std::string_view source, std::vector<std::string> parameters,
                               const Scope& scope, const ExpressionOptions& options) {
  vm.check_owner_thread("Expression::compile");
  auto compiled = std::make_unique<Compiled>();
  Compiled& c = *compiled;
  c.in = &vm.interpreter();
  c.parameters = std::move(parameters);
  c.options = options;
  c.scope = scope;
  c.shape = static_cast<const FunctionDecl*>(scope.shape_);
  c.frame_decl.name = "<expression>";
  c.frame_decl.file = options.file;
  if (options.dict_dot_access) {
    Interpreter* in = c.in;
    c.dict_dot = vm.make_function("<dict.key>", [in](Vm&, const Args& args) -> Value {
      const Value& object = args[0];
      if (object.is_nil()) return Value();
      if (object.is_dict()) {
        const Value* found = object.as_dict().find(args[1].as_str());
        return found ? *found : Value();
      }
      return in->get_member(object, in->symbols.intern(args[1].as_str()), in->frames.back().line);
    }, 2, 2);
  }
  std::vector<Token> tokens;
  try {
    tokens = tokenize(std::string(source), options.file);
  } catch (SyntaxError& e) {
    c.in->raise("SyntaxErr", e.render());
  }
  while (!tokens.empty() && tokens.back().kind == Tok::Eof) tokens.pop_back();
  c.root = c.compile_range(tokens, 0, tokens.size());
  std::sort(c.scope_names.begin(), c.scope_names.end());
  c.scope_names.erase(std::unique(c.scope_names.begin(), c.scope_names.end()), c.scope_names.end());
  return Expression(std::move(compiled));
}

Expression::Expression(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

Value Expression::evaluate(std::span<const Value> arguments) const { return evaluate(compiled_->scope, arguments); }

Value Expression::evaluate(const Scope& scope, std::span<const Value> arguments) const {
  const Compiled& c = *compiled_;
  Interpreter& in = *c.in;
  in.vm.check_owner_thread("Expression::evaluate");
  if (scope.shape_ != c.shape)
    in.raise("ValueErr", c.options.file + ": evaluate needs a scope of the function the expression was compiled for");
  EnvObj* parent = scope.is_main() ? in.main_env.get() : static_cast<EnvObj*>(scope.frame_.raw_object());
  c.check_frames(parent);
  std::uint32_t slots = static_cast<std::uint32_t>(std::max<std::size_t>(c.parameters.size(), 1));
  Ref<EnvObj> frame(new EnvObj(Ref<EnvObj>(parent), slots));
  for (std::size_t i = 0; i < c.parameters.size(); ++i)
    frame->slots[i] = i < arguments.size() ? arguments[i] : Value();
  FrameGuard guard(in, Frame{&c.frame_decl, &c.frame_decl.file, 1, nullptr, frame.get()});
  return c.run(*c.root, frame.get());
}

const std::vector<std::string>& Expression::parameters() const { return compiled_->parameters; }
const std::vector<std::string>& Expression::scope_names() const { return compiled_->scope_names; }
bool Expression::has_calls() const { return compiled_->has_calls; }

}  // namespace quest
