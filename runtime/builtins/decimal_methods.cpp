// Decimal: exact base-10 numbers (mantissa x 10^-scale, scale <= 28), as rust_decimal
// behaves for the documented operations: "0.1".to_decimal() + ... is exact.
#include <cmath>
#include <cstdlib>

#include "bigint_value.hpp"
#include "builtin_registry.hpp"
#include "quest/vm.hpp"

namespace quest {

namespace {

constexpr unsigned kMaxScale = 28;

BigInt pow10(unsigned k) { return BigInt::from_int(10).pow(k); }

struct Dec {
  BigInt mantissa;
  unsigned scale = 0;

  Dec rescaled(unsigned to) const { return Dec{mantissa * pow10(to - scale), to}; }  // to >= scale
  // Drops trailing fractional zeros (used after division).
  Dec normalized() const {
    Dec d = *this;
    BigInt ten = BigInt::from_int(10), q, r;
    while (d.scale > 0) {
      BigInt::divmod(d.mantissa, ten, q, r);
      if (!r.is_zero()) break;
      d.mantissa = q;
      --d.scale;
    }
    return d;
  }
  std::string to_string() const {
    const std::string digits = mantissa.abs().to_string();
    // Built front to back (no inserts): sign, integer part, point, fraction.
    std::string out;
    if (mantissa.negative()) out.push_back('-');
    if (digits.size() <= scale) {
      out.append("0.");
      out.append(scale - digits.size(), '0');
      out.append(digits);
      return out;
    }
    std::size_t int_len = digits.size() - scale;
    out.append(digits, 0, int_len);
    if (scale > 0) {
      out.push_back('.');
      out.append(digits, int_len, std::string::npos);
    }
    return out;
  }
};

std::optional<Dec> parse_decimal(const std::string& raw) {
  std::size_t b = raw.find_first_not_of(" \t\r\n"), e = raw.find_last_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  std::string s = raw.substr(b, e - b + 1), digits;
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    i = 1;
  }
  unsigned scale = 0;
  bool dot = false, any = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') continue;
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits += c;
    any = true;
    if (dot) ++scale;
  }
  if (!any || scale > kMaxScale) return std::nullopt;
  std::optional<BigInt> m = BigInt::parse(digits);
  if (!m) return std::nullopt;
  return Dec{negative ? m->negated() : *m, scale};
}

enum class Rounding { HalfEven, Floor, Ceil, Trunc };

// Rounds to `dp` fractional digits; HalfEven is rust_decimal's default.
Dec round_to(const Dec& d, unsigned dp, Rounding mode) {
  if (d.scale <= dp) return d;
  BigInt divisor = pow10(d.scale - dp), q, r;
  BigInt::divmod(d.mantissa, divisor, q, r);  // q truncated toward zero
  if (!r.is_zero()) {
    bool negative = d.mantissa.negative();
    BigInt one = BigInt::from_int(negative ? -1 : 1);
    if (mode == Rounding::Floor && negative) q = q + one;
    else if (mode == Rounding::Ceil && !negative) q = q + one;
    else if (mode == Rounding::HalfEven) {
      int half = compare(r.abs() * BigInt::from_int(2), divisor);
      if (half > 0 || (half == 0 && !q.is_even())) q = q + one;
    }
  }
  return Dec{q, dp};
}

class DecimalObject final : public NativeObject {
 public:
  DecimalObject(const NativeClass* cls, Dec v) : NativeObject(cls), value(std::move(v)) {}
  bool truthy() const override { return !value.mantissa.is_zero(); }
  std::string to_display() const override { return value.to_string(); }
  Dec value;
};

Value make_dec(Vm& vm, Dec d) {
  if (d.scale > kMaxScale) d = round_to(d, kMaxScale, Rounding::HalfEven);
  return Value(make_ref<DecimalObject>(vm.native_class("Decimal"), std::move(d)));
}

double to_double(const Dec& d) { return std::strtod(d.to_string().c_str(), nullptr); }

const Dec& self_dec(const Args& a, std::string_view fn) { return self_native<DecimalObject>(a, fn, "Decimal").value; }

Dec from_value(const Value& v, std::string_view fn, const Args* args = nullptr, std::size_t pos = 0) {
  if (auto* d = v.native_as<DecimalObject>()) return d->value;
  if (v.is_int()) return Dec{BigInt::from_int(v.as_int()), 0};
  if (v.is_float() || v.is_str()) {
    std::string text;
    if (v.is_str()) text = v.as_str();
    else {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", v.as_float());
      text = buf;
    }
    if (std::optional<Dec> d = parse_decimal(text)) return *d;
    throw_error("ValueErr", std::string(fn) + ": invalid decimal: '" + text + "'");
  }
  if (args) throw_arg_type(*args, pos, fn, "Decimal");
  throw_error("TypeErr", std::string(fn) + ": expected a Decimal, got " + type_name_of(v));
}

Dec dec_arg(const Args& a, std::size_t pos, std::string_view fn) { return from_value(arg_any(a, pos, fn), fn, &a, pos); }

void align(Dec& x, Dec& y) {
  unsigned s = std::max(x.scale, y.scale);
  x = x.rescaled(s);
  y = y.rescaled(s);
}

int compare_dec(Dec x, Dec y) {
  align(x, y);
  return compare(x.mantissa, y.mantissa);
}

Dec divide(const Dec& x, const Dec& y) {
  if (y.mantissa.is_zero()) throw_error("RuntimeErr", "Decimal division by zero");
  // Scale the dividend so the quotient has kMaxScale fractional digits, then trim zeros.
  unsigned extra = kMaxScale + y.scale;
  BigInt q, r;
  BigInt::divmod(x.mantissa * pow10(extra), y.mantissa, q, r);
  return Dec{q, x.scale + kMaxScale}.normalized();
}

void register_arithmetic(Vm& vm) {
  auto binary = [&](std::initializer_list<const char*> names, Dec (*op)(Dec, Dec)) {
    for (const char* name : names)
      vm.register_method("Decimal", name, [op, name](Vm& vm, const Args& a) {
        return make_dec(vm, op(self_dec(a, name), dec_arg(a, 1, name)));
      }, 1, 1);
  };
  binary({"plus", "add"}, [](Dec x, Dec y) { align(x, y); return Dec{x.mantissa + y.mantissa, x.scale}; });
  binary({"minus", "sub"}, [](Dec x, Dec y) { align(x, y); return Dec{x.mantissa - y.mantissa, x.scale}; });
  binary({"times", "mul"}, [](Dec x, Dec y) { return Dec{x.mantissa * y.mantissa, x.scale + y.scale}; });
  binary({"div"}, [](Dec x, Dec y) { return divide(x, y); });
  binary({"mod"}, [](Dec x, Dec y) {
    if (y.mantissa.is_zero()) throw_error("RuntimeErr", "Decimal modulo by zero");
    align(x, y);
    BigInt q, r;
    BigInt::divmod(x.mantissa, y.mantissa, q, r);
    return Dec{r, x.scale};
  });
  binary({"min"}, [](Dec x, Dec y) { return compare_dec(x, y) <= 0 ? x : y; });
  binary({"max"}, [](Dec x, Dec y) { return compare_dec(x, y) >= 0 ? x : y; });
  // Documented to return a Float: Decimal has no exact power for every exponent.
  vm.register_method("Decimal", "pow", [](Vm&, const Args& a) {
    double exponent = arg_float(a, 1, "pow");
    return Value::number(std::pow(to_double(self_dec(a, "pow")), exponent));
  }, 1, 1);
  // Lets `number OP decimal` promote the number (see binary_op's coerce step).
  vm.register_method("Decimal", "_coerce", [](Vm& vm, const Args& a) {
    return make_dec(vm, from_value(a[0], "Decimal._coerce", &a, 1));
  }, 1, 1);
  vm.register_method("Decimal", "abs", [](Vm& vm, const Args& a) {
    Dec d = self_dec(a, "abs");
    return make_dec(vm, Dec{d.mantissa.abs(), d.scale});
  }, 0, 0);
  for (const char* n : {"neg", "negate"})
    vm.register_method("Decimal", n, [](Vm& vm, const Args& a) {
      Dec d = self_dec(a, "neg");
      return make_dec(vm, Dec{d.mantissa.negated(), d.scale});
    }, 0, 0);
  vm.register_method("Decimal", "sign", [](Vm& vm, const Args& a) {
    const Dec& d = self_dec(a, "sign");
    return make_dec(vm, Dec{BigInt::from_int(d.mantissa.is_zero() ? 0 : d.mantissa.negative() ? -1 : 1), 0});
  }, 0, 0);
}

void register_rounding(Vm& vm) {
  vm.register_method("Decimal", "round", [](Vm& vm, const Args& a) {
    std::int64_t dp = opt_int(a, 1, "round", 0);
    if (dp < 0 || dp > kMaxScale) throw_error("ValueErr", "round: decimal places must be between 0 and 28");
    return make_dec(vm, round_to(self_dec(a, "round"), static_cast<unsigned>(dp), Rounding::HalfEven));
  }, 0, 1);
  vm.register_method("Decimal", "floor", [](Vm& vm, const Args& a) { return make_dec(vm, round_to(self_dec(a, "floor"), 0, Rounding::Floor)); }, 0, 0);
  vm.register_method("Decimal", "ceil", [](Vm& vm, const Args& a) { return make_dec(vm, round_to(self_dec(a, "ceil"), 0, Rounding::Ceil)); }, 0, 0);
  vm.register_method("Decimal", "trunc", [](Vm& vm, const Args& a) { return make_dec(vm, round_to(self_dec(a, "trunc"), 0, Rounding::Trunc)); }, 0, 0);
}

void register_comparisons(Vm& vm) {
  struct Cmp {
    const char* name;
    bool (*test)(int);
  };
  static const Cmp cmps[] = {
      {"eq", [](int c) { return c == 0; }}, {"neq", [](int c) { return c != 0; }},
      {"lt", [](int c) { return c < 0; }},  {"lte", [](int c) { return c <= 0; }},
      {"gt", [](int c) { return c > 0; }},  {"gte", [](int c) { return c >= 0; }},
  };
  for (const Cmp& c : cmps) {
    auto test = c.test;
    const char* name = c.name;
    vm.register_method("Decimal", name, [test, name](Vm&, const Args& a) {
      const Value& other = arg_any(a, 1, name);
      bool numeric = other.native_as<DecimalObject>() || other.is_number();
      std::string_view n(name);
      if (!numeric && (n == "eq" || n == "neq")) return Value::boolean(n == "neq");
      return Value::boolean(test(compare_dec(self_dec(a, name), dec_arg(a, 1, name))));
    }, 1, 1);
  }
  vm.register_method("Decimal", "_cmp", [](Vm&, const Args& a) {
    return Value::integer(compare_dec(self_dec(a, "_cmp"), dec_arg(a, 1, "_cmp")));
  }, 1, 1);
}

void register_conversions(Vm& vm) {
  for (const char* n : {"to_string", "str"})
    vm.register_method("Decimal", n, [](Vm&, const Args& a) { return make_str(self_dec(a, "to_string").to_string()); }, 0, 0);
  vm.register_method("Decimal", "_rep", [](Vm&, const Args& a) {
    return make_str("Decimal(" + self_dec(a, "_rep").to_string() + ")");
  }, 0, 0);
  for (const char* n : {"to_f64", "to_float"})
    vm.register_method("Decimal", n, [](Vm&, const Args& a) {
      return Value::number(to_double(self_dec(a, "to_f64")));
    }, 0, 0);
  vm.register_method("Decimal", "to_int", [](Vm&, const Args& a) {
    std::optional<std::int64_t> v = round_to(self_dec(a, "to_int"), 0, Rounding::Trunc).mantissa.to_int();
    if (!v) throw_error("ValueErr", "to_int: Decimal does not fit in an Int");
    return Value::integer(*v);
  }, 0, 0);
}

void register_statics(Vm& vm) {
  vm.register_static_method("Decimal", "new", [](Vm& vm, const Args& a) {
    return make_dec(vm, from_value(arg_any(a, 1, "Decimal.new"), "Decimal.new", &a, 1));
  }, 1, 1);
  vm.register_static_method("Decimal", "from_f64", [](Vm& vm, const Args& a) {
    arg_float(a, 1, "Decimal.from_f64");
    return make_dec(vm, from_value(Value::number(a[0].as_number()), "Decimal.from_f64"));
  }, 1, 1);
  vm.register_static_method("Decimal", "zero", [](Vm& vm, const Args&) { return make_dec(vm, Dec{}); }, 0, 0);
  vm.register_static_method("Decimal", "one", [](Vm& vm, const Args&) { return make_dec(vm, Dec{BigInt::from_int(1), 0}); }, 0, 0);
  vm.register_method("Str", "to_decimal", [](Vm& vm, const Args& a) {
    return make_dec(vm, from_value(a.self(), "to_decimal"));
  }, 0, 0);
}

}  // namespace

void register_decimal_methods(Vm& vm) {
  vm.define_class("Decimal", "Exact decimal number: Decimal.new(\"19.99\"), \"0.1\".to_decimal()");
  register_arithmetic(vm);
  register_rounding(vm);
  register_comparisons(vm);
  register_conversions(vm);
  register_statics(vm);
  vm.register_global("Decimal", vm.class_value("Decimal"));
}

}  // namespace quest
