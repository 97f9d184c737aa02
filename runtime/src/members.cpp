// Method dispatch, member access, indexing and construction of user types.
#include "interpreter.hpp"

namespace quest {

const MethodTable* Interpreter::table_for_value(const Value& v) const {
  switch (v.tag()) {
    case Value::Tag::Int: return int_methods;
    case Value::Tag::Float: return float_methods;
    case Value::Tag::Bool: return bool_methods;
    case Value::Tag::Object: break;
    default: return nullptr;
  }
  switch (v.as_object()->kind()) {
    case ObjKind::Str: return str_methods;
    case ObjKind::Bytes: return bytes_methods;
    case ObjKind::Array: return array_methods;
    case ObjKind::Dict: return dict_methods;
    case ObjKind::Native: {
      auto it = method_tables.find(v.as_native().type_name());
      return it == method_tables.end() ? nullptr : it->second.get();
    }
    default: return nullptr;
  }
}

const NativeMethod* Interpreter::find_native_method(const Value& receiver, Symbol name) const {
  const MethodTable* table = table_for_value(receiver);
  if (!table) return nullptr;
  auto it = table->find(name);
  return it == table->end() ? nullptr : &it->second;
}

// Fields are readable and writable from anywhere: the documentation reads non-pub fields
// from outside (types/nil.md), so `pub` on fields is informational.
static bool field_visible(Interpreter&, InstanceObj*, const FieldInfo&) { return true; }

Value Interpreter::call_method(const Value& receiver, Symbol name, CallArgs& args, int line) {
  if (receiver.is_object()) {
    switch (receiver.as_object()->kind()) {
      case ObjKind::Instance: {
        auto* inst = static_cast<InstanceObj*>(receiver.raw_object());
        auto it = inst->type->methods.find(name);
        if (it != inst->type->methods.end()) {
          if (it->second.is_kind(ObjKind::Function))
            return call_function(static_cast<FunctionObj*>(it->second.raw_object()), &receiver, args);
          return call_value(it->second, args, line);
        }
        auto field = inst->type->field_index.find(name);
        if (field != inst->type->field_index.end() && inst->fields[field->second].is_callable())
          return call_value(inst->fields[field->second], args, line);
        break;
      }
      case ObjKind::Type: {
        auto* type = static_cast<TypeObj*>(receiver.raw_object());
        // Upstream: `T.new` is always the built-in constructor, even if the type
        // defines `fun self.new`.
        if (name == sym_new && type->type_kind == TypeKind::User) return construct(type, args);
        auto it = type->static_methods.find(name);
        if (it != type->static_methods.end()) {
          if (it->second.is_kind(ObjKind::Function))
            return call_function(static_cast<FunctionObj*>(it->second.raw_object()), &receiver, args);
          return call_value(it->second, args, line);
        }
        if (type->native_statics) {
          auto st = type->native_statics->find(name);
          if (st != type->native_statics->end()) return call_native(st->second, receiver, args);
        }
        if (name == sym_new) return construct(type, args);
        break;
      }
      case ObjKind::Module: {
        auto* module = static_cast<ModuleObj*>(receiver.raw_object());
        Value member;
        bool is_private = false;
        const std::string& n = symbols.name(name);
        if (module->lookup(n, member, is_private)) return call_value(member, args, line);
        if (is_private) raise("AttrErr", "Module '" + module->name + "' has no public member '" + n + "'");
        break;
      }
      default:
        break;
    }
  }
  if (const NativeMethod* m = find_native_method(receiver, name)) return call_native(*m, receiver, args);
  bool handled = false;
  Value result = universal_method(receiver, name, args, handled);
  if (handled) return result;
  raise("AttrErr", type_name(receiver) + " has no method '" + symbols.name(name) + "'");
}

Value Interpreter::get_member(const Value& object, Symbol name, int line) {
  if (object.is_object()) {
    switch (object.as_object()->kind()) {
      case ObjKind::Instance: {
        auto* inst = static_cast<InstanceObj*>(object.raw_object());
        auto field = inst->type->field_index.find(name);
        if (field != inst->type->field_index.end()) {
          if (!field_visible(*this, inst, inst->type->fields[field->second]))
            raise("AttrErr", "Field '" + symbols.name(name) + "' of " + inst->type->name + " is private");
          return inst->fields[field->second];
        }
        auto it = inst->type->methods.find(name);
        if (it != inst->type->methods.end()) return Value(make_ref<BoundMethodObj>(object, it->second));
        break;
      }
      case ObjKind::Module: {
        auto* module = static_cast<ModuleObj*>(object.raw_object());
        Value member;
        bool is_private = false;
        const std::string& n = symbols.name(name);
        if (module->lookup(n, member, is_private)) return member;
        if (is_private) raise("AttrErr", "Module '" + module->name + "' has no public member '" + n + "'");
        raise("AttrErr", "Module '" + module->name + "' has no member '" + n + "'");
      }
      case ObjKind::Type: {
        auto* type = static_cast<TypeObj*>(object.raw_object());
        auto constant = type->static_values.find(name);
        if (constant != type->static_values.end()) return constant->second;
        auto it = type->static_methods.find(name);
        if (it != type->static_methods.end()) return Value(make_ref<BoundMethodObj>(object, it->second));
        if (type->native_statics) {
          auto st = type->native_statics->find(name);
          if (st != type->native_statics->end()) return Value(make_ref<BoundMethodObj>(object, &st->second));
        }
        break;
      }
      case ObjKind::Exception: {
        // `e.message` (documented without parentheses) reads the value directly.
        CallArgs none;
        bool handled = false;
        Value v = universal_method(object, name, none, handled);
        if (handled) return v;
        break;
      }
      default:
        break;
    }
  }
  if (const NativeMethod* m = find_native_method(object, name)) return Value(make_ref<BoundMethodObj>(object, m));
  raise("AttrErr", type_name(object) + " has no attribute '" + symbols.name(name) + "'");
}

void Interpreter::set_member(const Value& object, Symbol name, Value v) {
  if (object.is_kind(ObjKind::Instance)) {
    auto* inst = static_cast<InstanceObj*>(object.raw_object());
    auto field = inst->type->field_index.find(name);
    if (field != inst->type->field_index.end()) {
      const FieldInfo& info = inst->type->fields[field->second];
      if (!field_visible(*this, inst, info))
        raise("AttrErr", "Field '" + info.name + "' of " + inst->type->name + " is private");
      check_type(info.type, v, inst->type->name + "." + info.name);
      inst->fields[field->second] = std::move(v);
      return;
    }
    raise("AttrErr", inst->type->name + " has no field '" + symbols.name(name) + "'");
  }
  raise("AttrErr", "Cannot set attribute '" + symbols.name(name) + "' on " + type_name(object));
}

static std::int64_t normalize_index(Interpreter& in, std::int64_t i, std::size_t size, const char* what) {
  std::int64_t n = static_cast<std::int64_t>(size);
  if (i < 0) i += n;
  if (i < 0 || i >= n)
    in.raise("IndexErr", std::string(what) + " index out of bounds: " + std::to_string(i < 0 ? i - n : i) +
                             " (length " + std::to_string(n) + ")");
  return i;
}

Value Interpreter::get_index(const Value& object, const Value& index) {
  if (object.is_array()) {
    if (!index.is_int()) raise("TypeErr", "Array index must be Int, got " + type_name(index));
    auto& items = object.as_array().items;
    return items[normalize_index(*this, index.as_int(), items.size(), "Array")];
  }
  if (object.is_dict()) {
    if (!index.is_str()) raise("TypeErr", "Dict key must be Str, got " + type_name(index));
    const Value* v = object.as_dict().find(index.as_str());
    return v ? *v : Value();
  }
  if (object.is_str()) {
    if (!index.is_int()) raise("TypeErr", "Str index must be Int, got " + type_name(index));
    const std::string& s = object.as_str();
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    std::int64_t i = normalize_index(*this, index.as_int(), starts.size(), "String");
    std::size_t begin = starts[i];
    std::size_t end = static_cast<std::size_t>(i) + 1 < starts.size() ? starts[i + 1] : s.size();
    return make_str(s.substr(begin, end - begin));
  }
  if (object.is_bytes()) {
    if (!index.is_int()) raise("TypeErr", "Bytes index must be Int, got " + type_name(index));
    const std::string& b = object.as_bytes().data;
    return Value::integer(static_cast<unsigned char>(b[normalize_index(*this, index.as_int(), b.size(), "Bytes")]));
  }
  if (object.is_object()) {
    Symbol get;
    if (symbols.find("get", get)) {
      CallArgs args;
      args.positional.push(index);
      if (object.is_kind(ObjKind::Instance) || find_native_method(object, get))
        return call_method(object, get, args, frames.back().line);
    }
  }
  raise("TypeErr", "Cannot index into " + type_name(object));
}

void Interpreter::set_index(const Value& object, const Value& index, Value v) {
  if (object.is_array()) {
    if (!index.is_int()) raise("TypeErr", "Array index must be Int, got " + type_name(index));
    auto& items = object.as_array().items;
    items[normalize_index(*this, index.as_int(), items.size(), "Array")] = std::move(v);
    return;
  }
  if (object.is_dict()) {
    if (!index.is_str()) raise("TypeErr", "Dict key must be Str, got " + type_name(index));
    object.as_dict().set(index.as_str(), std::move(v));
    return;
  }
  raise("TypeErr", "Cannot assign by index into " + type_name(object));
}

Value Interpreter::construct(TypeObj* type, CallArgs& args) {
  Ref<TypeObj> keep(type);
  if (type->type_kind == TypeKind::Exception) {
    std::string message;
    for (auto& [k, v] : args.named)
      if (k == "message") args.positional.push(v);
    if (args.positional.size() != 1)
      raise("ArgErr", type->name + ".new expects 1 argument (message), got " + std::to_string(args.positional.size()));
    message = to_str(args.positional[0]);
    Value e = make_exception(type->name, message);
    return e;
  }
  if (type->type_kind != TypeKind::User) {
    if (type->native_statics) {
      auto st = type->native_statics->find(sym_new);
      if (st != type->native_statics->end()) return call_native(st->second, Value(type), args);
    }
    raise("TypeErr", "Cannot construct " + type->name);
  }
  auto inst = make_ref<InstanceObj>(Ref<TypeObj>(type));
  std::size_t n = type->fields.size();
  inst->fields.assign(n, Value::undefined());
  if (args.positional.size() > n)
    raise("ArgErr", type->name + ".new expects at most " + std::to_string(n) + " arguments, got " +
                        std::to_string(args.positional.size()));
  for (std::size_t i = 0; i < args.positional.size(); ++i) inst->fields[i] = std::move(args.positional[i]);
  for (auto& [name, value] : args.named) {
    Symbol sym = symbols.intern(name);
    auto it = type->field_index.find(sym);
    if (it == type->field_index.end()) raise("ArgErr", type->name + " has no field '" + name + "'");
    inst->fields[it->second] = std::move(value);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const FieldInfo& f = type->fields[i];
    if (inst->fields[i].is_undefined()) {
      if (f.default_value) {
        FrameGuard guard(*this, Frame{frames.back().decl, frames.back().file, frames.back().line, type});
        inst->fields[i] = eval(f.default_value, type->defining_env.get());
      } else if (f.type.optional || f.type.name.empty() == false ? f.type.optional : false) {
        inst->fields[i] = Value();
      } else if (f.type.name.empty()) {
        inst->fields[i] = Value();
      } else {
        raise("ArgErr", type->name + ".new missing required field '" + f.name + "'");
      }
    }
    // A field with a default may be given nil explicitly (upstream accepts it).
    if (!(f.default_value && inst->fields[i].is_nil())) check_type(f.type, inst->fields[i], type->name + "." + f.name);
  }
  return Value(inst);
}

}  // namespace quest
