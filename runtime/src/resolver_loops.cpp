// Resolver support for loops: per-iteration frames for bodies that create closures.
#include "resolver.hpp"

namespace quest {

// Resolves a for-loop body with its loop variables. A body that creates closures gets
// its own frame per iteration (returns its slot count); otherwise 0 and the body's
// variables live in the enclosing frame.
std::uint32_t Resolver::loop_body(Block* body, const std::vector<Ident*>& vars) {
  const bool own_frame = contains_function(body);
  FunctionScope scope;
  if (own_frame) {
    scope.parent = current_;
    current_ = &scope;
  }
  push_scope();
  for (Ident* v : vars) declare(v, false, false, true);
  block(body, false);
  pop_scope();
  if (!own_frame) return 0;
  current_ = scope.parent;
  return scope.next_slot == 0 ? 1 : scope.next_slot;
}

// True when a function or lambda is created anywhere inside `n`.
bool Resolver::contains_function(Node* n) {
  if (!n) return false;
  auto any = [&](const std::vector<Node*>& nodes) {
    for (Node* c : nodes)
      if (contains_function(c)) return true;
    return false;
  };
  auto args = [&](const std::vector<Arg>& list) {
    for (const Arg& a : list)
      if (contains_function(a.value)) return true;
    return false;
  };
  switch (n->kind) {
    case NodeKind::Lambda:
    case NodeKind::FunDecl:
    case NodeKind::TypeDecl: return true;
    case NodeKind::Block: return any(static_cast<Block*>(n)->statements);
    case NodeKind::FString:
      for (FStringPart& p : static_cast<FString*>(n)->parts)
        if (contains_function(p.expr)) return true;
      return false;
    case NodeKind::ArrayLit: return any(static_cast<ArrayLit*>(n)->items);
    case NodeKind::DictLit:
      for (auto& e : static_cast<DictLit*>(n)->entries)
        if (contains_function(e.second)) return true;
      return false;
    case NodeKind::Unary:
    case NodeKind::Not: return contains_function(static_cast<Unary*>(n)->operand);
    case NodeKind::Binary:
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Elvis:
      return contains_function(static_cast<Binary*>(n)->left) || contains_function(static_cast<Binary*>(n)->right);
    case NodeKind::Member: return contains_function(static_cast<Member*>(n)->object);
    case NodeKind::Index:
      return contains_function(static_cast<Index*>(n)->object) || any(static_cast<Index*>(n)->indexes);
    case NodeKind::Call: return contains_function(static_cast<Call*>(n)->callee) || args(static_cast<Call*>(n)->args);
    case NodeKind::MethodCall:
      return contains_function(static_cast<MethodCall*>(n)->object) || args(static_cast<MethodCall*>(n)->args);
    case NodeKind::Let:
      for (LetBinding& b : static_cast<Let*>(n)->bindings)
        if (contains_function(b.value)) return true;
      return false;
    case NodeKind::Assign:
      return contains_function(static_cast<Assign*>(n)->target) || contains_function(static_cast<Assign*>(n)->value);
    case NodeKind::If: {
      auto* i = static_cast<If*>(n);
      for (auto& br : i->branches)
        if (contains_function(br.first) || contains_function(br.second)) return true;
      return contains_function(i->otherwise);
    }
    case NodeKind::While: return contains_function(static_cast<While*>(n)->cond) || contains_function(static_cast<While*>(n)->body);
    case NodeKind::ForRange: {
      auto* f = static_cast<ForRange*>(n);
      return contains_function(f->start) || contains_function(f->stop) || contains_function(f->step) ||
             contains_function(f->body);
    }
    case NodeKind::ForIn: return contains_function(static_cast<ForIn*>(n)->iterable) || contains_function(static_cast<ForIn*>(n)->body);
    case NodeKind::Match: {
      auto* m = static_cast<Match*>(n);
      if (contains_function(m->subject) || contains_function(m->otherwise)) return true;
      for (MatchArm& arm : m->arms)
        if (any(arm.values) || contains_function(arm.body)) return true;
      return false;
    }
    case NodeKind::Return: return contains_function(static_cast<Return*>(n)->value);
    case NodeKind::Raise: return contains_function(static_cast<Raise*>(n)->value);
    case NodeKind::Try: {
      auto* t = static_cast<Try*>(n);
      if (contains_function(t->body) || contains_function(t->ensure)) return true;
      for (CatchClause& c : t->catches)
        if (contains_function(c.body)) return true;
      return false;
    }
    case NodeKind::With: {
      auto* w = static_cast<With*>(n);
      for (WithItem& item : w->items)
        if (contains_function(item.expr)) return true;
      return contains_function(w->body);
    }
    default: return false;
  }
}

}  // namespace quest
