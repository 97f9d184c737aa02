// The evaluator: walks the resolved AST. Internal to runtime/; the public face is Vm.
//
// Hot-path design: variables are slots in EnvObj frames (no name lookups), control flow
// (return/break/continue) is a status field checked after each statement (no C++
// exceptions), Quest exceptions are C++ QuestError throws, method names are interned
// symbols, and calls with plain positional arguments bind straight into the new frame.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ast.hpp"
#include "interp_objects.hpp"
#include "quest/vm.hpp"
#include "resolver.hpp"
#include "symbols.hpp"

namespace quest {

struct HandleSlot;

// Small inline buffer for call arguments.
class ArgBuffer {
 public:
  ArgBuffer() = default;
  ArgBuffer(const ArgBuffer&) = delete;
  void push(Value v) {
    if (size_ < kInline) inline_[size_++] = std::move(v);
    else {
      spill();
      heap_.push_back(std::move(v));
      ++size_;
    }
  }
  Value* data() { return heap_.empty() ? inline_ : heap_.data(); }
  std::size_t size() const { return size_; }
  Value& operator[](std::size_t i) { return data()[i]; }

 private:
  static constexpr std::size_t kInline = 8;
  void spill() {
    if (heap_.empty()) {
      heap_.reserve(kInline * 2);
      for (std::size_t i = 0; i < size_; ++i) heap_.push_back(std::move(inline_[i]));
    }
  }
  Value inline_[kInline];
  std::vector<Value> heap_;
  std::size_t size_ = 0;
};

struct CallArgs {
  ArgBuffer positional;
  std::vector<std::pair<std::string, Value>> named;
};

struct Frame {
  const FunctionDecl* decl;
  const std::string* file;
  int line;
  TypeObj* owner;  // type whose method is running (private field access)
  EnvObj* env = nullptr;  // the function's frame (Vm::capture_caller_scope); not owned
};

// Per loaded file module.
struct LoadedModule {
  Ref<ModuleObj> module;
  std::unique_ptr<ModuleScope> scope;
  bool loading = false;
};

class Interpreter {
 public:
  explicit Interpreter(Vm& vm, VmOptions options);
  ~Interpreter();

  Vm& vm;
  SymbolTable symbols;
  VmOptions options;
  std::string script_path;

  // ---- globals ----
  std::vector<Value> builtin_values;
  std::unordered_map<std::string, std::uint32_t> builtin_index;
  void set_builtin(const std::string& name, Value v);

  // ---- method tables ----
  MethodTable& table_for_name(const std::string& type_name);
  MethodTable& statics_for_name(const std::string& type_name);
  const MethodTable* table_for_value(const Value& v) const;
  const NativeMethod* find_native_method(const Value& receiver, Symbol name) const;
  std::unordered_map<std::string, std::unique_ptr<MethodTable>> method_tables;
  std::unordered_map<std::string, std::unique_ptr<MethodTable>> static_tables;
  std::unordered_map<std::string, std::unique_ptr<NativeClass>> native_classes;
  std::unordered_map<std::string, Ref<TypeObj>> builtin_types;  // Array, errors, native classes
  MethodTable* int_methods = nullptr;
  MethodTable* float_methods = nullptr;
  MethodTable* bool_methods = nullptr;
  MethodTable* str_methods = nullptr;
  MethodTable* bytes_methods = nullptr;
  MethodTable* array_methods = nullptr;
  MethodTable* dict_methods = nullptr;
  Ref<TypeObj> builtin_type(const std::string& name, TypeKind kind);

  // ---- modules ----
  std::map<std::string, NativeModuleFactory> native_modules;
  std::unordered_map<std::string, LoadedModule> module_cache;  // by canonical path
  std::vector<std::string> loading_chain;
  Value import_module(const std::string& path, int line);
  Value load_file_module(const std::string& resolved, const std::string& display);
  std::string resolve_module_path(const std::string& path) const;
  std::string current_dir() const;

  // ---- running ----
  std::vector<std::unique_ptr<Program>> programs;  // keep ASTs alive
  Program& parse(const std::string& source, const std::string& file);
  // Runs `program` as a module top level in `env` (grown to fit). Returns last value.
  Value run_program(Program& program, ModuleScope& scope, Ref<EnvObj>& env);
  Value eval_source(const std::string& source, const std::string& name);
  // The main script's top level (Vm::run_file/run_source, Vm::global): lives with the Vm.
  ModuleScope main_scope;
  Ref<EnvObj> main_env;

  // ---- interrupts (Vm::request_interrupt) ----
  // Set from any thread; read with one relaxed load at every block entry (function
  // bodies and loop iterations), so a `while true` loop notices it.
  std::atomic<bool> interrupt_pending{false};
  std::mutex interrupt_mutex;  // guards interrupt_message
  std::string interrupt_message;
  void check_interrupt() {
    if (__builtin_expect(interrupt_pending.load(std::memory_order_relaxed), false)) raise_interrupt();
  }
  [[noreturn]] void raise_interrupt();

  // ---- host services ----
  HandleSlot* handles = nullptr;  // live Handles (quest/handle.hpp), newest first
  std::size_t live_handles = 0;
  std::thread::id owner_thread;   // the thread that may run this Vm (Vm::check_owner_thread)

  // ---- evaluation ----
  Value eval(Node* n, EnvObj* env);
  Value exec_block(Block* b, EnvObj* env);
  bool eval_condition(Node* cond, EnvObj* env);
  bool append_in_place(Ident* target, Binary* concat, EnvObj* env);
  void check_trait_methods(TypeDecl* n, EnvObj* env);

  // ---- calls ----
  Value call_value(const Value& callee, CallArgs& args, int line);
  Value call_function(FunctionObj* fn, const Value* self, CallArgs& args);
  Value call_native(const NativeMethod& m, const Value& self, CallArgs& args);
  Value call_method(const Value& receiver, Symbol name, CallArgs& args, int line);
  Value construct(TypeObj* type, CallArgs& args);
  void eval_args(const std::vector<Arg>& args, EnvObj* env, CallArgs& out);

  // ---- members ----
  Value get_member(const Value& object, Symbol name, int line);
  void set_member(const Value& object, Symbol name, Value v);
  Value get_index(const Value& object, const Value& index);
  void set_index(const Value& object, const Value& index, Value v);

  // ---- value services ----
  std::string to_str(const Value& v);
  std::string repr(const Value& v);
  bool truthy(const Value& v) const;
  bool equals(const Value& a, const Value& b);
  std::string type_name(const Value& v) const;
  std::string format_value(const Value& v, const std::string& spec);
  Value binary_op(Op op, const Value& a, const Value& b);
  bool in_match_range(const MatchArm& arm, const Value& subject, EnvObj* env);
  int compare(const Value& a, const Value& b);  // for sorting and < >

  // ---- errors ----
  [[noreturn]] void raise(const std::string& type, const std::string& message);
  Value make_exception(const std::string& type, const std::string& message);
  // Fills file/line/stack of an exception that is being raised here.
  void stamp(ExceptionObj& e);
  void check_catch_types(Try* n, EnvObj* env);
  Value exception_from(QuestError& err);
  bool type_matches(const Value& exception, const std::string& type_name);

  // ---- state ----
  std::vector<Frame> frames;
  enum class Ctl : std::uint8_t { None, Return, Break, Continue };
  Ctl ctl = Ctl::None;
  Value return_value;
  std::vector<Value> handling;  // exceptions being handled (for bare `raise`)
  Writer out_writer;
  Writer err_writer;

  // Bottom frame for code entered from native/host code; never popped.
  FunctionDecl root_decl;
  std::string root_file = "<native>";

  int nesting_depth = 0;  // to_str/repr/equals recursion through containers
  std::unordered_set<Symbol> universal_names;  // names universal_method may answer
  Symbol sym_new, sym_str, sym_call, sym_enter, sym_exit, sym_message, sym_eq, sym_init;

 private:
  Value eval_ident(Ident* id, EnvObj* env);
  Value eval_call(Call* c, EnvObj* env);
  Value eval_method_call(MethodCall* c, EnvObj* env);
  Value eval_fstring(FString* f, EnvObj* env);
  Value eval_assign(Assign* a, EnvObj* env);
  Value eval_let(Let* let, EnvObj* env);
  Value eval_if(If* n, EnvObj* env);
  Value eval_while(While* n, EnvObj* env);
  Value eval_for_range(ForRange* n, EnvObj* env);
  Value eval_for_in(ForIn* n, EnvObj* env);
  Value eval_match(Match* n, EnvObj* env);
  Value eval_try(Try* n, EnvObj* env);
  Value eval_raise(Raise* n, EnvObj* env);
  Value eval_with(With* n, EnvObj* env);
  Value eval_use(Use* n, EnvObj* env);
  Value eval_fun_decl(FunDecl* n, EnvObj* env);
  Value eval_type_decl(TypeDecl* n, EnvObj* env);
  Value eval_trait_decl(TraitDecl* n, EnvObj* env);
  Value eval_unary(Unary* n, EnvObj* env);
  Value make_closure(FunctionDecl* decl, EnvObj* env, TypeObj* owner);
  Value apply_decorators(FunctionDecl* decl, Value fn, EnvObj* env);
  Value& slot_ref(const VarRef& var, EnvObj* env);
  void check_type(const TypeAnnotation& t, const Value& v, const std::string& what);
  Value universal_method(const Value& receiver, Symbol name, CallArgs& args, bool& handled);
};

// Runs `body` with `frames` popped on exit (even on exceptions).
struct FrameGuard {
  Interpreter& in;
  explicit FrameGuard(Interpreter& i, Frame f) : in(i) { in.frames.push_back(f); }
  ~FrameGuard() { in.frames.pop_back(); }
};

// Float formatting shared by str() and f-strings: 42.0 -> "42", 0.1 -> "0.1".
std::string format_float(double d);
// Python-style format spec: [[fill]align][sign][0][width][,][.precision][type].
std::string apply_format_spec(Interpreter& in, const Value& v, const std::string& spec);

}  // namespace quest
