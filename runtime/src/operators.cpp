// Operators: arithmetic (overflow-checked Int), concatenation, comparison, bitwise.
#include <cmath>
#include <cstdlib>

#include "interpreter.hpp"

namespace quest {

// Str operands of arithmetic are parsed as numbers (upstream semantics); nil counts as 0.
static bool numeric_operand(const Value& v, double& out) {
  if (v.is_number()) {
    out = v.as_number();
    return true;
  }
  if (v.is_nil()) {
    out = 0;
    return true;
  }
  if (v.is_str()) {
    const std::string& s = v.as_str();
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0';
  }
  return false;
}

Value Interpreter::binary_op(Op op, const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    std::int64_t x = a.raw_int(), y = b.raw_int(), out = 0;
    switch (op) {
      case Op::Add:
        if (__builtin_add_overflow(x, y, &out)) raise("RuntimeErr", "Integer overflow in addition");
        return Value::integer(out);
      case Op::Sub:
        if (__builtin_sub_overflow(x, y, &out)) raise("RuntimeErr", "Integer overflow in subtraction");
        return Value::integer(out);
      case Op::Mul:
        if (__builtin_mul_overflow(x, y, &out)) raise("RuntimeErr", "Integer overflow in multiplication");
        return Value::integer(out);
      case Op::Div:
        if (y == 0) raise("RuntimeErr", "Division by zero");
        if (x == INT64_MIN && y == -1) raise("RuntimeErr", "Integer overflow in division");
        return Value::integer(x / y);
      case Op::Mod:
        if (y == 0) raise("RuntimeErr", "Modulo by zero");
        if (y == -1) return Value::integer(0);
        return Value::integer(x % y);
      case Op::BitAnd: return Value::integer(x & y);
      case Op::BitOr: return Value::integer(x | y);
      case Op::BitXor: return Value::integer(x ^ y);
      case Op::Shl:
        if (y < 0 || y > 63) raise("ValueErr", "Shift amount out of range: " + std::to_string(y));
        return Value::integer(static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << y));
      case Op::Shr:
        if (y < 0 || y > 63) raise("ValueErr", "Shift amount out of range: " + std::to_string(y));
        return Value::integer(x >> y);
      default: break;
    }
  }
  switch (op) {
    case Op::Concat:
      if (a.is_bytes() && b.is_bytes()) return make_bytes(a.as_bytes().data + b.as_bytes().data);
      if (a.is_str() && b.is_str()) {
        std::string out;
        out.reserve(a.as_str().size() + b.as_str().size());
        out.append(a.as_str()).append(b.as_str());
        return make_str(std::move(out));
      }
      return make_str(to_str(a) + to_str(b));
    case Op::Eq: return Value::boolean(equals(a, b));
    case Op::NotEq: return Value::boolean(!equals(a, b));
    case Op::Less: return Value::boolean(compare(a, b) < 0);
    case Op::LessEq: return Value::boolean(compare(a, b) <= 0);
    case Op::Greater: return Value::boolean(compare(a, b) > 0);
    case Op::GreaterEq: return Value::boolean(compare(a, b) >= 0);
    case Op::BitAnd:
    case Op::BitOr:
    case Op::BitXor:
    case Op::Shl:
    case Op::Shr:
      raise("TypeErr", "Bitwise operators need Int operands, got " + type_name(a) + " and " + type_name(b));
    default: break;
  }
  if (a.is_number() && b.is_native()) {
    // `1.5 + dec`: a native numeric type that accepts plain numbers (Decimal) converts
    // the left operand through its `_coerce` method, as Ruby's `coerce` does. Types
    // without one (BigInt, which must not mix with Int) fall through to the TypeErr.
    Symbol coerce;
    if (symbols.find("_coerce", coerce))
      if (const NativeMethod* m = find_native_method(b, coerce)) {
        CallArgs args;
        args.positional.push(a);
        return binary_op(op, call_native(*m, b, args), b);
      }
  }
  if (a.is_native()) {
    // Native numeric types (BigInt, Decimal) implement operators as methods.
    static const char* const names[] = {"plus", "minus", "times", "div", "mod"};
    int i = static_cast<int>(op);
    Symbol method;
    if (i < 5 && symbols.find(names[i], method))
      if (const NativeMethod* m = find_native_method(a, method)) {
        CallArgs args;
        args.positional.push(b);
        return call_native(*m, a, args);
      }
  }
  if (op == Op::Add && a.is_array() && b.is_array()) {
    std::vector<Value> items = a.as_array().items;
    items.insert(items.end(), b.as_array().items.begin(), b.as_array().items.end());
    return make_array(std::move(items));
  }
  if (op == Op::Mul && a.is_str() && b.is_int()) {
    std::string out;
    for (std::int64_t i = 0; i < b.as_int(); ++i) out += a.as_str();
    return make_str(std::move(out));
  }
  double x, y;
  bool ok_a = numeric_operand(a, x), ok_b = numeric_operand(b, y);
  bool any_number = a.is_number() || b.is_number() || (a.is_str() && b.is_str());
  if (!ok_a || !ok_b || !any_number) {
    static const char* names[] = {"+", "-", "*", "/", "%"};
    int i = static_cast<int>(op);
    raise("TypeErr", std::string("Unsupported operand types for ") + (i < 5 ? names[i] : "?") + ": " +
                         type_name(a) + " and " + type_name(b));
  }
  switch (op) {
    case Op::Add: return Value::number(x + y);
    case Op::Sub: return Value::number(x - y);
    case Op::Mul: return Value::number(x * y);
    case Op::Div:
      if (y == 0) raise("RuntimeErr", "Division by zero");  // for Float too (types/number.md)
      return Value::number(x / y);
    case Op::Mod:
      if (y == 0) raise("RuntimeErr", "Modulo by zero");
      return Value::number(std::fmod(x, y));
    default: raise("TypeErr", "Unsupported operator");
  }
}

int Interpreter::compare(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.raw_int() < b.raw_int() ? -1 : a.raw_int() > b.raw_int();
    double x = a.as_number(), y = b.as_number();
    return x < y ? -1 : x > y;
  }
  if (a.is_str() && b.is_str()) {
    int c = a.as_str().compare(b.as_str());
    return c < 0 ? -1 : c > 0;
  }
  if (a.is_bool() && b.is_bool()) return int(a.as_bool()) - int(b.as_bool());
  if (a.is_nil() && b.is_nil()) return 0;
  if (a.is_nil()) return -1;
  if (b.is_nil()) return 1;
  if (a.is_native()) {
    Symbol method;
    if (symbols.find("_cmp", method))
      if (const NativeMethod* m = find_native_method(a, method)) {
        CallArgs args;
        args.positional.push(b);
        Value c = call_native(*m, a, args);
        if (c.is_int()) return c.as_int() < 0 ? -1 : c.as_int() > 0;
      }
  }
  if (a.is_array() && b.is_array()) {
    auto& l = a.as_array().items;
    auto& r = b.as_array().items;
    for (std::size_t i = 0; i < l.size() && i < r.size(); ++i)
      if (int c = compare(l[i], r[i])) return c;
    return l.size() < r.size() ? -1 : l.size() > r.size();
  }
  raise("TypeErr", "Cannot compare " + type_name(a) + " with " + type_name(b));
}


}  // namespace quest
