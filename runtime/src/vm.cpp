// Vm: the public embedding API, forwarding to the Interpreter.
#include "quest/vm.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "builtin_registry.hpp"
#include "handle_slot.hpp"
#include "gc.hpp"
#include "interpreter.hpp"
#include "parser.hpp"
#include "std_modules.hpp"

namespace quest {

// An interrupt requested while no Quest code ran must not stop the next, unrelated run.
static void forget_stale_interrupt(Interpreter& in) {
  if (in.frames.size() == 1) in.interrupt_pending.store(false, std::memory_order_relaxed);
}

void ModuleBuilder::function(const std::string& name, NativeFn fn, int min_arity, int max_arity,
                             const std::string& doc) {
  (void)doc;
  module_.native_members.emplace_back(name, vm_.make_function(name, std::move(fn), min_arity, max_arity));
}

void ModuleBuilder::value(const std::string& name, Value v) {
  for (auto& [k, existing] : module_.native_members)
    if (k == name) {
      existing = std::move(v);
      return;
    }
  module_.native_members.emplace_back(name, std::move(v));
}

void ModuleBuilder::doc(const std::string& text) { module_.doc = text; }

Vm::Vm(VmOptions options) : interp_(std::make_unique<Interpreter>(*this, std::move(options))) {
  register_global_functions(*this);
  register_number_methods(*this);
  register_array_methods(*this);
  register_dict_methods(*this);
  register_set_methods(*this);
  register_str_methods(*this);
  register_bytes_methods(*this);
  register_uuid_methods(*this);
  register_bigint_methods(*this);   // after Str: provides Str.to_bigint
  register_decimal_methods(*this);  // after Str: provides Str.to_decimal
  register_std_modules(*this);
  interp_->owner_thread = std::this_thread::get_id();
}

Vm::~Vm() {
  // Handles may outlive the Vm: release their values while the heap still exists.
  orphan_handles(interp_->handles);
  interp_.reset();
  // The interpreter's own teardown collected what only it kept alive. Native state dies
  // with it afterwards (a host's closures in the method tables own e.g. the bindings'
  // hub, which holds Quest handlers and views), and the values that state releases can
  // be cycles of their own (a view's closure frames, a type and its methods): collect
  // once more, so a host that makes and drops Vms leaves nothing behind.
  if (GcHeap* heap = GcHeap::current()) heap->collect_all();
}

void Vm::register_function(const std::string& name, NativeFn fn, int min_arity, int max_arity) {
  interp_->set_builtin(name, make_function(name, std::move(fn), min_arity, max_arity));
}

void Vm::register_global(const std::string& name, Value v) { interp_->set_builtin(name, std::move(v)); }

void Vm::register_method(const std::string& type_name, const std::string& method, NativeFn fn, int min_arity,
                         int max_arity) {
  Symbol sym = interp_->symbols.intern(method);
  interp_->table_for_name(type_name)[sym] = NativeMethod{method, std::move(fn), min_arity, max_arity};
}

void Vm::register_static_method(const std::string& type_name, const std::string& method, NativeFn fn,
                                int min_arity, int max_arity) {
  Symbol sym = interp_->symbols.intern(method);
  interp_->statics_for_name(type_name)[sym] =
      NativeMethod{type_name + "." + method, std::move(fn), min_arity, max_arity};
}

const NativeClass* Vm::define_class(const std::string& name, const std::string& doc) {
  auto& slot = interp_->native_classes[name];
  if (!slot) {
    slot = std::make_unique<NativeClass>();
    slot->name = name;
  }
  if (!doc.empty()) slot->doc = doc;
  interp_->table_for_name(name);
  return slot.get();
}

const NativeClass* Vm::native_class(const std::string& name) const {
  auto it = interp_->native_classes.find(name);
  return it == interp_->native_classes.end() ? nullptr : it->second.get();
}

Value Vm::class_value(const std::string& name) {
  auto type = interp_->builtin_type(name, TypeKind::Native);
  if (const NativeClass* cls = native_class(name)) type->doc = cls->doc;
  return Value(type);
}

void Vm::register_native_module(const std::string& path, NativeModuleFactory factory) {
  interp_->native_modules[path] = std::move(factory);
}

Value Vm::make_function(const std::string& name, NativeFn fn, int min_arity, int max_arity) {
  return Value(make_ref<NativeFunctionObj>(NativeMethod{name, std::move(fn), min_arity, max_arity}));
}

Value Vm::call(const Value& callee, std::span<const Value> args) {
  check_owner_thread("Vm::call");
  forget_stale_interrupt(*interp_);
  CallArgs call_args;
  for (const Value& a : args) call_args.positional.push(a);
  return interp_->call_value(callee, call_args, interp_->frames.empty() ? 0 : interp_->frames.back().line);
}

Value Vm::call_method(const Value& receiver, const std::string& method, std::span<const Value> args) {
  check_owner_thread("Vm::call_method");
  forget_stale_interrupt(*interp_);
  CallArgs call_args;
  for (const Value& a : args) call_args.positional.push(a);
  return interp_->call_method(receiver, interp_->symbols.intern(method), call_args,
                              interp_->frames.empty() ? 0 : interp_->frames.back().line);
}

std::string Vm::to_str(const Value& v) { return interp_->to_str(v); }
std::string Vm::repr(const Value& v) { return interp_->repr(v); }
bool Vm::truthy(const Value& v) const { return interp_->truthy(v); }
bool Vm::equals(const Value& a, const Value& b) { return interp_->equals(a, b); }
std::string Vm::format(const Value& v, const std::string& spec) { return interp_->format_value(v, spec); }
Value Vm::make_exception(const std::string& type, const std::string& message) {
  return interp_->make_exception(type, message);
}

void Vm::write_out(std::string_view text) { interp_->out_writer(text); }
void Vm::write_err(std::string_view text) { interp_->err_writer(text); }
Writer Vm::stdout_writer() const { return interp_->out_writer; }
Writer Vm::stderr_writer() const { return interp_->err_writer; }

void Vm::set_stdout_writer(Writer w) {
  if (!w) w = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  interp_->out_writer = std::move(w);
}

void Vm::set_stderr_writer(Writer w) {
  if (!w)
    w = [](std::string_view s) {
      std::fflush(stdout);
      std::fwrite(s.data(), 1, s.size(), stderr);
    };
  interp_->err_writer = std::move(w);
}

static std::string read_source(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw QuestError("IOErr", "Cannot open file: " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Vm::run_file(const std::string& path) {
  check_owner_thread("Vm::run_file");
  interp_->script_path = path;
  return run_source(read_source(path), path);
}

int Vm::run_source(const std::string& source, const std::string& name) {
  check_owner_thread("Vm::run_source");
  Program* program;
  try {
    program = &interp_->parse(source, name);
  } catch (SyntaxError& e) {
    throw QuestError("SyntaxErr", e.render());
  }
  forget_stale_interrupt(*interp_);
  try {
    // The main scope persists: a second run sees the first one's top-level names, and
    // global() reads them after the run.
    interp_->run_program(*program, interp_->main_scope, interp_->main_env);
  } catch (ExitRequest& exit) {
    return exit.code;
  }
  return 0;
}

Value Vm::eval(const std::string& source) {
  check_owner_thread("Vm::eval");
  forget_stale_interrupt(*interp_);
  return interp_->eval_source(source, "<eval>");
}

Value Vm::load_module(const std::string& path) {
  std::error_code ec;
  std::string resolved = std::filesystem::weakly_canonical(path, ec).string();
  if (ec || !std::filesystem::is_regular_file(resolved)) {
    std::string with_ext = resolved + ".q";
    if (std::filesystem::is_regular_file(with_ext)) resolved = with_ext;
    else throw QuestError("ImportErr", "Module not found: " + path);
  }
  return interp_->load_file_module(resolved, path);
}

Value Vm::module_member(const Value& module, const std::string& name) {
  if (!module.is_kind(ObjKind::Module)) return Value();
  Value out;
  bool is_private = false;
  static_cast<ModuleObj*>(module.raw_object())->lookup(name, out, is_private);
  return out;
}

const std::vector<std::string>& Vm::argv() const { return interp_->options.argv; }
void Vm::set_argv(std::vector<std::string> argv) { interp_->options.argv = std::move(argv); }
const std::string& Vm::script_path() const { return interp_->script_path; }
std::size_t Vm::call_depth() const { return interp_->frames.size(); }
std::size_t Vm::max_call_depth() const { return interp_->options.max_call_depth; }
void Vm::set_max_call_depth(std::size_t depth) { interp_->options.max_call_depth = depth; }

// ---- Host services ----

// The slot of a top-level name of the main script, or nullptr when it has none (or its
// declaration has not run yet).
static const Value* main_binding(Interpreter& in, std::string_view name) {
  if (!in.main_env || in.main_scope.top.blocks.empty()) return nullptr;
  const auto& names = in.main_scope.top.blocks.front().names;
  auto it = names.find(std::string(name));
  if (it == names.end() || it->second.slot >= in.main_env->count) return nullptr;
  const Value& v = in.main_env->slots[it->second.slot];
  return v.is_undefined() ? nullptr : &v;
}

Value Vm::global(std::string_view name) {
  check_owner_thread("Vm::global");
  const Value* v = main_binding(*interp_, name);
  return v ? *v : Value();
}

bool Vm::has_global(std::string_view name) {
  check_owner_thread("Vm::has_global");
  return main_binding(*interp_, name) != nullptr;
}

Scope Vm::capture_caller_scope() {
  check_owner_thread("Vm::capture_caller_scope");
  const Frame& caller = interp_->frames.back();
  if (!caller.env || caller.decl == &interp_->root_decl)
    interp_->raise("RuntimeErr", "capture_caller_scope: no Quest function is calling");
  Scope scope;
  scope.frame_ = Value(static_cast<Object*>(caller.env));
  scope.shape_ = caller.decl;
  return scope;
}

void Vm::adopt_current_thread() { interp_->owner_thread = std::this_thread::get_id(); }
bool Vm::on_owner_thread() const { return interp_->owner_thread == std::this_thread::get_id(); }

void Vm::check_owner_thread(const char* what) const {
  if (on_owner_thread()) return;
  std::fprintf(stderr, "quest: %s called off the Vm's thread (see quest/host.hpp)\n", what);
  std::abort();
}

std::size_t Vm::live_handles() const { return interp_->live_handles; }

void Vm::request_interrupt(std::string message) {
  {
    std::lock_guard<std::mutex> lock(interp_->interrupt_mutex);
    interp_->interrupt_message = std::move(message);
  }
  interp_->interrupt_pending.store(true, std::memory_order_release);
}

void Interpreter::raise_interrupt() {
  interrupt_pending.store(false, std::memory_order_relaxed);
  std::string message;
  {
    std::lock_guard<std::mutex> lock(interrupt_mutex);
    message = std::move(interrupt_message);
  }
  raise("InterruptErr", message.empty() ? "interrupted" : message);
}

std::vector<std::string> search_dirs(const Interpreter& in);
std::vector<std::string> Vm::search_path() const { return search_dirs(*interp_); }

}  // namespace quest
