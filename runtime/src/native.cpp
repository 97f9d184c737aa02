// Checked argument helpers for natives: every bad call fails the same way.
#include "quest/native.hpp"

#include "interp_objects.hpp"

namespace quest {

const Value& Args::operator[](std::size_t i) const {
  static const Value nil;
  return i < positional_.size() ? positional_[i] : nil;
}

std::string type_name_of(const Value& v) {
  switch (v.tag()) {
    case Value::Tag::Nil:
    case Value::Tag::Undefined: return "Nil";
    case Value::Tag::Bool: return "Bool";
    case Value::Tag::Int: return "Int";
    case Value::Tag::Float: return "Float";
    case Value::Tag::Object: break;
  }
  switch (v.as_object()->kind()) {
    case ObjKind::Str: return "Str";
    case ObjKind::Bytes: return "Bytes";
    case ObjKind::Array: return "Array";
    case ObjKind::Dict: return "Dict";
    case ObjKind::Function:
    case ObjKind::NativeFunction:
    case ObjKind::BoundMethod: return "Fun";
    case ObjKind::Type: return "Type";
    case ObjKind::Instance: return static_cast<InstanceObj*>(v.raw_object())->type->name;
    case ObjKind::Trait: return "Trait";
    case ObjKind::Module: return "Module";
    case ObjKind::Exception: return static_cast<ExceptionObj*>(v.raw_object())->type;
    case ObjKind::Native: return v.as_native().type_name();
    case ObjKind::Env: return "Env";
  }
  return "Obj";
}

bool Value::is_callable() const {
  if (!is_object()) return false;
  switch (u_.o->kind()) {
    case ObjKind::Function:
    case ObjKind::NativeFunction:
    case ObjKind::BoundMethod:
    case ObjKind::Type: return true;
    case ObjKind::Instance: return true;
    default: return false;
  }
}

void throw_error(const std::string& type, const std::string& message) { throw QuestError(type, message); }

void throw_arg_type(const Args& args, std::size_t pos, std::string_view fn, std::string_view expected) {
  throw QuestError("TypeErr", std::string(fn) + ": argument " + std::to_string(pos) + " must be " +
                                  std::string(expected) + ", got " + type_name_of(args[pos - 1]));
}

void throw_arity(std::string_view fn, std::string_view expected, std::size_t got) {
  throw QuestError("ArgErr", std::string(fn) + " expects " + std::string(expected) + " arguments, got " +
                                 std::to_string(got));
}

const Value& arg_any(const Args& args, std::size_t pos, std::string_view fn) {
  if (pos == 0 || pos > args.size())
    throw QuestError("ArgErr", std::string(fn) + ": missing argument " + std::to_string(pos));
  return args[pos - 1];
}

const std::string& arg_str(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_str()) throw_arg_type(args, pos, fn, "Str");
  return v.as_str();
}

std::int64_t arg_int(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_int()) throw_arg_type(args, pos, fn, "Int");
  return v.as_int();
}

double arg_float(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_number()) throw_arg_type(args, pos, fn, "Num");
  return v.as_number();
}

bool arg_bool(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_bool()) throw_arg_type(args, pos, fn, "Bool");
  return v.as_bool();
}

ArrayObj& arg_array(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_array()) throw_arg_type(args, pos, fn, "Array");
  return v.as_array();
}

DictObj& arg_dict(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_dict()) throw_arg_type(args, pos, fn, "Dict");
  return v.as_dict();
}

BytesObj& arg_bytes(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_bytes()) throw_arg_type(args, pos, fn, "Bytes");
  return v.as_bytes();
}

const Value& arg_callable(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& v = arg_any(args, pos, fn);
  if (!v.is_callable()) throw_arg_type(args, pos, fn, "Fun");
  return v;
}

static bool absent(const Args& args, std::size_t pos) { return pos == 0 || pos > args.size() || args[pos - 1].is_nil(); }

std::string opt_str(const Args& args, std::size_t pos, std::string_view fn, std::string fallback) {
  return absent(args, pos) ? fallback : arg_str(args, pos, fn);
}
std::int64_t opt_int(const Args& args, std::size_t pos, std::string_view fn, std::int64_t fallback) {
  return absent(args, pos) ? fallback : arg_int(args, pos, fn);
}
double opt_float(const Args& args, std::size_t pos, std::string_view fn, double fallback) {
  return absent(args, pos) ? fallback : arg_float(args, pos, fn);
}
bool opt_bool(const Args& args, std::size_t pos, std::string_view fn, bool fallback) {
  return absent(args, pos) ? fallback : arg_bool(args, pos, fn);
}

}  // namespace quest
