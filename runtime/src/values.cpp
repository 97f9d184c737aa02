// Value services: type names, truthiness, equality, ordering, str()/_rep(), operators.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "interpreter.hpp"

namespace quest {

namespace {
// Bounds recursion through nested (possibly self-containing) containers.
struct NestingGuard {
  int& depth;
  explicit NestingGuard(int& d) : depth(d) { ++depth; }
  ~NestingGuard() { --depth; }
  bool too_deep() const { return depth > 256; }
};
}  // namespace

std::string Interpreter::type_name(const Value& v) const { return type_name_of(v); }

bool Interpreter::truthy(const Value& v) const {
  switch (v.tag()) {
    case Value::Tag::Nil:
    case Value::Tag::Undefined: return false;
    case Value::Tag::Bool: return v.as_bool();
    case Value::Tag::Int: return v.raw_int() != 0;
    case Value::Tag::Float: return v.raw_float() != 0.0;
    case Value::Tag::Object: break;
  }
  switch (v.as_object()->kind()) {
    case ObjKind::Str: return !v.as_str().empty();
    case ObjKind::Bytes: return !v.as_bytes().data.empty();
    case ObjKind::Array: return !v.as_array().items.empty();
    case ObjKind::Dict: return v.as_dict().size() != 0;
    case ObjKind::Native: return v.as_native().truthy();
    default: return true;
  }
}

bool Interpreter::equals(const Value& a, const Value& b) {
  NestingGuard guard(nesting_depth);
  if (guard.too_deep()) raise("RuntimeErr", "Comparison nested too deeply (self-containing value?)");
  if (a.is_number() && b.is_number()) {
    if (a.is_int() && b.is_int()) return a.raw_int() == b.raw_int();
    return std::fabs(a.as_number() - b.as_number()) < 1e-10 || a.as_number() == b.as_number();
  }
  if (a.tag() != b.tag()) return false;
  switch (a.tag()) {
    case Value::Tag::Nil:
    case Value::Tag::Undefined: return true;
    case Value::Tag::Bool: return a.as_bool() == b.as_bool();
    default: break;
  }
  Object* x = a.as_object();
  Object* y = b.as_object();
  if (x->kind() != y->kind()) {
    // An exception type equals its name: `e.type() == "IndexErr"` keeps working now
    // that e.type() returns the type itself.
    auto exception_type_named = [](Object* t, const Value& str) {
      return t->kind() == ObjKind::Type && str.is_str() &&
             static_cast<TypeObj*>(t)->type_kind == TypeKind::Exception && static_cast<TypeObj*>(t)->name == str.as_str();
    };
    return exception_type_named(x, b) || exception_type_named(y, a);
  }
  switch (x->kind()) {
    case ObjKind::Str: return a.as_str() == b.as_str();
    case ObjKind::Bytes: return a.as_bytes().data == b.as_bytes().data;
    case ObjKind::Array: {
      auto& l = a.as_array().items;
      auto& r = b.as_array().items;
      if (l.size() != r.size()) return false;
      for (std::size_t i = 0; i < l.size(); ++i)
        if (!equals(l[i], r[i])) return false;
      return true;
    }
    case ObjKind::Dict: {
      auto& l = a.as_dict();
      auto& r = b.as_dict();
      if (l.size() != r.size()) return false;
      bool same = true;
      l.for_each([&](const std::string& k, const Value& v) {
        const Value* other = r.find(k);
        if (same && (!other || !equals(v, *other))) same = false;
      });
      return same;
    }
    case ObjKind::Type: return x == y;
    case ObjKind::Instance: {
      if (x == y) return true;
      auto* inst = static_cast<InstanceObj*>(x);
      auto it = inst->type->methods.find(sym_eq);
      if (it == inst->type->methods.end()) return false;
      CallArgs args;
      args.positional.push(b);
      return truthy(call_value(Value(make_ref<BoundMethodObj>(a, it->second)), args, frames.back().line));
    }
    case ObjKind::Native: {
      if (x == y) return true;
      if (const NativeMethod* m = find_native_method(a, sym_eq)) {
        CallArgs args;
        args.positional.push(b);
        return truthy(call_native(*m, a, args));
      }
      return false;
    }
    default: return x == y;
  }
}

std::string format_float(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == std::floor(d)) {
    char buf[64];
    if (std::fabs(d) <= 1e10) {
      auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed, 0);
      return std::string(buf, r.ptr);
    }
    // Large whole floats: shortest scientific form, "1e11", "1.5e20".
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string s(buf, r.ptr);
    std::size_t e = s.find('e');
    std::string exponent = s.substr(e + 1);
    if (!exponent.empty() && exponent[0] == '+') exponent.erase(0, 1);
    while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
    return s.substr(0, e) + "e" + exponent;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, r.ptr);
  // Shortest round-trip, shown in plain notation unless it is very large or small.
  if (s.find('e') != std::string::npos && std::fabs(d) >= 1e-7 && std::fabs(d) < 1e16) {
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
    s.assign(buf, r.ptr);
  }
  return s;
}

static std::vector<const DictObj::Entry*> sorted_entries(const DictObj& d) {
  std::vector<const DictObj::Entry*> out;
  for (const DictObj::Entry& e : d.entries())
    if (e.live) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](const DictObj::Entry* a, const DictObj::Entry* b) { return a->key < b->key; });
  return out;
}

static std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

static std::string bytes_repr(const std::string& data) {
  std::string out = "b\"";
  static const char* hex = "0123456789abcdef";
  for (unsigned char c : data) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
    else {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out + "\"";
}

std::string Interpreter::to_str(const Value& v) {
  NestingGuard guard(nesting_depth);
  if (guard.too_deep() && v.is_object()) return "...";
  switch (v.tag()) {
    case Value::Tag::Nil:
    case Value::Tag::Undefined: return "nil";
    case Value::Tag::Bool: return v.as_bool() ? "true" : "false";
    case Value::Tag::Int: return std::to_string(v.raw_int());
    case Value::Tag::Float: return format_float(v.raw_float());
    case Value::Tag::Object: break;
  }
  switch (v.as_object()->kind()) {
    case ObjKind::Str: return v.as_str();
    case ObjKind::Bytes: return bytes_repr(v.as_bytes().data);
    case ObjKind::Array: {
      std::string out = "[";
      bool first = true;
      for (const Value& item : v.as_array().items) {
        if (!first) out += ", ";
        first = false;
        out += to_str(item);
      }
      return out + "]";
    }
    case ObjKind::Dict: {
      // Display sorts keys alphabetically (types/dicts.md); iteration keeps insertion order.
      std::string out = "{";
      bool first = true;
      for (const DictObj::Entry* e : sorted_entries(v.as_dict())) {
        if (!first) out += ", ";
        first = false;
        out += e->key + ": " + to_str(e->value);
      }
      return out + "}";
    }
    case ObjKind::Function: {
      auto* f = static_cast<FunctionObj*>(v.raw_object());
      return "<fun " + (f->decl->name.empty() ? std::string("<lambda>") : f->decl->name) + ">";
    }
    case ObjKind::NativeFunction:
      return "<fun " + static_cast<NativeFunctionObj*>(v.raw_object())->method.name + ">";
    case ObjKind::BoundMethod: {
      auto* bm = static_cast<BoundMethodObj*>(v.raw_object());
      std::string name = bm->native ? bm->native->name
                                    : static_cast<FunctionObj*>(bm->function.raw_object())->decl->name;
      return "<fun " + type_name(bm->receiver) + "." + name + ">";
    }
    case ObjKind::Type: {
      // Exception types print as their name, so `"got " .. e.type()` reads as before;
      // other types as upstream's `type Name`.
      auto* type = static_cast<TypeObj*>(v.raw_object());
      return type->type_kind == TypeKind::Exception ? type->name : "type " + type->name;
    }
    case ObjKind::Trait: return "<trait " + static_cast<TraitObj*>(v.raw_object())->name + ">";
    case ObjKind::Module: return "<module " + static_cast<ModuleObj*>(v.raw_object())->name + ">";
    case ObjKind::Exception: {
      auto* e = static_cast<ExceptionObj*>(v.raw_object());
      return e->message.empty() ? e->type : e->type + ": " + e->message;
    }
    case ObjKind::Instance: {
      auto* inst = static_cast<InstanceObj*>(v.raw_object());
      if (inst->type->methods.count(sym_str)) {
        CallArgs args;
        Value s = call_method(v, sym_str, args, frames.empty() ? 0 : frames.back().line);
        return s.is_str() ? s.as_str() : to_str(s);
      }
      // Upstream's default: `Name{ field: value, ... }` with each value's str().
      std::string out = inst->type->name + "{ ";
      for (std::size_t i = 0; i < inst->fields.size(); ++i) {
        if (i) out += ", ";
        out += inst->type->fields[i].name + ": " + to_str(inst->fields[i]);
      }
      return out + " }";
    }
    case ObjKind::Native: {
      if (const NativeMethod* m = find_native_method(v, sym_str)) {
        CallArgs args;
        Value s = call_native(*m, v, args);
        return s.is_str() ? s.as_str() : to_str(s);
      }
      return v.as_native().to_display();
    }
    case ObjKind::Env: return "<env>";
  }
  return "?";
}

std::string Interpreter::repr(const Value& v) {
  NestingGuard guard(nesting_depth);
  if (guard.too_deep() && v.is_object()) return "...";
  if (v.is_str()) return quote(v.as_str());
  if (v.is_array()) {
    std::string out = "[";
    bool first = true;
    for (const Value& item : v.as_array().items) {
      if (!first) out += ", ";
      first = false;
      out += repr(item);
    }
    return out + "]";
  }
  if (v.is_dict()) {
    std::string out = "{";
    bool first = true;
    for (const DictObj::Entry* e : sorted_entries(v.as_dict())) {
      if (!first) out += ", ";
      first = false;
      out += quote(e->key) + ": " + repr(e->value);
    }
    return out + "}";
  }
  if (v.is_kind(ObjKind::Exception)) {
    auto* e = static_cast<ExceptionObj*>(v.raw_object());
    return e->type + "(" + quote(e->message) + ")";
  }
  return to_str(v);
}

}  // namespace quest
