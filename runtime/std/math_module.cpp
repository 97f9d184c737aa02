// std/math: constants and the usual real functions. Results are Floats, except abs,
// which keeps an Int an Int (overflow-checked: abs(INT_MIN) is a RuntimeErr).
#include <cmath>
#include <limits>
#include <numbers>

#include "std_support.hpp"

namespace quest {

namespace {

using UnaryFn = double (*)(double);

void unary(ModuleBuilder& module, const std::string& name, UnaryFn fn) {
  module.function(name, [fn, name](Vm&, const Args& args) {
    return Value::number(fn(arg_float(args, 1, name)));
  }, 1, 1);
}

// Round half away from zero to `places` decimals (negative places round to tens...).
double round_to(double value, int64_t places) {
  if (places == 0) return std::round(value);
  const double scale = std::pow(10.0, static_cast<double>(places));
  if (!std::isfinite(scale) || scale == 0.0) return value;
  const double rounded = std::round(value * scale) / scale;
  return std::isfinite(rounded) ? rounded : value;
}

Value absolute(const Args& args) {
  const Value& n = arg_any(args, 1, "abs");
  if (n.is_int()) {
    if (n.as_int() == std::numeric_limits<int64_t>::min()) throw_error("RuntimeErr", "abs: integer overflow");
    return Value::integer(n.as_int() < 0 ? -n.as_int() : n.as_int());
  }
  return Value::number(std::fabs(arg_float(args, 1, "abs")));
}

void build(Vm&, ModuleBuilder& module) {
  module.doc("Mathematical constants and functions.");
  module.value("pi", Value::number(std::numbers::pi));
  module.value("tau", Value::number(2 * std::numbers::pi));
  module.value("e", Value::number(std::numbers::e));
  module.value("inf", Value::number(std::numeric_limits<double>::infinity()));
  module.value("nan", Value::number(std::numeric_limits<double>::quiet_NaN()));
  const std::pair<const char*, UnaryFn> functions[] = {
      {"sin", std::sin},   {"cos", std::cos},     {"tan", std::tan},     {"asin", std::asin},
      {"acos", std::acos}, {"atan", std::atan},   {"sinh", std::sinh},   {"cosh", std::cosh},
      {"tanh", std::tanh}, {"sqrt", std::sqrt},   {"cbrt", std::cbrt},   {"exp", std::exp},
      {"ln", std::log},    {"log10", std::log10}, {"log2", std::log2},   {"floor", std::floor},
      {"ceil", std::ceil}, {"trunc", std::trunc},
  };
  for (const auto& [name, fn] : functions) unary(module, name, fn);
  module.function("abs", [](Vm&, const Args& args) { return absolute(args); }, 1, 1);
  module.function("round", [](Vm&, const Args& args) {
    return Value::number(round_to(arg_float(args, 1, "round"), opt_int(args, 2, "round", 0)));
  }, 1, 2);
  module.function("atan2", [](Vm&, const Args& args) {
    return Value::number(std::atan2(arg_float(args, 1, "atan2"), arg_float(args, 2, "atan2")));
  }, 2, 2);
  module.function("pow", [](Vm&, const Args& args) {
    return Value::number(std::pow(arg_float(args, 1, "pow"), arg_float(args, 2, "pow")));
  }, 2, 2);
}

}  // namespace

void register_math_module(Vm& vm) { vm.register_native_module("std/math", build); }

}  // namespace quest
