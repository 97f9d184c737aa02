// Helpers shared by the hot built-in method files (number, array, dict, globals).
// These files may use interpreter internals for speed.
#pragma once

#include "interpreter.hpp"

namespace quest {

inline Interpreter& interp(Vm& vm) { return vm.interpreter(); }

// Number of parameters a callback declares (user functions), so `each` can pass
// (item) or (item, index). Natives and others get 1.
inline std::size_t callback_arity(const Value& fn) {
  if (fn.is_kind(ObjKind::Function)) {
    auto* f = static_cast<FunctionObj*>(fn.raw_object());
    return f->decl->params.size() + (f->decl->varargs.empty() ? 0 : 2);
  }
  return 1;
}

inline Value call1(Interpreter& in, const Value& fn, const Value& a) {
  CallArgs args;
  args.positional.push(a);
  return in.call_value(fn, args, in.frames.empty() ? 0 : in.frames.back().line);
}

inline Value call2(Interpreter& in, const Value& fn, const Value& a, const Value& b) {
  CallArgs args;
  args.positional.push(a);
  args.positional.push(b);
  return in.call_value(fn, args, in.frames.empty() ? 0 : in.frames.back().line);
}

}  // namespace quest
