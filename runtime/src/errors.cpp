// Quest exceptions: creation, stamping with file:line and stack, raise/try/with.
#include "interpreter.hpp"

namespace quest {

Value Interpreter::make_exception(const std::string& type, const std::string& message) {
  return Value(make_ref<ExceptionObj>(type, message));
}

void Interpreter::stamp(ExceptionObj& e) {
  if (frames.empty()) return;
  e.file = *frames.back().file;
  e.line = frames.back().line;
  e.stack.clear();
  // Innermost first. A run of identical frames (deep recursion) shows its first
  // kShowRepeats lines and then one "repeated" line, so a short recursion lists every
  // frame as upstream does; very deep stacks keep their innermost and outermost frames.
  constexpr std::size_t kKeepInner = 40, kKeepOuter = 10, kShowRepeats = 10;
  std::size_t repeats = 0, run = 0, emitted = 0, depth = frames.size() - 1;
  std::string previous;
  auto flush_repeats = [&] {
    if (repeats) e.stack.push_back("... previous frame repeated " + std::to_string(repeats) + " more times");
    repeats = 0;
  };
  for (std::size_t i = frames.size() - 1; i >= 1; --i, --depth) {
    const Frame& f = frames[i];
    std::string name = f.decl->name.empty() ? "<lambda>" : f.decl->name;
    std::string line = "at " + name + " (" + *f.file + ":" + std::to_string(f.line) + ")";
    if (line == previous && ++run >= kShowRepeats) {
      ++repeats;
      continue;
    }
    if (line != previous) {
      flush_repeats();
      run = 0;
    }
    previous = line;
    if (emitted == kKeepInner && depth > kKeepOuter) {
      e.stack.push_back("... " + std::to_string(depth - kKeepOuter) + " frames omitted");
      i = kKeepOuter + 1;
      depth = kKeepOuter + 1;
      previous.clear();
      run = 0;
      ++emitted;
      continue;
    }
    e.stack.push_back(line);
    ++emitted;
  }
  flush_repeats();
}

void Interpreter::raise(const std::string& type, const std::string& message) {
  Value e = make_exception(type, message);
  stamp(*static_cast<ExceptionObj*>(e.raw_object()));
  throw QuestError(type, message, std::move(e));
}

Value Interpreter::exception_from(QuestError& err) {
  if (err.exception().is_nil()) {
    Value e = make_exception(err.type(), err.message());
    stamp(*static_cast<ExceptionObj*>(e.raw_object()));
    err.set_exception(e);
  }
  return err.exception();
}

bool Interpreter::type_matches(const Value& exception, const std::string& name) {
  if (name.empty() || name == "Err" || name == "Error" || name == "Exception") return true;
  auto* e = static_cast<ExceptionObj*>(exception.raw_object());
  return e->type == name;
}

static std::string instance_message(Interpreter& in, const Value& inst) {
  auto* obj = static_cast<InstanceObj*>(inst.raw_object());
  Symbol message = in.sym_message;
  if (obj->type->methods.count(message)) {
    CallArgs args;
    return in.to_str(in.call_method(inst, message, args, in.frames.back().line));
  }
  auto field = obj->type->field_index.find(message);
  if (field != obj->type->field_index.end()) return in.to_str(obj->fields[field->second]);
  return in.to_str(inst);
}

Value Interpreter::eval_raise(Raise* n, EnvObj* env) {
  if (!n->value) {
    if (handling.empty()) raise("RuntimeErr", "No active exception to re-raise");
    Value e = handling.back();
    auto* obj = static_cast<ExceptionObj*>(e.raw_object());
    throw QuestError(obj->type, obj->message, e);
  }
  Value v = eval(n->value, env);
  if (v.is_str()) raise("RuntimeErr", v.as_str());
  if (v.is_kind(ObjKind::Exception)) {
    auto* obj = static_cast<ExceptionObj*>(v.raw_object());
    if (obj->line == 0) stamp(*obj);
    if (!handling.empty() && obj->cause.is_nil() && handling.back().raw_object() != obj)
      obj->cause = handling.back();
    throw QuestError(obj->type, obj->message, v);
  }
  if (v.is_kind(ObjKind::Type)) {
    auto* type = static_cast<TypeObj*>(v.raw_object());
    if (type->type_kind == TypeKind::Exception) raise(type->name, "");
  }
  if (v.is_kind(ObjKind::Instance)) {
    auto* inst = static_cast<InstanceObj*>(v.raw_object());
    bool is_error = false;
    for (const std::string& t : inst->type->traits) is_error = is_error || t == "Error";
    if (!is_error) raise("TypeErr", "Cannot raise " + inst->type->name + ": type does not implement Error");
    std::string message = instance_message(*this, v);
    Value e = make_exception(inst->type->name, message);
    auto* obj = static_cast<ExceptionObj*>(e.raw_object());
    obj->payload = v;
    stamp(*obj);
    throw QuestError(obj->type, message, e);
  }
  raise("TypeErr", "Cannot raise a value of type " + type_name(v));
}

namespace {
// Saves pending control flow (a `return` in flight) while an ensure block runs.
struct PendingControl {
  Interpreter& in;
  Interpreter::Ctl ctl;
  Value value;
  explicit PendingControl(Interpreter& i) : in(i), ctl(i.ctl), value(std::move(i.return_value)) {
    in.ctl = Interpreter::Ctl::None;
  }
  void restore() {
    if (in.ctl == Interpreter::Ctl::None) {
      in.ctl = ctl;
      in.return_value = std::move(value);
    }
  }
};
}  // namespace

static void run_ensure(Interpreter& in, Block* ensure, EnvObj* env) {
  if (!ensure) return;
  PendingControl pending(in);
  in.exec_block(ensure, env);
  pending.restore();
}

// Upstream checks a catch clause's type before the try block runs: a user type that
// does not implement Error can never be raised, so catching it is a TypeErr. Names
// that are not types (undefined, or a type-name string like `Int`) match by name.
void Interpreter::check_catch_types(Try* n, EnvObj* env) {
  for (CatchClause& c : n->catches) {
    if (!c.type_ref) continue;
    const VarRef& var = c.type_ref->var;
    const Value& v = var.scope == VarScope::Builtin ? builtin_values[var.slot] : slot_ref(var, env);
    if (!v.is_kind(ObjKind::Type)) continue;
    auto* type = static_cast<TypeObj*>(v.raw_object());
    if (type->type_kind == TypeKind::Exception) continue;
    bool is_error = false;
    for (const std::string& t : type->traits) is_error = is_error || t == "Error";
    if (!is_error) raise("TypeErr", "Cannot catch " + type->name + ": type does not implement Error");
  }
}

Value Interpreter::eval_try(Try* n, EnvObj* env) {
  check_catch_types(n, env);
  Value result;
  std::size_t depth = frames.size();
  try {
    result = exec_block(n->body, env);
  } catch (QuestError& err) {
    while (frames.size() > depth) frames.pop_back();
    Value exc = exception_from(err);
    CatchClause* clause = nullptr;
    for (CatchClause& c : n->catches)
      if (type_matches(exc, c.type_name)) {
        clause = &c;
        break;
      }
    if (!clause) {
      run_ensure(*this, n->ensure, env);
      throw;
    }
    auto* obj = static_cast<ExceptionObj*>(exc.raw_object());
    env->slots[clause->var->var.slot] = obj->payload.is_nil() ? exc : obj->payload;
    handling.push_back(exc);
    try {
      result = exec_block(clause->body, env);
    } catch (...) {
      handling.pop_back();
      run_ensure(*this, n->ensure, env);
      throw;
    }
    handling.pop_back();
  } catch (ExitRequest&) {
    throw;
  }
  run_ensure(*this, n->ensure, env);
  return result;
}

Value Interpreter::eval_with(With* n, EnvObj* env) {
  std::vector<Value> managers;
  Symbol enter = sym_enter, exit = sym_exit;
  auto exit_all = [&] {
    for (auto it = managers.rbegin(); it != managers.rend(); ++it) {
      CallArgs none;
      call_method(*it, exit, none, n->line);
    }
  };
  try {
    for (WithItem& item : n->items) {
      Value manager = eval(item.expr, env);
      CallArgs none;
      Value entered = call_method(manager, enter, none, n->line);
      managers.push_back(manager);
      if (item.var) env->slots[item.var->var.slot] = entered;
    }
    Value result = exec_block(n->body, env);
    PendingControl pending(*this);
    exit_all();
    pending.restore();
    return result;
  } catch (QuestError&) {
    exit_all();
    throw;
  }
}

}  // namespace quest
