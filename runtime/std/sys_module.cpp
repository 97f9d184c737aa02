// std/sys: interpreter facts (version, platform, argv, script_path...), the process
// streams and their redirection, exit/fail, load_module/eval and call-depth hooks, and the
// cycle collector (gc, gc_stats, live_objects).
#include <algorithm>
#include <array>
#include <climits>
#include <filesystem>
#include <unistd.h>

#include "std_support.hpp"
#include "sys_streams.hpp"

namespace quest {

namespace {

constexpr const char* kVersion = "0.1.13";

std::string executable_path() {
  std::error_code e;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", e);
  return e ? std::string("quest") : path.string();
}

Value script_path(Vm& vm) {
  if (vm.script_path().empty()) return Value::nil();
  std::error_code e;
  const auto canonical = std::filesystem::canonical(vm.script_path(), e);
  return make_str(e ? vm.script_path() : canonical.string());
}

Value depth_limits(Vm& vm) {
  Value limits = make_dict();
  limits.as_dict().set("function_calls", Value::integer(static_cast<int64_t>(vm.max_call_depth())));
  limits.as_dict().set("eval_recursion", Value::integer(static_cast<int64_t>(vm.max_call_depth())));
  limits.as_dict().set("module_loading", Value::integer(50));
  return limits;
}

void add_facts(Vm& vm, ModuleBuilder& m) {
  m.value("version", make_str(kVersion));
  m.value("platform", make_str("linux"));
  m.value("executable", make_str(executable_path()));
  m.value("script_path", script_path(vm));
  m.value("argv", string_array(vm.argv()));
  m.value("argc", Value::integer(static_cast<int64_t>(vm.argv().size())));
  m.value("INT_MAX", Value::integer(INT64_MAX));
  m.value("INT_MIN", Value::integer(INT64_MIN));
  m.value("builtin_module_names", string_array({"math", "os", "io", "sys", "time", "term", "hash", "uuid", "regex",
                                                "encoding/json", "encoding/b64", "encoding/hex", "encoding/url", "encoding/struct", "encoding/csv"}));
  m.value("stdout", make_stream(vm, StreamKind::out));
  m.value("stderr", make_stream(vm, StreamKind::err));
  m.value("stdin", make_stream(vm, StreamKind::in));
}

void add_control(ModuleBuilder& m) {
  m.function("exit", [](Vm&, const Args& a) -> Value {
    throw ExitRequest{static_cast<int>(opt_int(a, 1, "exit", 0))};
  }, 0, 1);
  m.function("fail", [](Vm&, const Args& a) -> Value {
    throw_error("RuntimeErr", opt_str(a, 1, "fail", "Failure"));
  }, 0, 1);
  m.function("pid", [](Vm&, const Args&) { return Value::integer(::getpid()); }, 0, 0);
  m.function("redirect_stream", [](Vm& vm, const Args& a) { return redirect_stream(vm, a); }, 2, 2);
  // The context-manager docs' spelling: sys.redirect_stdout(target) / redirect_stderr(target).
  m.function("redirect_stdout", [](Vm& vm, const Args& a) {
    return redirect(vm, StreamKind::out, arg_any(a, 1, "redirect_stdout"), "redirect_stdout");
  }, 1, 1);
  m.function("redirect_stderr", [](Vm& vm, const Args& a) {
    return redirect(vm, StreamKind::err, arg_any(a, 1, "redirect_stderr"), "redirect_stderr");
  }, 1, 1);
}

void add_interpreter_hooks(ModuleBuilder& m) {
  m.function("load_module", [](Vm& vm, const Args& a) { return vm.load_module(arg_str(a, 1, "load_module")); }, 1, 1);
  m.function("eval", [](Vm& vm, const Args& a) {
    const std::string& code = arg_str(a, 1, "eval");
    if (code.find_first_not_of(" \t\r\n") == std::string::npos) return Value::nil();
    return vm.eval(code);
  }, 1, 1);
  m.function("get_call_depth", [](Vm& vm, const Args&) {
    return Value::integer(static_cast<int64_t>(vm.call_depth()));
  }, 0, 0);
  // quest-overview.md's scope introspection. Our block scopes are resolver slots in
  // the function's frame, so nothing can leak: the depth is 1 at the top level plus
  // one per Quest call in progress, and equal before and after any statement.
  m.function("get_scope_depth", [](Vm& vm, const Args&) {
    return Value::integer(static_cast<int64_t>(std::max<std::size_t>(vm.call_depth(), 2) - 1));
  }, 0, 0);
  m.function("get_depth_limits", [](Vm& vm, const Args&) { return depth_limits(vm); }, 0, 0);
}

// ---- memory: the cycle collector (Vm::collect_garbage, Vm::gc_stats) ----
Value int_array(const std::array<std::size_t, GcStats::kGenerations>& counts) {
  std::vector<Value> items;
  for (std::size_t n : counts) items.push_back(Value::integer(static_cast<int64_t>(n)));
  return make_array(std::move(items));
}

Value gc_stats_dict(const GcStats& stats) {
  Value out = make_dict();
  DictObj& d = out.as_dict();
  d.set("live_objects", Value::integer(static_cast<int64_t>(stats.live_objects)));
  d.set("freed", Value::integer(static_cast<int64_t>(stats.freed)));
  d.set("collections", int_array(stats.collections));
  d.set("tracked", int_array(stats.tracked));
  d.set("thresholds", int_array(stats.thresholds));
  return out;
}

void add_memory_hooks(ModuleBuilder& m) {
  m.function("gc", [](Vm& vm, const Args&) {
    return Value::integer(static_cast<int64_t>(vm.collect_garbage()));
  }, 0, 0, "Frees unreachable reference cycles now; returns how many objects it freed.");
  m.function("gc_stats", [](Vm& vm, const Args&) { return gc_stats_dict(vm.gc_stats()); }, 0, 0,
             "The cycle collector's figures: live_objects, freed, and per generation "
             "collections, tracked and thresholds.");
  m.function("live_objects", [](Vm& vm, const Args&) {
    return Value::integer(static_cast<int64_t>(vm.live_objects()));
  }, 0, 0, "How many heap objects are alive now (a debug counter for leak tests).");
}

void build(Vm& vm, ModuleBuilder& m) {
  m.doc("Interpreter and process information, streams and redirection.");
  add_facts(vm, m);
  add_control(m);
  add_interpreter_hooks(m);
  add_memory_hooks(m);
}

}  // namespace

void register_sys_module(Vm& vm) {
  register_stream_classes(vm);
  vm.register_native_module("std/sys", build);
}

}  // namespace quest
