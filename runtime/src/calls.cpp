// Calling: argument evaluation, binding parameters into a new frame, natives, methods.
#include "interpreter.hpp"
#include "stack_guard.hpp"
#include "syntax_error.hpp"

namespace quest {

void Interpreter::eval_args(const std::vector<Arg>& args, EnvObj* env, CallArgs& out) {
  for (const Arg& a : args) {
    switch (a.kind) {
      case ArgKind::Positional:
        if (!out.named.empty()) raise("ArgErr", "Positional argument after named arguments");
        out.positional.push(eval(a.value, env));
        break;
      case ArgKind::Named:
        for (const Arg& earlier : args) {
          if (&earlier == &a) break;
          if (earlier.kind == ArgKind::Named && earlier.name == a.name)
            raise("ArgErr", "Duplicate keyword argument '" + a.name + "'");
        }
        out.named.emplace_back(a.name, eval(a.value, env));  // overrides a **unpacked value
        break;
      case ArgKind::Splat: {
        Value v = eval(a.value, env);
        if (!v.is_array()) raise("TypeErr", "*unpacking needs an Array, got " + type_name(v));
        for (const Value& item : v.as_array().items) out.positional.push(item);
        break;
      }
      case ArgKind::KwSplat: {
        Value v = eval(a.value, env);
        if (!v.is_dict()) raise("TypeErr", "**unpacking needs a Dict, got " + type_name(v));
        v.as_dict().for_each([&](const std::string& k, const Value& val) { out.named.emplace_back(k, val); });
        break;
      }
    }
  }
}

static std::string function_label(const FunctionDecl* d) {
  return d->name.empty() ? "<lambda>" : d->name;
}

// Runs a bound frame's body and turns `return` into the result.
static Value run_body(Interpreter& in, FunctionDecl* d, EnvObj* frame_env, TypeObj* owner) {
  if (in.frames.size() >= in.options.max_call_depth)
    in.raise("RuntimeErr", "Maximum recursion depth exceeded (" + std::to_string(in.options.max_call_depth) + ")");
  // Every 8th level is enough: the reserve below the floor holds far more than 8 frames.
  if ((in.frames.size() & 7) == 0 && detail::stack_nearly_exhausted())
    in.raise("RuntimeErr", "Maximum recursion depth exceeded (the C++ stack is nearly full at depth " +
                               std::to_string(in.frames.size()) + ")");
  FrameGuard guard(in, Frame{d, &d->file, d->line, owner, frame_env});
  Value result = in.exec_block(d->body, frame_env);
  if (in.ctl != Interpreter::Ctl::None) {
    if (in.ctl == Interpreter::Ctl::Return) result = std::move(in.return_value);
    in.ctl = Interpreter::Ctl::None;
  }
  return result;
}

Value Interpreter::call_function(FunctionObj* fn, const Value* self, CallArgs& args) {
  FunctionDecl* d = fn->decl;
  Ref<EnvObj> frame_env(new EnvObj(fn->closure, d->num_slots));
  Value* slots = frame_env->slots;
  std::uint32_t first = 0;
  if (d->is_method) {
    slots[0] = self ? *self : Value();
    first = 1;
  }
  std::size_t n_params = d->params.size();
  std::size_t n_pos = args.positional.size();
  if (n_pos > n_params && d->varargs.empty())
    raise("ArgErr", function_label(d) + " expects " + std::to_string(n_params) + " arguments, got " +
                        std::to_string(n_pos));
  std::size_t bound = std::min(n_pos, n_params);
  for (std::size_t i = 0; i < bound; ++i) slots[first + i] = std::move(args.positional[i]);
  for (std::size_t i = bound; i < n_params; ++i) slots[first + i] = Value::undefined();
  if (!d->varargs.empty()) {
    std::vector<Value> rest;
    for (std::size_t i = n_params; i < n_pos; ++i) rest.push_back(std::move(args.positional[i]));
    slots[d->varargs_slot] = make_array(std::move(rest));
  }
  Ref<DictObj> extra;
  if (!d->kwargs.empty()) {
    extra = make_ref<DictObj>();
    slots[d->kwargs_slot] = Value(extra);
  }
  for (auto& [name, value] : args.named) {
    bool found = false;
    for (std::size_t i = 0; i < n_params; ++i) {
      if (d->params[i].name != name) continue;
      if (i < bound) raise("ArgErr", function_label(d) + ": parameter '" + name + "' given twice");
      slots[first + i] = std::move(value);
      found = true;
      break;
    }
    if (found) continue;
    if (!extra) raise("ArgErr", function_label(d) + ": unknown named argument '" + name + "'");
    extra->set(name, std::move(value));
  }
  for (std::size_t i = 0; i < n_params; ++i) {
    const Param& p = d->params[i];
    if (slots[first + i].is_undefined()) {
      if (!p.default_value)
        raise("ArgErr", function_label(d) + " missing required argument '" + p.name + "'");
      // Defaults run at call time inside the new frame, so they see earlier parameters.
      FrameGuard guard(*this, Frame{d, &d->file, d->line, fn->owner.get()});
      slots[first + i] = eval(p.default_value, frame_env.get());
    }
    if (!p.type.name.empty()) check_type(p.type, slots[first + i], function_label(d) + " argument '" + p.name + "'");
  }
  return run_body(*this, d, frame_env.get(), fn->owner.get());
}

Value Interpreter::call_native(const NativeMethod& m, const Value& self, CallArgs& args) {
  std::size_t n = args.positional.size();
  if (static_cast<int>(n) < m.min_arity || (m.max_arity != kVariadic && static_cast<int>(n) > m.max_arity)) {
    std::string expected = m.min_arity == m.max_arity ? std::to_string(m.min_arity)
                           : m.max_arity == kVariadic ? "at least " + std::to_string(m.min_arity)
                               : std::to_string(m.min_arity) + " to " + std::to_string(m.max_arity);
    raise("ArgErr", m.name + " expects " + expected + " arguments, got " + std::to_string(n));
  }
  Ref<DictObj> named;
  if (!args.named.empty()) {
    named = make_ref<DictObj>();
    for (auto& [k, v] : args.named) named->set(k, v);
  }
  Args native_args(self, std::span<const Value>(args.positional.data(), n), named.get());
  try {
    return m.fn(vm, native_args);
  } catch (QuestError& e) {
    if (e.exception().is_nil()) {
      Value exception = make_exception(e.type(), e.message());
      stamp(*static_cast<ExceptionObj*>(exception.raw_object()));
      e.set_exception(exception);
    }
    throw;
  } catch (const std::bad_alloc&) {
    raise("RuntimeErr", m.name + ": out of memory");
  } catch (const SyntaxError&) {
    throw;
  } catch (const std::exception& e) {
    // A C++ library error inside a native (std::regex_error, std::out_of_range...) must
    // not escape as a crash: it becomes a catchable Quest error.
    raise("RuntimeErr", m.name + ": " + e.what());
  }
}

Value Interpreter::eval_call(Call* c, EnvObj* env) {
  Value callee;
  if (c->callee->kind == NodeKind::Ident && static_cast<Ident*>(c->callee)->var.scope != VarScope::Builtin) {
    const Value& slot = slot_ref(static_cast<Ident*>(c->callee)->var, env);
    callee = slot.is_undefined() ? eval_ident(static_cast<Ident*>(c->callee), env) : slot;
  } else {
    callee = eval(c->callee, env);
  }
  frames.back().line = c->line;
  if (c->simple && callee.is_kind(ObjKind::Function)) {
    auto* fn = static_cast<FunctionObj*>(callee.raw_object());
    FunctionDecl* d = fn->decl;
    if (!d->is_method && d->varargs.empty() && d->kwargs.empty() && c->args.size() == d->params.size()) {
      // Fast path: evaluate arguments straight into the callee's frame.
      Ref<EnvObj> frame_env(new EnvObj(fn->closure, d->num_slots));
      for (std::size_t i = 0; i < c->args.size(); ++i) {
        frame_env->slots[i] = eval(c->args[i].value, env);
        const Param& p = d->params[i];
        if (!p.type.name.empty()) check_type(p.type, frame_env->slots[i], function_label(d) + " argument '" + p.name + "'");
      }
      return run_body(*this, d, frame_env.get(), fn->owner.get());
    }
  }
  CallArgs args;
  eval_args(c->args, env, args);
  return call_value(callee, args, c->line);
}

Value Interpreter::eval_method_call(MethodCall* c, EnvObj* env) {
  Value receiver = eval(c->object, env);
  frames.back().line = c->line;
  if (c->simple && receiver.is_kind(ObjKind::Instance)) {
    auto* inst = static_cast<InstanceObj*>(receiver.raw_object());
    auto it = inst->type->methods.find(c->sym);
    if (it != inst->type->methods.end() && it->second.is_kind(ObjKind::Function)) {
      auto* fn = static_cast<FunctionObj*>(it->second.raw_object());
      FunctionDecl* d = fn->decl;
      if (d->varargs.empty() && d->kwargs.empty() && c->args.size() == d->params.size()) {
        Ref<FunctionObj> keep(fn);
        Ref<EnvObj> frame_env(new EnvObj(fn->closure, d->num_slots));
        frame_env->slots[0] = receiver;
        for (std::size_t i = 0; i < c->args.size(); ++i) frame_env->slots[i + 1] = eval(c->args[i].value, env);
        return run_body(*this, d, frame_env.get(), fn->owner.get());
      }
    }
  }
  CallArgs args;
  eval_args(c->args, env, args);
  return call_method(receiver, c->sym, args, c->line);
}

Value Interpreter::call_value(const Value& callee, CallArgs& args, int line) {
  if (!callee.is_object()) raise("TypeErr", "Cannot call a value of type " + type_name(callee));
  switch (callee.as_object()->kind()) {
    case ObjKind::Function: return call_function(static_cast<FunctionObj*>(callee.raw_object()), nullptr, args);
    case ObjKind::NativeFunction:
      return call_native(static_cast<NativeFunctionObj*>(callee.raw_object())->method, Value(), args);
    case ObjKind::BoundMethod: {
      auto* bm = static_cast<BoundMethodObj*>(callee.raw_object());
      Ref<BoundMethodObj> keep(bm);
      if (bm->native) return call_native(*bm->native, bm->receiver, args);
      return call_function(static_cast<FunctionObj*>(bm->function.raw_object()), &bm->receiver, args);
    }
    case ObjKind::Type: return construct(static_cast<TypeObj*>(callee.raw_object()), args);
    case ObjKind::Instance: return call_method(callee, sym_call, args, line);
    default: raise("TypeErr", "Cannot call a value of type " + type_name(callee));
  }
}

}  // namespace quest
