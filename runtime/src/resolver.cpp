#include "resolver.hpp"

namespace quest {

void Resolver::resolve_main(FunctionDecl* main) {
  FunctionScope& top = module_.top;
  top.decl = main;
  if (top.blocks.empty()) top.blocks.emplace_back();
  current_ = &top;
  predeclare(main->body);
  for (Node* s : main->body->statements) statement(s);
  main->num_slots = top.next_slot;
}

void Resolver::function(FunctionDecl* decl, FunctionScope& scope) {
  scope.decl = decl;
  scope.parent = current_;
  note_enclosing(decl);
  FunctionScope* saved = current_;
  current_ = &scope;
  push_scope();
  auto declare_name = [&](const std::string& name) {
    VarInfo info{current_->next_slot++};
    info.is_param = true;
    current_->blocks.back().names[name] = info;
    note_frame_name(name, info.slot);
    return current_->next_slot - 1;
  };
  if (decl->is_method) declare_name("self");
  for (Param& p : decl->params) {
    if (p.default_value) expression(p.default_value);
    p.slot = declare_name(p.name);
  }
  if (!decl->varargs.empty()) decl->varargs_slot = declare_name(decl->varargs);
  if (!decl->kwargs.empty()) decl->kwargs_slot = declare_name(decl->kwargs);
  predeclare(decl->body);
  for (Node* s : decl->body->statements) statement(s);
  decl->num_slots = scope.next_slot;
  pop_scope();
  current_ = saved;
}

void Resolver::block(Block* b, bool new_scope) {
  if (new_scope) push_scope();
  predeclare(b);
  for (Node* s : b->statements) statement(s);
  if (new_scope) pop_scope();
}

// Gives the `fun` and `type` names declared directly in `b` their slots in the current
// scope before any statement of `b` is resolved, so forward references find them.
void Resolver::predeclare(Block* b) {
  b->forward_slots.clear();
  auto& names = current_->blocks.back().names;
  for (Node* s : b->statements) {
    const std::string* name = nullptr;
    if (s->kind == NodeKind::FunDecl) name = &static_cast<FunDecl*>(s)->target->var.name;
    else if (s->kind == NodeKind::TypeDecl) name = &static_cast<TypeDecl*>(s)->target->var.name;
    if (!name || names.count(*name)) continue;
    VarInfo info{current_->next_slot++};
    info.declared = false;
    names.emplace(*name, info);
    b->forward_slots.push_back(info.slot);
  }
}

VarInfo* Resolver::find_local(const std::string& name, std::uint16_t& depth) {
  depth = 0;
  for (FunctionScope* f = current_; f; f = f->parent, ++depth) {
    for (auto it = f->blocks.rbegin(); it != f->blocks.rend(); ++it) {
      auto found = it->names.find(name);
      if (found != it->names.end()) return &found->second;
    }
  }
  return nullptr;
}

void Resolver::declare(Ident* id, bool is_const, bool is_pub, bool allow_redeclare) {
  auto& names = current_->blocks.back().names;
  auto it = names.find(id->var.name);
  id->var.sym = symbols_.intern(id->var.name);
  id->var.scope = VarScope::Local;
  id->var.depth = 0;
  if (it != names.end()) {
    // Reuse the slot: a hoisted forward reference, a deleted name, or a redefinition.
    if (it->second.declared && !allow_redeclare) id->var.is_const = true;  // marks redeclare
    it->second.declared = true;
    it->second.is_const = is_const;
    it->second.is_pub = it->second.is_pub || is_pub;
    id->var.slot = it->second.slot;
    note_frame_name(id->var.name, id->var.slot);
    return;
  }
  VarInfo info{current_->next_slot++};
  info.is_const = is_const;
  info.is_pub = is_pub;
  names.emplace(id->var.name, info);
  id->var.slot = info.slot;
  note_frame_name(id->var.name, id->var.slot);
}

// Compiled expressions (quest/expression.hpp) resolve names against a captured frame
// after the fact; these two record what they need. Loop bodies with their own frame have
// no decl: their names are not visible to expressions, but their frames count as hops.
void Resolver::note_frame_name(const std::string& name, std::uint32_t slot) {
  if (current_->decl)
    current_->decl->frame_names.push_back({name, slot, static_cast<std::uint16_t>(current_->blocks.size())});
}

void Resolver::note_enclosing(FunctionDecl* decl) {
  decl->enclosing = nullptr;
  decl->enclosing_hops = 1;
  for (FunctionScope* f = current_; f; f = f->parent, ++decl->enclosing_hops)
    if (f->decl) {
      decl->enclosing = f->decl;
      break;
    }
}

void Resolver::reference(Ident* id) {
  id->var.sym = symbols_.intern(id->var.name);
  std::uint16_t depth = 0;
  if (VarInfo* info = find_local(id->var.name, depth)) {
    id->var.scope = depth == 0 ? VarScope::Local : VarScope::Outer;
    id->var.depth = depth;
    id->var.slot = info->slot;
    id->var.is_const = info->is_const;
    return;
  }
  auto builtin = builtins_.find(id->var.name);
  if (builtin != builtins_.end()) {
    id->var.scope = VarScope::Builtin;
    id->var.slot = builtin->second;
    return;
  }
  // Forward reference: hoist into the module's top-level scope as not yet defined.
  FunctionScope& top = module_.top;
  VarInfo info{top.next_slot++};
  info.declared = false;
  top.blocks.front().names.emplace(id->var.name, info);
  depth = 0;
  for (FunctionScope* f = current_; f != &top; f = f->parent) ++depth;
  id->var.scope = depth == 0 ? VarScope::Local : VarScope::Outer;
  id->var.depth = depth;
  id->var.slot = info.slot;
}

void Resolver::arguments(std::vector<Arg>& args) {
  for (Arg& a : args) expression(a.value);
}

void Resolver::expression(Node* n) {
  if (!n) return;
  switch (n->kind) {
    case NodeKind::Literal:
    case NodeKind::CurrentFunction:
      return;
    case NodeKind::FString:
      for (FStringPart& p : static_cast<FString*>(n)->parts) expression(p.expr);
      return;
    case NodeKind::Ident: return reference(static_cast<Ident*>(n));
    case NodeKind::ArrayLit:
      for (Node* item : static_cast<ArrayLit*>(n)->items) expression(item);
      return;
    case NodeKind::DictLit:
      for (auto& e : static_cast<DictLit*>(n)->entries) expression(e.second);
      return;
    case NodeKind::Unary:
    case NodeKind::Not: return expression(static_cast<Unary*>(n)->operand);
    case NodeKind::Binary:
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Elvis: {
      auto* b = static_cast<Binary*>(n);
      expression(b->left);
      expression(b->right);
      return;
    }
    case NodeKind::Member: {
      auto* m = static_cast<Member*>(n);
      m->sym = symbols_.intern(m->name);
      return expression(m->object);
    }
    case NodeKind::Index: {
      auto* ix = static_cast<Index*>(n);
      expression(ix->object);
      for (Node* i : ix->indexes) expression(i);
      return;
    }
    case NodeKind::Call: {
      auto* c = static_cast<Call*>(n);
      expression(c->callee);
      return arguments(c->args);
    }
    case NodeKind::MethodCall: {
      auto* c = static_cast<MethodCall*>(n);
      c->sym = symbols_.intern(c->name);
      expression(c->object);
      return arguments(c->args);
    }
    case NodeKind::Lambda: {
      FunctionScope scope;
      function(static_cast<Lambda*>(n)->decl, scope);
      return;
    }
    default:
      statement(n);
  }
}

void Resolver::statement(Node* n) {
  switch (n->kind) {
    case NodeKind::Block: return block(static_cast<Block*>(n));
    case NodeKind::Let: {
      auto* let = static_cast<Let*>(n);
      for (LetBinding& b : let->bindings) {
        expression(b.value);
        declare(b.target, let->is_const, let->is_pub);
        b.redeclare = b.target->var.is_const;
        b.target->var.is_const = false;
      }
      return;
    }
    case NodeKind::Assign: {
      auto* a = static_cast<Assign*>(n);
      expression(a->value);
      return expression(a->target);
    }
    case NodeKind::Del: {
      auto* d = static_cast<Del*>(n);
      std::uint16_t depth = 0;
      if (VarInfo* info = find_local(d->target->var.name, depth)) d->is_parameter = info->is_param && depth == 0;
      reference(d->target);
      auto& names = current_->blocks.back().names;
      auto it = names.find(d->target->var.name);
      if (it != names.end()) it->second.declared = false;
      return;
    }
    case NodeKind::If: {
      auto* i = static_cast<If*>(n);
      for (auto& br : i->branches) {
        expression(br.first);
        block(br.second);
      }
      if (i->otherwise) block(i->otherwise);
      return;
    }
    case NodeKind::While: {
      auto* w = static_cast<While*>(n);
      expression(w->cond);
      return block(w->body);
    }
    case NodeKind::ForRange: {
      auto* f = static_cast<ForRange*>(n);
      expression(f->start);
      expression(f->stop);
      expression(f->step);
      f->frame_slots = loop_body(f->body, {f->var});
      return;
    }
    case NodeKind::ForIn: {
      auto* f = static_cast<ForIn*>(n);
      expression(f->iterable);
      std::vector<Ident*> vars{f->first};
      if (f->second) vars.push_back(f->second);
      f->frame_slots = loop_body(f->body, vars);
      return;
    }
    case NodeKind::Match: {
      auto* m = static_cast<Match*>(n);
      expression(m->subject);
      for (MatchArm& arm : m->arms) {
        for (Node* v : arm.values) expression(v);
        expression(arm.range_start);
        expression(arm.range_stop);
        expression(arm.range_step);
        block(arm.body);
      }
      if (m->otherwise) block(m->otherwise);
      return;
    }
    case NodeKind::Return: return expression(static_cast<Return*>(n)->value);
    case NodeKind::Raise: return expression(static_cast<Raise*>(n)->value);
    case NodeKind::FunDecl: {
      auto* f = static_cast<FunDecl*>(n);
      for (Decorator& d : f->decl->decorators) expression(d.expr);
      declare(f->target, false, f->is_pub, true);
      FunctionScope scope;
      function(f->decl, scope);
      return;
    }
    case NodeKind::TypeDecl: {
      auto* t = static_cast<TypeDecl*>(n);
      for (Ident* trait : t->trait_refs)
        if (trait->var.name != t->name) reference(trait);
      declare(t->target, false, t->is_pub, true);
      for (FieldDecl& field : t->fields) {
        field.sym = symbols_.intern(field.name);
        expression(field.default_value);
      }
      for (FunctionDecl* m : t->methods) {
        for (Decorator& d : m->decorators) expression(d.expr);
        FunctionScope scope;
        function(m, scope);
      }
      return;
    }
    case NodeKind::TraitDecl: {
      auto* t = static_cast<TraitDecl*>(n);
      return declare(t->target, false, t->is_pub, true);
    }
    case NodeKind::Try: {
      auto* t = static_cast<Try*>(n);
      block(t->body);
      for (CatchClause& c : t->catches) {
        if (c.type_ref) reference(c.type_ref);
        push_scope();
        declare(c.var, false, false, true);
        block(c.body, false);
        pop_scope();
      }
      if (t->ensure) block(t->ensure);
      return;
    }
    case NodeKind::With: {
      auto* w = static_cast<With*>(n);
      for (WithItem& item : w->items) expression(item.expr);
      push_scope();
      for (WithItem& item : w->items)
        if (item.var) declare(item.var, false, false, true);
      block(w->body, false);
      pop_scope();
      return;
    }
    case NodeKind::Use: {
      auto* u = static_cast<Use*>(n);
      if (u->alias) declare(u->alias, false, false, true);
      for (UseItem& item : u->items) {
        auto& names = current_->blocks.back().names;
        auto existing = names.find(item.target->var.name);
        item.conflict = existing != names.end() && existing->second.declared;
        declare(item.target, false, false, true);
      }
      return;
    }
    case NodeKind::Break:
    case NodeKind::Continue:
    case NodeKind::Nop:
    case NodeKind::Fail:
      return;
    default:
      expression(n);
  }
}

}  // namespace quest
