// Loops: while, numeric ranges and for-in over arrays, dicts, strings and bytes.
#include "interpreter.hpp"

namespace quest {

// After a loop body: true when the loop must stop (break or return).
static inline bool loop_should_stop(Interpreter::Ctl& ctl) {
  if (ctl == Interpreter::Ctl::None) return false;
  if (ctl == Interpreter::Ctl::Continue) {
    ctl = Interpreter::Ctl::None;
    return false;
  }
  if (ctl == Interpreter::Ctl::Break) ctl = Interpreter::Ctl::None;
  return true;
}

Value Interpreter::eval_while(While* n, EnvObj* env) {
  while (eval_condition(n->cond, env)) {
    exec_block(n->body, env);
    if (loop_should_stop(ctl)) break;
  }
  return Value();
}

// The frame one loop iteration runs in: the enclosing one, or a fresh child frame when
// the body creates closures (so each closure sees its own iteration's variables).
static inline EnvObj* iteration_env(std::uint32_t frame_slots, EnvObj* env, Ref<EnvObj>& holder) {
  if (!frame_slots) return env;
  holder = Ref<EnvObj>(new EnvObj(Ref<EnvObj>(env), frame_slots));
  return holder.get();
}

Value Interpreter::eval_for_range(ForRange* n, EnvObj* env) {
  Value start = eval(n->start, env);
  Value stop = eval(n->stop, env);
  Value step = n->step ? eval(n->step, env) : Value::integer(1);
  std::uint32_t slot = n->var->var.slot;
  if (start.is_int() && stop.is_int() && step.is_int()) {
    std::int64_t s = step.as_int();
    if (s == 0) raise("ValueErr", "Range step cannot be zero");
    std::int64_t i = start.as_int(), end = stop.as_int();
    for (;;) {
      if (s > 0 ? (n->inclusive ? i > end : i >= end) : (n->inclusive ? i < end : i <= end)) break;
      Ref<EnvObj> holder;
      EnvObj* frame = iteration_env(n->frame_slots, env, holder);
      frame->slots[slot] = Value::integer(i);
      exec_block(n->body, frame);
      if (loop_should_stop(ctl)) break;
      if (__builtin_add_overflow(i, s, &i)) break;
    }
    return Value();
  }
  if (!start.is_number() || !stop.is_number() || !step.is_number())
    raise("TypeErr", "Range bounds must be numbers");
  double s = step.as_number(), i = start.as_number(), end = stop.as_number();
  if (s == 0) raise("ValueErr", "Range step cannot be zero");
  for (;; i += s) {
    if (s > 0 ? (n->inclusive ? i > end : i >= end) : (n->inclusive ? i < end : i <= end)) break;
    Ref<EnvObj> holder;
    EnvObj* frame = iteration_env(n->frame_slots, env, holder);
    frame->slots[slot] = Value::number(i);
    exec_block(n->body, frame);
    if (loop_should_stop(ctl)) break;
  }
  return Value();
}

Value Interpreter::eval_for_in(ForIn* n, EnvObj* env) {
  Value iterable = eval(n->iterable, env);
  std::uint32_t first = n->first->var.slot;
  std::uint32_t second = n->second ? n->second->var.slot : 0;
  if (iterable.is_array()) {
    Ref<ArrayObj> array(&iterable.as_array());
    for (std::size_t i = 0; i < array->items.size(); ++i) {
      Ref<EnvObj> holder;
      EnvObj* frame = iteration_env(n->frame_slots, env, holder);
      frame->slots[first] = array->items[i];
      if (n->second) frame->slots[second] = Value::integer(static_cast<std::int64_t>(i));
      exec_block(n->body, frame);
      if (loop_should_stop(ctl)) break;
    }
  } else if (iterable.is_dict()) {
    Ref<DictObj> dict(&iterable.as_dict());
    const auto& entries = dict->entries();
    for (std::size_t i = 0; i < dict->entries().size(); ++i) {
      if (!entries[i].live) continue;
      Ref<EnvObj> holder;
      EnvObj* frame = iteration_env(n->frame_slots, env, holder);
      frame->slots[first] = make_str(entries[i].key);
      if (n->second) frame->slots[second] = entries[i].value;
      exec_block(n->body, frame);
      if (loop_should_stop(ctl)) break;
    }
  } else if (iterable.is_str()) {
    const std::string& s = iterable.as_str();
    std::int64_t index = 0;
    for (std::size_t i = 0; i < s.size();) {
      std::size_t len = 1;
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0xF0) len = 4;
      else if (c >= 0xE0) len = 3;
      else if (c >= 0xC0) len = 2;
      Value ch = make_str(s.substr(i, len));
      Ref<EnvObj> holder;
      EnvObj* frame = iteration_env(n->frame_slots, env, holder);
      i += len;
      frame->slots[first] = ch;
      if (n->second) frame->slots[second] = Value::integer(index++);
      exec_block(n->body, frame);
      if (loop_should_stop(ctl)) break;
    }
  } else if (iterable.is_bytes()) {
    std::string data = iterable.as_bytes().data;
    for (unsigned char c : data) {
      Ref<EnvObj> holder;
      EnvObj* frame = iteration_env(n->frame_slots, env, holder);
      frame->slots[first] = Value::integer(c);
      exec_block(n->body, frame);
      if (loop_should_stop(ctl)) break;
    }
  } else {
    raise("TypeErr", "Cannot iterate over " + type_name(iterable));
  }
  return Value();
}

}  // namespace quest
