// Interpreter set-up: built-in globals, exception types, method tables; running programs.
#include "interpreter.hpp"

#include <cstdio>
#include <unistd.h>

#include "builtin_registry.hpp"
#include "lexer.hpp"
#include "parser.hpp"
#include "std_modules.hpp"

namespace quest {

static const char* const kExceptionTypes[] = {
    "Err",      "ValueErr",  "TypeErr",  "IndexErr", "KeyErr",    "ArgErr",          "AttrErr",
    "NameErr",  "RuntimeErr", "IOErr",   "ImportErr", "SyntaxErr", "ConfigurationErr",
    "InterruptErr",  // raised by Vm::request_interrupt
};

Interpreter::Interpreter(Vm& owner, VmOptions opts) : vm(owner), options(std::move(opts)) {
  sym_new = symbols.intern("new");
  sym_str = symbols.intern("str");
  sym_call = symbols.intern("_call");
  sym_enter = symbols.intern("_enter");
  sym_exit = symbols.intern("_exit");
  sym_message = symbols.intern("message");
  sym_eq = symbols.intern("eq");
  sym_init = symbols.intern("init");
  for (const char* name : {"is", "cls", "str", "to_string", "_str", "_rep", "_id", "_doc", "_name", "eq", "neq",
                           "does", "update", "type", "message", "line", "file", "cause", "stack", "name"})
    universal_names.insert(symbols.intern(name));
  root_decl.name = "<native>";
  frames.push_back(Frame{&root_decl, &root_file, 0, nullptr});
  int_methods = &table_for_name("Int");
  float_methods = &table_for_name("Float");
  bool_methods = &table_for_name("Bool");
  str_methods = &table_for_name("Str");
  bytes_methods = &table_for_name("Bytes");
  array_methods = &table_for_name("Array");
  dict_methods = &table_for_name("Dict");
  out_writer = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  err_writer = [](std::string_view s) {
    std::fflush(stdout);
    std::fwrite(s.data(), 1, s.size(), stderr);
  };
  // Type-name globals are plain Str values upstream (`Int` is "Int").
  for (const char* name : {"Int", "Float", "Str", "Bool", "Dict", "Nil", "Bytes", "Uuid", "Num", "Obj", "Func", "Fun"})
    set_builtin(name, make_str(name));
  set_builtin("Array", Value(builtin_type("Array", TypeKind::Builtin)));
  for (const char* name : kExceptionTypes) set_builtin(name, Value(builtin_type(name, TypeKind::Exception)));
}

void release_interpreter_heap(Interpreter& in);  // gc_api.cpp

Interpreter::~Interpreter() { release_interpreter_heap(*this); }

void Interpreter::set_builtin(const std::string& name, Value v) {
  auto it = builtin_index.find(name);
  if (it != builtin_index.end()) {
    builtin_values[it->second] = std::move(v);
    return;
  }
  builtin_index.emplace(name, static_cast<std::uint32_t>(builtin_values.size()));
  builtin_values.push_back(std::move(v));
}

MethodTable& Interpreter::table_for_name(const std::string& type_name) {
  auto& slot = method_tables[type_name];
  if (!slot) slot = std::make_unique<MethodTable>();
  return *slot;
}

MethodTable& Interpreter::statics_for_name(const std::string& type_name) {
  auto& slot = static_tables[type_name];
  if (!slot) slot = std::make_unique<MethodTable>();
  return *slot;
}

Ref<TypeObj> Interpreter::builtin_type(const std::string& name, TypeKind kind) {
  auto it = builtin_types.find(name);
  if (it != builtin_types.end()) return it->second;
  auto type = make_ref<TypeObj>(name, kind);
  type->native_statics = &statics_for_name(name);
  builtin_types.emplace(name, type);
  return type;
}

Program& Interpreter::parse(const std::string& source, const std::string& file) {
  programs.push_back(parse_program(source, file));
  return *programs.back();
}

Value Interpreter::run_program(Program& program, ModuleScope& scope, Ref<EnvObj>& env) {
  Resolver resolver(symbols, builtin_index, scope);
  resolver.resolve_main(program.main);
  std::uint32_t old_count = env ? env->count : 0;
  if (!env) env = Ref<EnvObj>(new EnvObj(Ref<EnvObj>(), program.main->num_slots));
  env->grow(program.main->num_slots);
  // New top-level names are undefined until their declaration runs (a module that
  // returns early does not export what follows).
  for (std::uint32_t i = old_count; i < env->count; ++i) env->slots[i] = Value::undefined();
  FrameGuard guard(*this, Frame{program.main, &program.main->file, 1, nullptr, env.get()});
  Value result = exec_block(program.main->body, env.get());
  if (ctl != Ctl::None) {
    if (ctl == Ctl::Return) result = std::move(return_value);
    ctl = Ctl::None;
  }
  return result;
}

// True when running `source` may leave values that point into its tree: functions and
// lambdas (their body), types (methods, field defaults). Checked on the text, so it errs
// on the side of keeping ("fun" inside a string keeps a tree that could go).
static bool may_outlive_its_run(const std::string& source) {
  return source.find("fun") != std::string::npos || source.find("type") != std::string::npos;
}

Value Interpreter::eval_source(const std::string& source, const std::string& name) {
  std::unique_ptr<Program> program;
  try {
    program = parse_program(source, name);
  } catch (SyntaxError& e) {
    raise("SyntaxErr", e.render());
  }
  Program& tree = *program;
  // Plain expressions (the common sys.eval use) free their tree when they return;
  // anything that can create a function keeps it for as long as the Vm.
  if (may_outlive_its_run(source)) programs.push_back(std::move(program));
  ModuleScope scope;
  Ref<EnvObj> env;
  return run_program(tree, scope, env);
}

Value Interpreter::universal_method(const Value& receiver, Symbol name, CallArgs& args, bool& handled) {
  handled = false;
  // Most calls that reach here are `x.str()`; everything else is rarer.
  if (name == sym_str && args.positional.size() == 0 && !receiver.is_nil()) {
    handled = true;
    if (receiver.is_str()) return receiver;
    return make_str(to_str(receiver));
  }
  if (!universal_names.count(name)) return Value();
  handled = true;
  const std::string& n = symbols.name(name);
  std::size_t argc = args.positional.size();
  if (n == "is" && argc == 1) {
    const Value& t = args.positional[0];
    std::string want = t.is_str() ? t.as_str()
                       : t.is_kind(ObjKind::Type) ? static_cast<TypeObj*>(t.raw_object())->name
                                                  : to_str(t);
    std::string have = type_name(receiver);
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    if (receiver.is_kind(ObjKind::Instance) && t.is_kind(ObjKind::Type))
      return Value::boolean(static_cast<InstanceObj*>(receiver.raw_object())->type.get() == t.raw_object());
    bool match = lower(want) == lower(have) || (lower(want) == "num" && receiver.is_number()) ||
                 (lower(want) == "obj");
    return Value::boolean(match);
  }
  if (receiver.is_nil()) {
    handled = false;
    return Value();
  }
  if (n == "cls" && argc == 0) return make_str(type_name(receiver));
  if (n == "to_string" && argc == 0) return make_str(to_str(receiver));  // `str` is answered above
  if (n == "_str" && argc == 0) return make_str(to_str(receiver));
  if (n == "_rep" && argc == 0) return make_str(repr(receiver));
  if (n == "_id" && argc == 0) {
    if (receiver.is_object()) return Value::integer(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(receiver.raw_object())));
    return Value::integer(receiver.raw_int());
  }
  if (n == "_doc" && argc == 0) {
    if (receiver.is_kind(ObjKind::Function)) {
      // Upstream's defaults when a function has no docstring.
      const FunctionDecl* d = static_cast<FunctionObj*>(receiver.raw_object())->decl;
      if (!d->doc.empty()) return make_str(d->doc);
      return make_str(d->name.empty() ? "Anonymous function" : "User-defined function: " + d->name);
    }
    if (receiver.is_kind(ObjKind::Type)) return make_str(static_cast<TypeObj*>(receiver.raw_object())->doc);
    if (receiver.is_kind(ObjKind::Module)) return make_str(static_cast<ModuleObj*>(receiver.raw_object())->doc);
    if (receiver.is_kind(ObjKind::Instance))
      return make_str(static_cast<InstanceObj*>(receiver.raw_object())->type->doc);
    return make_str("");
  }
  if (n == "_name" && argc == 0) {
    if (receiver.is_kind(ObjKind::Function)) return make_str(static_cast<FunctionObj*>(receiver.raw_object())->decl->name);
    if (receiver.is_kind(ObjKind::NativeFunction))
      return make_str(static_cast<NativeFunctionObj*>(receiver.raw_object())->method.name);
    if (receiver.is_kind(ObjKind::Type)) return make_str(static_cast<TypeObj*>(receiver.raw_object())->name);
  }
  if ((n == "eq" || n == "neq") && argc == 1) {
    bool eq = equals(receiver, args.positional[0]);
    return Value::boolean(n == "eq" ? eq : !eq);
  }
  if (receiver.is_kind(ObjKind::Instance)) {
    auto* inst = static_cast<InstanceObj*>(receiver.raw_object());
    if (n == "does" && argc == 1) {
      const Value& t = args.positional[0];
      std::string trait = t.is_kind(ObjKind::Trait) ? static_cast<TraitObj*>(t.raw_object())->name : to_str(t);
      for (const std::string& have : inst->type->traits)
        if (have == trait) return Value::boolean(true);
      return Value::boolean(false);
    }
    if (n == "update") {
      auto copy = make_ref<InstanceObj>(inst->type);
      copy->fields = inst->fields;
      for (auto& [k, v] : args.named) {
        auto it = inst->type->field_index.find(symbols.intern(k));
        if (it == inst->type->field_index.end()) raise("ArgErr", inst->type->name + " has no field '" + k + "'");
        copy->fields[it->second] = v;
      }
      return Value(copy);
    }
  }
  if (receiver.is_kind(ObjKind::Exception)) {
    auto* e = static_cast<ExceptionObj*>(receiver.raw_object());
    if (n == "type") {
      // The built-in exception type itself (`e.type() == IndexErr`); a type name that
      // is no built-in (a native's "Name: text" error) stays a Str.
      auto it = builtin_index.find(e->type);
      if (it != builtin_index.end() && builtin_values[it->second].is_kind(ObjKind::Type)) return builtin_values[it->second];
      return make_str(e->type);
    }
    if (n == "message") return make_str(e->message);
    if (n == "line") return Value::integer(e->line);
    if (n == "file") return make_str(e->file);
    if (n == "cause") return e->cause;
    if (n == "stack") {
      std::vector<Value> lines;
      for (const std::string& s : e->stack) lines.push_back(make_str(s));
      return make_array(std::move(lines));
    }
  }
  if (receiver.is_kind(ObjKind::Type) && n == "name") return make_str(static_cast<TypeObj*>(receiver.raw_object())->name);
  handled = false;
  return Value();
}

}  // namespace quest
