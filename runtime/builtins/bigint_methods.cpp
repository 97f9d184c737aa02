// BigInt as a Quest type: `BigInt.new("123")`, `123n` literals, operators and methods.
#include "bigint_bits.hpp"
#include "bigint_value.hpp"
#include "builtin_helpers.hpp"  // only to attach the class constants to the type
#include "builtin_registry.hpp"
#include "quest/vm.hpp"

namespace quest {

namespace {

class BigIntObject final : public NativeObject {
 public:
  BigIntObject(const NativeClass* cls, BigInt v) : NativeObject(cls), value(std::move(v)) {}
  bool truthy() const override { return !value.is_zero(); }
  std::string to_display() const override { return value.to_string(); }
  BigInt value;
};

Value make_big(Vm& vm, BigInt v) { return Value(make_ref<BigIntObject>(vm.native_class("BigInt"), std::move(v))); }

const BigInt& self_big(const Args& a, std::string_view fn) { return self_native<BigIntObject>(a, fn, "BigInt").value; }

// A BigInt or Int argument as a BigInt.
BigInt big_arg(const Args& a, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(a, pos, fn);
  if (auto* b = v.native_as<BigIntObject>()) return b->value;
  if (v.is_int()) return BigInt::from_int(v.as_int());
  throw_arg_type(a, pos, fn, "BigInt");
}

BigInt parse_or_throw(const std::string& text, std::string_view fn) {
  std::optional<BigInt> v = BigInt::parse(text);
  if (!v) throw_error("ValueErr", std::string(fn) + ": invalid integer literal: '" + text + "'");
  return *v;
}

void check_nonzero(const BigInt& d, std::string_view fn) {
  if (d.is_zero()) throw_error("RuntimeErr", std::string(fn) + ": division by zero");
}

std::uint64_t small_exponent(const BigInt& e, std::string_view fn) {
  std::optional<std::int64_t> v = e.to_int();
  if (!v || *v < 0 || *v > 100000) throw_error("ValueErr", std::string(fn) + ": exponent must be between 0 and 100000");
  return static_cast<std::uint64_t>(*v);
}

BigInt gcd(BigInt a, BigInt b) {
  a = a.abs();
  b = b.abs();
  while (!b.is_zero()) {
    BigInt q, r;
    BigInt::divmod(a, b, q, r);
    a = b;
    b = r;
  }
  return a;
}

void register_arithmetic(Vm& vm) {
  auto binary = [&](const char* name, BigInt (*op)(const BigInt&, const BigInt&, std::string_view)) {
    vm.register_method("BigInt", name, [op, name](Vm& vm, const Args& a) {
      return make_big(vm, op(self_big(a, name), big_arg(a, 1, name), name));
    }, 1, 1);
  };
  auto add = [](const BigInt& x, const BigInt& y, std::string_view) { return x + y; };
  auto sub = [](const BigInt& x, const BigInt& y, std::string_view) { return x - y; };
  auto mul = [](const BigInt& x, const BigInt& y, std::string_view) { return x * y; };
  auto div = [](const BigInt& x, const BigInt& y, std::string_view fn) {
    check_nonzero(y, fn);
    BigInt q, r;
    BigInt::divmod(x, y, q, r);
    return q;
  };
  auto mod = [](const BigInt& x, const BigInt& y, std::string_view fn) {
    check_nonzero(y, fn);
    BigInt q, r;
    BigInt::divmod(x, y, q, r);
    return r;
  };
  for (const char* n : {"plus", "add"}) binary(n, add);
  for (const char* n : {"minus", "sub"}) binary(n, sub);
  for (const char* n : {"times", "mul"}) binary(n, mul);
  binary("div", div);
  binary("mod", mod);
  binary("gcd", [](const BigInt& x, const BigInt& y, std::string_view) { return gcd(x, y); });
  binary("lcm", [](const BigInt& x, const BigInt& y, std::string_view) {
    if (x.is_zero() || y.is_zero()) return BigInt();
    BigInt q, r;
    BigInt::divmod((x * y).abs(), gcd(x, y), q, r);
    return q;
  });
  vm.register_method("BigInt", "divmod", [](Vm& vm, const Args& a) {
    BigInt d = big_arg(a, 1, "divmod");
    check_nonzero(d, "divmod");
    BigInt q, r;
    BigInt::divmod(self_big(a, "divmod"), d, q, r);
    return make_array({make_big(vm, q), make_big(vm, r)});
  }, 1, 1);
  vm.register_method("BigInt", "pow", [](Vm& vm, const Args& a) {
    BigInt base = self_big(a, "pow");
    std::uint64_t e = small_exponent(big_arg(a, 1, "pow"), "pow");
    if (a.size() < 2) return make_big(vm, base.pow(e));
    BigInt m = big_arg(a, 2, "pow");
    check_nonzero(m, "pow");
    BigInt result = BigInt::from_int(1), q, r;
    BigInt::divmod(base, m, q, base);
    for (std::uint64_t bit = e; bit; bit >>= 1) {
      if (bit & 1) BigInt::divmod(result * base, m, q, result);
      BigInt::divmod(base * base, m, q, base);
    }
    return make_big(vm, result);
  }, 1, 2);
  vm.register_method("BigInt", "mod_pow", [](Vm& vm, const Args& a) {
    Value exp = a[0], mod = a[1];
    return vm.call_method(a.self(), "pow", std::initializer_list<Value>{exp, mod});
  }, 2, 2);
  vm.register_method("BigInt", "abs", [](Vm& vm, const Args& a) { return make_big(vm, self_big(a, "abs").abs()); }, 0, 0);
  for (const char* n : {"negate", "neg"})
    vm.register_method("BigInt", n, [](Vm& vm, const Args& a) { return make_big(vm, self_big(a, "negate").negated()); }, 0, 0);
  vm.register_method("BigInt", "sqrt", [](Vm& vm, const Args& a) {
    const BigInt& v = self_big(a, "sqrt");
    if (v.negative()) throw_error("ValueErr", "sqrt: negative BigInt");
    return make_big(vm, v.sqrt());
  }, 0, 0);
}

void register_comparisons(Vm& vm) {
  struct Cmp {
    const char* name;
    bool (*test)(int);
  };
  static const Cmp cmps[] = {
      {"eq", [](int c) { return c == 0; }},          {"equals", [](int c) { return c == 0; }},
      {"neq", [](int c) { return c != 0; }},         {"not_equals", [](int c) { return c != 0; }},
      {"lt", [](int c) { return c < 0; }},           {"less_than", [](int c) { return c < 0; }},
      {"lte", [](int c) { return c <= 0; }},         {"less_equal", [](int c) { return c <= 0; }},
      {"gt", [](int c) { return c > 0; }},           {"greater", [](int c) { return c > 0; }},
      {"gte", [](int c) { return c >= 0; }},         {"greater_equal", [](int c) { return c >= 0; }},
  };
  for (const Cmp& c : cmps) {
    auto test = c.test;
    const char* name = c.name;
    vm.register_method("BigInt", name, [test, name](Vm&, const Args& a) {
      const Value& other = arg_any(a, 1, name);
      std::string_view n(name);
      bool equality = n == "eq" || n == "equals" || n == "neq" || n == "not_equals";
      // Equality with a non-number is simply false; ordering it is a TypeErr.
      if (equality && !other.native_as<BigIntObject>() && !other.is_int()) return Value::boolean(test(1));
      return Value::boolean(test(compare(self_big(a, name), big_arg(a, 1, name))));
    }, 1, 1);
  }
  // Used by the <, <=, >, >= operators.
  vm.register_method("BigInt", "_cmp", [](Vm&, const Args& a) {
    return Value::integer(compare(self_big(a, "_cmp"), big_arg(a, 1, "_cmp")));
  }, 1, 1);
}

void register_conversions(Vm& vm) {
  vm.register_method("BigInt", "str", [](Vm&, const Args& a) { return make_str(self_big(a, "str").to_string()); }, 0, 0);
  vm.register_method("BigInt", "_rep", [](Vm&, const Args& a) {
    return make_str("BigInt(" + self_big(a, "_rep").to_string() + ")");  // upstream's form
  }, 0, 0);
  vm.register_method("BigInt", "to_string", [](Vm&, const Args& a) {
    const BigInt& v = self_big(a, "to_string");
    if (a.size() == 0) return make_str(v.to_string());
    const std::int64_t base = arg_int(a, 1, "to_string");
    if (base < 2 || base > 36) throw_error("ValueErr", "to_string: base must be between 2 and 36, got " + std::to_string(base));
    return make_str(bigint_bits::to_base(v, static_cast<int>(base)));
  }, 0, 1);
  vm.register_method("BigInt", "to_int", [](Vm&, const Args& a) {
    std::optional<std::int64_t> v = self_big(a, "to_int").to_int();
    if (!v) throw_error("RuntimeErr", "to_int: BigInt does not fit in an Int");  // upstream's type
    return Value::integer(*v);
  }, 0, 0);
  vm.register_method("BigInt", "to_float", [](Vm&, const Args& a) { return Value::number(self_big(a, "to_float").to_double()); }, 0, 0);
  vm.register_method("BigInt", "is_zero", [](Vm&, const Args& a) { return Value::boolean(self_big(a, "is_zero").is_zero()); }, 0, 0);
  vm.register_method("BigInt", "is_negative", [](Vm&, const Args& a) { return Value::boolean(self_big(a, "is_negative").negative()); }, 0, 0);
  vm.register_method("BigInt", "is_positive", [](Vm&, const Args& a) {
    const BigInt& v = self_big(a, "is_positive");
    return Value::boolean(!v.negative() && !v.is_zero());
  }, 0, 0);
  vm.register_method("BigInt", "is_even", [](Vm&, const Args& a) { return Value::boolean(self_big(a, "is_even").is_even()); }, 0, 0);
  vm.register_method("BigInt", "is_odd", [](Vm&, const Args& a) { return Value::boolean(!self_big(a, "is_odd").is_even()); }, 0, 0);
  vm.register_method("BigInt", "bit_length", [](Vm&, const Args& a) {
    return Value::integer(static_cast<std::int64_t>(self_big(a, "bit_length").bit_length()));
  }, 0, 0);
}

// A shift count: a non-negative Int (or BigInt) small enough to materialise.
std::uint64_t shift_count(const Args& a, std::string_view fn) {
  std::optional<std::int64_t> n = big_arg(a, 1, fn).to_int();
  if (!n || *n < 0 || *n > 1000000) throw_error("ValueErr", std::string(fn) + ": shift must be between 0 and 1000000");
  return static_cast<std::uint64_t>(*n);
}

void register_bits(Vm& vm) {
  using bigint_bits::BitOp;
  const std::pair<const char*, BitOp> ops[] = {{"bit_and", BitOp::And}, {"bit_or", BitOp::Or}, {"bit_xor", BitOp::Xor}};
  for (const auto& [name, op] : ops) {
    const BitOp which = op;
    const std::string fn = name;
    vm.register_method("BigInt", name, [which, fn](Vm& vm, const Args& a) {
      return make_big(vm, bigint_bits::bitwise(self_big(a, fn), big_arg(a, 1, fn), which));
    }, 1, 1);
  }
  vm.register_method("BigInt", "bit_not", [](Vm& vm, const Args& a) {
    return make_big(vm, bigint_bits::bit_not(self_big(a, "bit_not")));
  }, 0, 0);
  vm.register_method("BigInt", "shl", [](Vm& vm, const Args& a) {
    return make_big(vm, bigint_bits::shift_left(self_big(a, "shl"), shift_count(a, "shl")));
  }, 1, 1);
  vm.register_method("BigInt", "shr", [](Vm& vm, const Args& a) {
    return make_big(vm, bigint_bits::shift_right(self_big(a, "shr"), shift_count(a, "shr")));
  }, 1, 1);
  vm.register_method("BigInt", "to_bytes", [](Vm&, const Args& a) {
    return make_bytes(bigint_bits::signed_bytes(self_big(a, "to_bytes")));
  }, 0, 0);
}

void register_statics(Vm& vm) {
  vm.register_static_method("BigInt", "new", [](Vm& vm, const Args& a) {
    const Value& v = arg_any(a, 1, "BigInt.new");
    if (v.is_int()) return make_big(vm, BigInt::from_int(v.as_int()));
    if (auto* b = v.native_as<BigIntObject>()) return make_big(vm, b->value);
    return make_big(vm, parse_or_throw(arg_str(a, 1, "BigInt.new"), "BigInt.new"));
  }, 1, 1);
  vm.register_static_method("BigInt", "from_int", [](Vm& vm, const Args& a) {
    return make_big(vm, BigInt::from_int(arg_int(a, 1, "BigInt.from_int")));
  }, 1, 1);
  // from_bytes(bytes, signed = false): big-endian; signed reads two's complement.
  vm.register_static_method("BigInt", "from_bytes", [](Vm& vm, const Args& a) {
    const std::string& data = arg_bytes(a, 1, "BigInt.from_bytes").data;
    const bool is_signed = a.size() > 1 && arg_bool(a, 2, "BigInt.from_bytes");
    return make_big(vm, is_signed ? bigint_bits::signed_from_bytes(data) : BigInt::from_bytes_be(data));
  }, 1, 2);
  vm.register_method("Str", "to_bigint", [](Vm& vm, const Args& a) {
    return make_big(vm, parse_or_throw(a.self().as_str(), "to_bigint"));
  }, 0, 0);
}

}  // namespace

void register_bigint_methods(Vm& vm) {
  vm.define_class("BigInt", "Arbitrary-precision integer: BigInt.new(\"123\"), 123n");
  register_arithmetic(vm);
  register_comparisons(vm);
  register_conversions(vm);
  register_statics(vm);
  register_bits(vm);
  Value type = vm.class_value("BigInt");
  vm.register_global("BigInt", type);
  // The constants exist both as globals and as `BigInt.ZERO` etc. (upstream has both).
  auto* type_obj = static_cast<TypeObj*>(type.raw_object());
  const char* names[] = {"ZERO", "ONE", "TWO", "TEN"};
  const std::int64_t values[] = {0, 1, 2, 10};
  for (int i = 0; i < 4; ++i) {
    Value constant = make_big(vm, BigInt::from_int(values[i]));
    vm.register_global(names[i], constant);
    type_obj->static_values[interp(vm).symbols.intern(names[i])] = constant;
  }
}

}  // namespace quest
