// Statements: declarations, assignment and control flow.
#include "interpreter.hpp"

namespace quest {

Value Interpreter::eval_let(Let* let, EnvObj* env) {
  for (LetBinding& b : let->bindings) {
    Value& slot = env->slots[b.target->var.slot];
    if (b.redeclare && !slot.is_undefined())
      raise("NameErr", "Variable '" + b.target->var.name + "' already declared in this scope");
    Value v = b.value ? eval(b.value, env) : Value();
    env->slots[b.target->var.slot] = std::move(v);
  }
  return Value();
}

Value Interpreter::eval_assign(Assign* a, EnvObj* env) {
  Node* target = a->target;
  if (target->kind == NodeKind::Ident) {
    auto* id = static_cast<Ident*>(target);
    if (id->var.scope == VarScope::Builtin)
      raise("NameErr", "Cannot assign to undeclared variable '" + id->var.name + "' (use let)");
    Value& slot = slot_ref(id->var, env);
    if (slot.is_undefined())
      raise("NameErr", "Cannot assign to undeclared variable '" + id->var.name + "' (use let)");
    if (id->var.is_const) raise("NameErr", "Cannot reassign constant '" + id->var.name + "'");
    if (!a->compound) {
      if (a->value->kind == NodeKind::Binary && static_cast<Binary*>(a->value)->op == Op::Concat &&
          append_in_place(id, static_cast<Binary*>(a->value), env))
        return Value();
      Value v = eval(a->value, env);
      slot_ref(id->var, env) = std::move(v);
      return Value();
    }
    Value rhs = eval(a->value, env);
    Value& current = slot_ref(id->var, env);
    if (current.is_int() && rhs.is_int() && a->op == Op::Add) {
      std::int64_t out;
      if (!__builtin_add_overflow(current.raw_int(), rhs.raw_int(), &out)) {
        current = Value::integer(out);
        return Value();
      }
    }
    Value result = binary_op(a->op, current, rhs);
    slot_ref(id->var, env) = std::move(result);
    return Value();
  }
  if (target->kind == NodeKind::Index) {
    auto* ix = static_cast<Index*>(target);
    Value object = eval(ix->object, env);
    Value index = eval(ix->indexes[0], env);
    Value v = eval(a->value, env);
    if (a->compound) v = binary_op(a->op, get_index(object, index), v);
    set_index(object, index, std::move(v));
    return Value();
  }
  auto* m = static_cast<Member*>(target);
  Value object = eval(m->object, env);
  Value v = eval(a->value, env);
  if (a->compound) v = binary_op(a->op, get_member(object, m->sym, m->line), v);
  set_member(object, m->sym, std::move(v));
  return Value();
}

// Conditions: Int comparisons of locals/literals are decided without building a Value.
bool Interpreter::eval_condition(Node* cond, EnvObj* env) {
  if (cond->kind == NodeKind::Binary) {
    auto* b = static_cast<Binary*>(cond);
    const Value* l = b->left->kind == NodeKind::Literal ? &static_cast<Literal*>(b->left)->value
                     : b->left->kind == NodeKind::Ident && static_cast<Ident*>(b->left)->var.scope == VarScope::Local
                         ? &env->slots[static_cast<Ident*>(b->left)->var.slot]
                         : nullptr;
    const Value* r = b->right->kind == NodeKind::Literal ? &static_cast<Literal*>(b->right)->value
                     : b->right->kind == NodeKind::Ident && static_cast<Ident*>(b->right)->var.scope == VarScope::Local
                         ? &env->slots[static_cast<Ident*>(b->right)->var.slot]
                         : nullptr;
    if (l && r && l->is_int() && r->is_int()) {
      std::int64_t x = l->raw_int(), y = r->raw_int();
      switch (b->op) {
        case Op::Less: return x < y;
        case Op::LessEq: return x <= y;
        case Op::Greater: return x > y;
        case Op::GreaterEq: return x >= y;
        case Op::Eq: return x == y;
        case Op::NotEq: return x != y;
        default: break;
      }
    }
  }
  return truthy(eval(cond, env));
}

// `s = s .. x` where this frame holds the only reference to s: append instead of
// copying, which keeps string building linear.
bool Interpreter::append_in_place(Ident* target, Binary* concat, EnvObj* env) {
  if (concat->left->kind != NodeKind::Ident) return false;
  const VarRef& left = static_cast<Ident*>(concat->left)->var;
  if (left.scope != target->var.scope || left.slot != target->var.slot || left.depth != target->var.depth)
    return false;
  Value old = slot_ref(target->var, env);
  if (!old.is_str()) return false;
  Value piece = eval(concat->right, env);
  Value& slot = slot_ref(target->var, env);
  // Still the same string, referenced only by the slot and `old`: safe to append.
  if (slot.is_str() && slot.raw_object() == old.raw_object() && old.raw_object()->ref_count() == 2) {
    old = Value();
    StrObj& s = slot.as_str_obj();
    if (piece.is_str()) s.text += piece.as_str();
    else s.text += to_str(piece);
    return true;
  }
  slot = binary_op(Op::Concat, old, piece);
  return true;
}

Value Interpreter::eval_if(If* n, EnvObj* env) {
  for (auto& [cond, body] : n->branches)
    if (eval_condition(cond, env)) return exec_block(body, env);
  if (n->otherwise) return exec_block(n->otherwise, env);
  return Value();
}

// A range pattern `in lo to hi [step st]`, with upstream's rules: the subject and the
// bounds must be numbers (TypeErr); Int and Float mix, BigInt and Decimal ranges need
// their own type on every side (TypeErr); a step must be an Int (or a BigInt for a
// BigInt range), never a Float or Decimal (TypeErr), and positive (ValueErr).
// Int ranges use exact integer arithmetic; BigInt and Decimal go through the type's
// own operators.
bool Interpreter::in_match_range(const MatchArm& arm, const Value& subject, EnvObj* env) {
  auto kind_of = [&](const Value& v) -> std::string {
    if (v.is_number()) return "number";
    std::string t = type_name(v);
    return t == "BigInt" || t == "Decimal" ? t : std::string();
  };
  const std::string kind = kind_of(subject);
  if (kind.empty()) raise("TypeErr", "Range pattern needs a number to match, got " + type_name(subject));
  Value lo = eval(arm.range_start, env);
  Value hi = eval(arm.range_stop, env);
  for (const Value* bound : {&lo, &hi}) {
    std::string bound_kind = kind_of(*bound);
    if (bound_kind.empty()) raise("TypeErr", "Range pattern bounds must be numbers, got " + type_name(*bound));
    if (bound_kind != kind)
      raise("TypeErr", "Cannot match " + type_name(subject) + " against a range of " + type_name(*bound));
  }
  Value step;
  if (arm.range_step) {
    step = eval(arm.range_step, env);
    const bool step_ok = step.is_int() || (kind == "BigInt" && type_name(step) == "BigInt");
    if (!step_ok) raise("TypeErr", "Range pattern step must be an Int, got " + type_name(step));
    const bool positive = step.is_int() ? step.as_int() > 0 : truthy(binary_op(Op::Greater, step, binary_op(Op::Sub, step, step)));
    if (!positive) raise("ValueErr", "Range pattern step must be positive");
  }
  if (subject.is_int() && lo.is_int() && hi.is_int()) {
    std::int64_t x = subject.as_int(), a = lo.as_int(), b = hi.as_int();
    bool inside = x >= a && (arm.inclusive ? x <= b : x < b);
    if (!inside || !arm.range_step) return inside;
    return (x - a) % step.as_int() == 0;
  }
  if (kind == "number") {
    double x = subject.as_number(), a = lo.as_number(), b = hi.as_number();
    bool inside = x >= a && (arm.inclusive ? x <= b : x < b);
    if (!inside || !arm.range_step) return inside;
    double k = (x - a) / static_cast<double>(step.as_int());
    return k == static_cast<double>(static_cast<std::int64_t>(k));
  }
  bool inside = truthy(binary_op(Op::GreaterEq, subject, lo)) &&
                truthy(binary_op(arm.inclusive ? Op::LessEq : Op::Less, subject, hi));
  if (!inside || !arm.range_step) return inside;
  Value zero = binary_op(Op::Sub, lo, lo);
  if (step.is_int()) step = binary_op(Op::Add, zero, step);  // an Int step of a BigInt range
  return equals(binary_op(Op::Mod, binary_op(Op::Sub, subject, lo), step), zero);
}

Value Interpreter::eval_match(Match* n, EnvObj* env) {
  Value subject = eval(n->subject, env);
  for (MatchArm& arm : n->arms) {
    bool hit = false;
    if (arm.range_start) {
      hit = in_match_range(arm, subject, env);
    } else {
      for (Node* v : arm.values)
        if (equals(subject, eval(v, env))) {
          hit = true;
          break;
        }
    }
    if (hit) return exec_block(arm.body, env);
  }
  if (n->otherwise) return exec_block(n->otherwise, env);
  return Value();
}

Value Interpreter::eval_fun_decl(FunDecl* n, EnvObj* env) {
  Value fn = make_closure(n->decl, env, frames.back().owner);
  fn = apply_decorators(n->decl, std::move(fn), env);
  env->slots[n->target->var.slot] = fn;
  return Value();
}

Value Interpreter::eval_trait_decl(TraitDecl* n, EnvObj* env) {
  auto trait = make_ref<TraitObj>(n->name);
  trait->doc = n->doc;
  trait->methods = n->methods;
  env->slots[n->target->var.slot] = Value(trait);
  return Value();
}

Value Interpreter::eval_type_decl(TypeDecl* n, EnvObj* env) {
  auto type = make_ref<TypeObj>(n->name, TypeKind::User);
  type->doc = n->doc;
  type->defining_env = Ref<EnvObj>(env);
  type->traits = n->traits;
  for (FieldDecl& f : n->fields) {
    type->field_index[f.sym] = static_cast<std::uint32_t>(type->fields.size());
    type->fields.push_back(FieldInfo{f.name, f.sym, f.type, f.default_value, f.is_pub});
  }
  check_trait_methods(n, env);
  // Bind the name first so methods can refer to the type.
  env->slots[n->target->var.slot] = Value(type);
  for (FunctionDecl* m : n->methods) {
    Value fn = make_closure(m, env, type.get());
    fn = apply_decorators(m, std::move(fn), env);
    Symbol sym = symbols.intern(m->name);
    (m->is_static ? type->static_methods : type->methods)[sym] = fn;
  }
  return Value();
}

// A type that says `impl Trait` must define every method the trait lists.
void Interpreter::check_trait_methods(TypeDecl* n, EnvObj* env) {
  for (Ident* ref : n->trait_refs) {
    if (ref->var.scope == VarScope::Unresolved) continue;
    const Value& trait = ref->var.scope == VarScope::Builtin ? builtin_values[ref->var.slot] : slot_ref(ref->var, env);
    if (!trait.is_kind(ObjKind::Trait)) continue;  // unknown names are not checked
    for (const std::string& method : static_cast<TraitObj*>(trait.raw_object())->methods) {
      bool found = false;
      for (FunctionDecl* m : n->methods) found = found || (m->name == method && !m->is_static);
      if (!found)
        raise("TypeErr", "Type " + n->name + " does not implement method '" + method + "' of trait " + ref->var.name);
    }
  }
}

Value Interpreter::make_closure(FunctionDecl* decl, EnvObj* env, TypeObj* owner) {
  return Value(make_ref<FunctionObj>(decl, Ref<EnvObj>(env), owner));
}

// @dec fun f ... end  ->  f = dec(f);  @Type(args) -> Type.new(f, args...)
Value Interpreter::apply_decorators(FunctionDecl* decl, Value fn, EnvObj* env) {
  for (auto it = decl->decorators.rbegin(); it != decl->decorators.rend(); ++it) {
    Node* expr = it->expr;
    CallArgs args;
    Value decorator;
    if (expr->kind == NodeKind::Call) {
      auto* c = static_cast<Call*>(expr);
      decorator = eval(c->callee, env);
      args.positional.push(fn);
      eval_args(c->args, env, args);
    } else if (expr->kind == NodeKind::MethodCall) {
      auto* c = static_cast<MethodCall*>(expr);
      decorator = get_member(eval(c->object, env), c->sym, c->line);
      args.positional.push(fn);
      eval_args(c->args, env, args);
    } else {
      decorator = eval(expr, env);
      args.positional.push(fn);
    }
    if (decorator.is_kind(ObjKind::Type)) fn = construct(static_cast<TypeObj*>(decorator.raw_object()), args);
    else fn = call_value(decorator, args, expr->line);
  }
  return fn;
}

}  // namespace quest
