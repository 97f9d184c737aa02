// The embedding API: one Vm is one Quest interpreter with all of its state (globals,
// module cache, registered natives, output streams). There is no process-global
// interpreter state, so several Vms may exist (each used by one thread at a time).
//
// Hosts and std modules use only this header, native.hpp, objects.hpp, value.hpp and
// error.hpp. Hot built-ins (Array/Dict/Int methods) live in runtime/ and may use the
// interpreter internals under runtime/src/.
#pragma once

#include <functional>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "quest/error.hpp"
#include "quest/expression.hpp"
#include "quest/handle.hpp"
#include "quest/gc_stats.hpp"
#include "quest/native.hpp"
#include "quest/objects.hpp"
#include "quest/value.hpp"

namespace quest {

class Interpreter;
class ModuleObj;

struct VmOptions {
  // sys.argv: the script path followed by its arguments.
  std::vector<std::string> argv;
  // Extra module search directories tried after the script dir and before the project
  // lib/, QUEST_INCLUDE and ~/.quest/lib.
  std::vector<std::string> search_path;
  // Deepest Quest call nesting before a RuntimeErr; must fit the C++ stack the
  // interpreter runs on (see run_on_big_stack in cli).
  std::size_t max_call_depth = 2000;
};

// Handed to a native module factory to fill a module's members.
class ModuleBuilder {
 public:
  ModuleBuilder(Vm& vm, ModuleObj& module) : vm_(vm), module_(module) {}
  // A public function member `name`, taking min..max positional arguments
  // (max = kVariadic for any number). The Vm checks the count before calling.
  void function(const std::string& name, NativeFn fn, int min_arity, int max_arity,
                const std::string& doc = "");
  // A public value member (constant, sub-object, type...).
  void value(const std::string& name, Value v);
  void doc(const std::string& text);
  Vm& vm() { return vm_; }

 private:
  Vm& vm_;
  ModuleObj& module_;
};

// Called every time `use "<path>"` imports the native module (upstream re-creates native
// modules per import; cache state in the Vm or in captured shared state if you need it).
using NativeModuleFactory = std::function<void(Vm&, ModuleBuilder&)>;

// Receives output text. Used for stdout/stderr and their redirection.
using Writer = std::function<void(std::string_view)>;

class Vm {
 public:
  explicit Vm(VmOptions options = {});
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // ---- Registration (the one table natives enter through) ----
  // A global built-in function, e.g. register_function("puts", fn, 0, kVariadic).
  void register_function(const std::string& name, NativeFn fn, int min_arity, int max_arity);
  // A global value (predeclared in every fresh scope).
  void register_global(const std::string& name, Value v);
  // A method on a built-in type ("Str", "Int", "Float", "Bool", "Array", "Dict", "Bytes")
  // or on a native class defined with define_class ("Uuid", "StringIO", ...).
  // The receiver arrives as args.self(). Registering an existing name replaces it.
  void register_method(const std::string& type_name, const std::string& method, NativeFn fn,
                       int min_arity, int max_arity);
  // A static method callable as `TypeName.method(...)` when TypeName is bound to the
  // type object (e.g. a native class exposed as a module member via class_value()).
  void register_static_method(const std::string& type_name, const std::string& method,
                              NativeFn fn, int min_arity, int max_arity);
  // Declares a native class; returns the same pointer for the same name. The pointer
  // lives as long as the Vm.
  const NativeClass* define_class(const std::string& name, const std::string& doc = "");
  // nullptr when no class of that name was defined.
  const NativeClass* native_class(const std::string& name) const;
  // A Type value for a native class (supports `.new` via a static method named "new",
  // `x.is(T)` and static methods). Put it in a module with ModuleBuilder::value.
  Value class_value(const std::string& name);
  // A native module found by `use "<path>"`, e.g. register_native_module("std/math", ...).
  void register_native_module(const std::string& path, NativeModuleFactory factory);
  // A callable native function value (for callbacks or dict members).
  Value make_function(const std::string& name, NativeFn fn, int min_arity, int max_arity);

  // ---- Calling Quest from native code ----
  // Calls any callable value. Quest exceptions propagate as QuestError.
  Value call(const Value& callee, std::span<const Value> args);
  Value call(const Value& callee, std::initializer_list<Value> args) {
    return call(callee, std::span<const Value>(args.begin(), args.size()));
  }
  // receiver.method(args...) with normal method lookup (user types included).
  Value call_method(const Value& receiver, const std::string& method, std::span<const Value> args);

  // ---- Value services ----
  std::string to_str(const Value& v);  // what `v.str()` / puts prints
  std::string repr(const Value& v);    // what `v._rep()` prints (Str quoted)
  bool truthy(const Value& v) const;
  bool equals(const Value& a, const Value& b);  // Quest `==`
  // Formats with a Python-style spec ("<10", ".2f", ">8,", "x"), as f-strings do.
  std::string format(const Value& v, const std::string& spec);
  // A Quest exception object of `type` ("ValueErr", ...) with `message`.
  Value make_exception(const std::string& type, const std::string& message);

  // ---- Output (sys.redirect_stream, StringIO capture) ----
  void write_out(std::string_view text);
  void write_err(std::string_view text);
  Writer stdout_writer() const;
  Writer stderr_writer() const;
  void set_stdout_writer(Writer w);  // nullptr restores the process stdout
  void set_stderr_writer(Writer w);

  // ---- Running code ----
  // Runs a script file as the main program. Returns the exit status (0, or the code
  // given to sys.exit). Uncaught Quest exceptions propagate as QuestError.
  int run_file(const std::string& path);
  // Runs source text as a main program named `name` (used by `quest -e`).
  int run_source(const std::string& source, const std::string& name);
  // sys.eval: evaluates code in a fresh scope and returns the value of the last statement.
  Value eval(const std::string& source);
  // sys.load_module: loads a file module (path relative to the cwd), cached.
  Value load_module(const std::string& path);
  // Looks up a public member of a loaded module value; nil when missing.
  Value module_member(const Value& module, const std::string& name);

  // ---- sys hooks ----
  const std::vector<std::string>& argv() const;
  void set_argv(std::vector<std::string> argv);
  const std::string& script_path() const;  // path of the main script ("" for -e / REPL)
  std::size_t call_depth() const;
  std::size_t max_call_depth() const;
  void set_max_call_depth(std::size_t depth);
  // Module search directories in the order they are tried.
  std::vector<std::string> search_path() const;

  // ---- Host services (see host.hpp for the threading rule) ----
  // A top-level binding of the main script after run_file/run_source (e.g. the
  // `handle_request` function `quest serve` calls); nil when there is none. The main
  // scope stays alive as long as the Vm, and later run_source calls add to it. Names
  // declared inside blocks are not globals; one whose declaration has not run is nil.
  Value global(std::string_view name);
  bool has_global(std::string_view name);
  // Safe from ANY thread: asks the Quest code running now to stop. At its next block
  // entry (every call and every loop iteration enters one) the interpreter raises an
  // InterruptErr carrying `message` (a host's time budget for a handler). Cleared once
  // raised; a request made while nothing runs is dropped by the next outermost
  // run/call/eval. A native blocking in C++ sees it only when it returns to Quest.
  // An interrupt caught by a Quest `catch` clause that matches it (a bare `catch e`
  // does) stops there, as any exception would.
  void request_interrupt(std::string message);
  // During a native call: the frame of the Quest function that called the native (its
  // locals and local functions, and through it the functions around it), for
  // Expression::compile/evaluate. RuntimeErr when no Quest function is calling (the
  // native was called from C++). Called from a script's top level, it is that module's
  // top-level frame. The Scope keeps that frame alive while it is held.
  Scope capture_caller_scope();

  // ---- Threads ----
  // A Vm belongs to one thread at a time: the one that constructed it, until another
  // thread calls adopt_current_thread() (hand a Vm over only while nothing runs in it).
  // The entry points (call, call_method, run_file, run_source, eval, global,
  // capture_caller_scope, Handle and Expression operations) check the calling thread in
  // every build: a wrong thread prints "quest: <what> called off the Vm's thread" and
  // aborts, because a race on non-atomic reference counts is silent corruption.
  void adopt_current_thread();
  bool on_owner_thread() const;
  void check_owner_thread(const char* what) const;
  // Handles (quest/handle.hpp) alive now.
  std::size_t live_handles() const;

  // ---- Memory ----
  // Frees unreachable reference cycles now (closures <-> frames, self-referencing
  // containers), all generations; returns how many objects of those cycles it freed
  // (strings and other leaves only they held are freed too, uncounted). Also runs by
  // itself, driven by allocation counts; hosts call it when idle. Runs no Quest code.
  std::size_t collect_garbage();
  // Heap objects alive now (a debug counter for leak tests). Counted per thread: with
  // several Vms on one thread, it is their sum.
  std::size_t live_objects() const;
  // The collector's figures (per thread, like live_objects).
  GcStats gc_stats() const;

  // Internal engine, for runtime/ code only.
  Interpreter& interpreter() { return *interp_; }

 private:
  std::unique_ptr<Interpreter> interp_;
};

}  // namespace quest
