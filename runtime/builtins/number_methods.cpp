// Methods of Int, Float and Bool.
#include <cmath>

#include "builtin_helpers.hpp"
#include "builtin_registry.hpp"

namespace quest {

namespace {

Value arith(Vm& vm, Op op, const Args& args) { return interp(vm).binary_op(op, args.self(), arg_any(args, 1, "arithmetic")); }

Value compare_method(Vm& vm, const Args& args, int want_lo, int want_hi, bool negate = false) {
  int c = interp(vm).compare(args.self(), arg_any(args, 1, "compare"));
  bool r = c >= want_lo && c <= want_hi;
  return Value::boolean(negate ? !r : r);
}

Value int_pow(Interpreter& in, std::int64_t base, const Value& exp) {
  if (exp.is_int() && exp.as_int() >= 0) {
    std::int64_t result = 1, e = exp.as_int(), b = base;
    while (e > 0) {
      if (e & 1)
        if (__builtin_mul_overflow(result, b, &result)) in.raise("RuntimeErr", "Integer overflow in pow");
      e >>= 1;
      if (e > 0 && __builtin_mul_overflow(b, b, &b)) in.raise("RuntimeErr", "Integer overflow in pow");
    }
    return Value::integer(result);
  }
  if (!exp.is_number()) in.raise("TypeErr", "pow: argument 1 must be Num, got " + in.type_name(exp));
  return Value::number(std::pow(static_cast<double>(base), exp.as_number()));
}

void register_shared(Vm& vm, const std::string& type) {
  struct Arith {
    const char* name;
    Op op;
  };
  static const Arith ops[] = {{"plus", Op::Add}, {"add", Op::Add},   {"minus", Op::Sub}, {"sub", Op::Sub},
                              {"times", Op::Mul}, {"mul", Op::Mul},  {"div", Op::Div},   {"mod", Op::Mod}};
  for (const Arith& a : ops) {
    Op op = a.op;
    vm.register_method(type, a.name, [op](Vm& vm, const Args& args) { return arith(vm, op, args); }, 1, 1);
  }
  vm.register_method(type, "eq", [](Vm& vm, const Args& a) { return Value::boolean(vm.equals(a.self(), a[0])); }, 1, 1);
  vm.register_method(type, "neq", [](Vm& vm, const Args& a) { return Value::boolean(!vm.equals(a.self(), a[0])); }, 1, 1);
  vm.register_method(type, "gt", [](Vm& vm, const Args& a) { return compare_method(vm, a, 1, 1); }, 1, 1);
  vm.register_method(type, "gte", [](Vm& vm, const Args& a) { return compare_method(vm, a, 0, 1); }, 1, 1);
  vm.register_method(type, "lt", [](Vm& vm, const Args& a) { return compare_method(vm, a, -1, -1); }, 1, 1);
  vm.register_method(type, "lte", [](Vm& vm, const Args& a) { return compare_method(vm, a, -1, 0); }, 1, 1);
  vm.register_method(type, "min", [](Vm& vm, const Args& a) {
    const Value& o = arg_any(a, 1, "min");
    return interp(vm).compare(o, a.self()) < 0 ? o : a.self();
  }, 1, 1);
  vm.register_method(type, "max", [](Vm& vm, const Args& a) {
    const Value& o = arg_any(a, 1, "max");
    return interp(vm).compare(o, a.self()) > 0 ? o : a.self();
  }, 1, 1);
  vm.register_method(type, "to_string", [](Vm& vm, const Args& a) { return make_str(vm.to_str(a.self())); }, 0, 0);
  vm.register_method(type, "to_f64", [](Vm&, const Args& a) { return Value::number(a.self().as_number()); }, 0, 0);
  vm.register_method(type, "to_float", [](Vm&, const Args& a) { return Value::number(a.self().as_number()); }, 0, 0);
  vm.register_method(type, "to_num", [](Vm&, const Args& a) { return Value::number(a.self().as_number()); }, 0, 0);
}

void register_int(Vm& vm) {
  register_shared(vm, "Int");
  vm.register_method("Int", "pow", [](Vm& vm, const Args& a) {
    return int_pow(interp(vm), a.self().as_int(), arg_any(a, 1, "pow"));
  }, 1, 1);
  vm.register_method("Int", "abs", [](Vm& vm, const Args& a) {
    std::int64_t x = a.self().as_int();
    if (x == INT64_MIN) interp(vm).raise("RuntimeErr", "Integer overflow in abs");
    return Value::integer(x < 0 ? -x : x);
  }, 0, 0);
  vm.register_method("Int", "neg", [](Vm& vm, const Args& a) {
    std::int64_t x = a.self().as_int();
    if (x == INT64_MIN) interp(vm).raise("RuntimeErr", "Integer overflow in neg");
    return Value::integer(-x);
  }, 0, 0);
  vm.register_method("Int", "sign", [](Vm&, const Args& a) {
    std::int64_t x = a.self().as_int();
    return Value::integer((x > 0) - (x < 0));
  }, 0, 0);
  for (const char* name : {"round", "floor", "ceil", "trunc", "to_int"})
    vm.register_method("Int", name, [](Vm&, const Args& a) { return a.self(); }, 0, 0);
  vm.register_method("Int", "times_do", [](Vm& vm, const Args& a) {
    const Value& fn = arg_callable(a, 1, "times_do");
    for (std::int64_t i = 0; i < a.self().as_int(); ++i) call1(interp(vm), fn, Value::integer(i));
    return Value();
  }, 1, 1);
}

void register_float(Vm& vm) {
  register_shared(vm, "Float");
  vm.register_method("Float", "pow", [](Vm&, const Args& a) {
    return Value::number(std::pow(a.self().as_float(), arg_float(a, 1, "pow")));
  }, 1, 1);
  vm.register_method("Float", "abs", [](Vm&, const Args& a) { return Value::number(std::fabs(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "neg", [](Vm&, const Args& a) { return Value::number(-a.self().as_float()); }, 0, 0);
  vm.register_method("Float", "sign", [](Vm&, const Args& a) {
    double x = a.self().as_float();
    return Value::number(x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0);
  }, 0, 0);
  vm.register_method("Float", "floor", [](Vm&, const Args& a) { return Value::number(std::floor(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "ceil", [](Vm&, const Args& a) { return Value::number(std::ceil(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "trunc", [](Vm&, const Args& a) { return Value::number(std::trunc(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "round", [](Vm&, const Args& a) {
    double x = a.self().as_float();
    if (a.size() == 1) {
      double scale = std::pow(10.0, static_cast<double>(arg_int(a, 1, "round")));
      return Value::number(std::round(x * scale) / scale);
    }
    return Value::number(std::round(x));
  }, 0, 1);
  vm.register_method("Float", "to_int", [](Vm& vm, const Args& a) {
    double x = a.self().as_float();
    if (!std::isfinite(x) || x >= 9.2233720368547758e18 || x < -9.2233720368547758e18)
      interp(vm).raise("ValueErr", "Cannot convert " + vm.to_str(a.self()) + " to Int");
    return Value::integer(static_cast<std::int64_t>(x));
  }, 0, 0);
  vm.register_method("Float", "is_nan", [](Vm&, const Args& a) { return Value::boolean(std::isnan(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "is_infinite", [](Vm&, const Args& a) { return Value::boolean(std::isinf(a.self().as_float())); }, 0, 0);
  vm.register_method("Float", "is_finite", [](Vm&, const Args& a) { return Value::boolean(std::isfinite(a.self().as_float())); }, 0, 0);
}

}  // namespace

void register_number_methods(Vm& vm) {
  register_int(vm);
  register_float(vm);
  vm.register_method("Bool", "eq", [](Vm& vm, const Args& a) { return Value::boolean(vm.equals(a.self(), a[0])); }, 1, 1);
  vm.register_method("Bool", "neq", [](Vm& vm, const Args& a) { return Value::boolean(!vm.equals(a.self(), a[0])); }, 1, 1);
  vm.register_method("Bool", "to_string", [](Vm& vm, const Args& a) { return make_str(vm.to_str(a.self())); }, 0, 0);
}

}  // namespace quest
