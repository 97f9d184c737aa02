// The one door through which native (C++) code enters Quest: the NativeFn signature,
// the argument view passed to it, and checked argument helpers that make every bad call
// fail the same way: `send: argument 1 must be Str, got Int` (a TypeErr).
//
// Positions given to the helpers are 1-BASED, exactly as they appear in error messages:
// arg_str(args, 1, "send") reads args[0].
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "quest/error.hpp"
#include "quest/objects.hpp"
#include "quest/value.hpp"

namespace quest {

class Vm;

// Arguments of one native call. Valid only during the call: copy any Value you keep.
class Args {
 public:
  Args(Value self, std::span<const Value> positional, const DictObj* named = nullptr)
      : self_(std::move(self)), positional_(positional), named_(named) {}

  // The receiver for methods (`"abc".upper()` -> the Str), nil for plain functions.
  const Value& self() const { return self_; }
  std::size_t size() const { return positional_.size(); }
  bool empty() const { return positional_.empty(); }
  // 0-based raw access; nil when out of range.
  const Value& operator[](std::size_t i) const;
  std::span<const Value> positional() const { return positional_; }
  // Named arguments (`f(x: 1)`), or nullptr. Most natives ignore them, like upstream.
  const DictObj* named() const { return named_; }

 private:
  Value self_;
  std::span<const Value> positional_;
  const DictObj* named_;
};

using NativeFn = std::function<Value(Vm& vm, const Args& args)>;

// Arity bound meaning "any number of arguments".
inline constexpr int kVariadic = -1;

// Quest type name of any value: "Int", "Str", "Array", a user type name, a native class
// name, "Nil", ... (what `x.cls()` returns).
std::string type_name_of(const Value& v);

// Raise a Quest exception of `type` from native code.
[[noreturn]] void throw_error(const std::string& type, const std::string& message);
// "<fn>: argument <pos> must be <expected>, got <actual type>" as a TypeErr.
[[noreturn]] void throw_arg_type(const Args& args, std::size_t pos, std::string_view fn,
                                 std::string_view expected);
// "<fn> expects <n> arguments, got <m>" as an ArgErr (use when arity depends on values).
[[noreturn]] void throw_arity(std::string_view fn, std::string_view expected, std::size_t got);

// Checked readers. Each raises TypeErr (wrong type) or ArgErr (missing argument).
const Value& arg_any(const Args& args, std::size_t pos, std::string_view fn);
const std::string& arg_str(const Args& args, std::size_t pos, std::string_view fn);
std::int64_t arg_int(const Args& args, std::size_t pos, std::string_view fn);
double arg_float(const Args& args, std::size_t pos, std::string_view fn);  // Int accepted
bool arg_bool(const Args& args, std::size_t pos, std::string_view fn);
ArrayObj& arg_array(const Args& args, std::size_t pos, std::string_view fn);
DictObj& arg_dict(const Args& args, std::size_t pos, std::string_view fn);
BytesObj& arg_bytes(const Args& args, std::size_t pos, std::string_view fn);
const Value& arg_callable(const Args& args, std::size_t pos, std::string_view fn);

// Optional readers: the default when the argument is absent or nil.
std::string opt_str(const Args& args, std::size_t pos, std::string_view fn, std::string fallback);
std::int64_t opt_int(const Args& args, std::size_t pos, std::string_view fn, std::int64_t fallback);
double opt_float(const Args& args, std::size_t pos, std::string_view fn, double fallback);
bool opt_bool(const Args& args, std::size_t pos, std::string_view fn, bool fallback);

// A native object argument of a given C++ class, e.g.
//   auto& u = arg_native<UuidObject>(args, 1, "eq", "Uuid");
template <class T>
T& arg_native(const Args& args, std::size_t pos, std::string_view fn, std::string_view type) {
  const Value& v = arg_any(args, pos, fn);
  if (T* p = v.native_as<T>()) return *p;
  throw_arg_type(args, pos, fn, type);
}

// The receiver of a method call as a native object of class T (TypeErr otherwise).
template <class T>
T& self_native(const Args& args, std::string_view fn, std::string_view type) {
  if (T* p = args.self().native_as<T>()) return *p;
  throw_error("TypeErr", std::string(fn) + ": receiver must be " + std::string(type) +
                             ", got " + type_name_of(args.self()));
}

}  // namespace quest
