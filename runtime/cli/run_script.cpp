// Running one script: fresh Vm with the host's setup, uncaught-error printing,
// std/test finish() contract.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "interpreter.hpp"

namespace quest {

// The loaded std/test module, if the script used it.
static Value loaded_test_module(Interpreter& in) {
  for (auto& [path, entry] : in.module_cache) {
    if (path.size() >= 11 && path.compare(path.size() - 11, 11, "/std/test.q") == 0 && !entry.loading)
      return Value(entry.module);
  }
  return Value();
}

static void apply_test_setup(Vm& vm, const std::vector<std::string>& setup) {
  if (setup.empty()) return;
  Value module = vm.interpreter().import_module("std/test", 0);
  for (const std::string& call : setup) {
    std::size_t eq = call.find('=');
    std::string name = call.substr(0, eq);
    Value fn = vm.module_member(module, name);
    if (fn.is_nil()) continue;
    Value arg;
    if (eq == std::string::npos) arg = Value::boolean(name == "set_condensed");
    else if (name == "set_colors") arg = Value::boolean(call.substr(eq + 1) == "true");
    else arg = make_array({make_str(call.substr(eq + 1))});
    vm.call(fn, {arg});
  }
}

int run_script(const std::string& path, const std::string* inline_source, const ScriptOptions& options,
               const CliHost& host) {
  return run_on_big_stack([&]() -> int {
    VmOptions vm_options;
    vm_options.argv = options.argv;
    // The CLI runs on a 1 GiB stack (about 2.5 KiB per Quest call), so it allows deeper
    // recursion than the embedding default.
    vm_options.max_call_depth = 10000;
    if (const char* depth = std::getenv("QUEST_MAX_CALL_DEPTH")) {
      long parsed = std::atol(depth);
      if (parsed > 0 && parsed <= 100000) vm_options.max_call_depth = static_cast<std::size_t>(parsed);
    }
    Vm vm(vm_options);
    Interpreter& in = vm.interpreter();
    int status = 0;
    try {
      apply_vm_setup(vm, host);
      apply_test_setup(vm, options.test_setup);
      status = inline_source ? vm.run_source(*inline_source, path) : vm.run_file(path);
    } catch (QuestError& e) {
      vm.write_err(format_error(e));
      std::cout.flush();
      std::fflush(stdout);
      return 1;
    } catch (ExitRequest& exit) {
      std::fflush(stdout);
      return exit.code;
    } catch (const std::exception& e) {
      std::fflush(stdout);
      vm.write_err(std::string("InternalError: ") + e.what() + "\n");
      return 1;
    }
    Value test_module = loaded_test_module(in);
    if (!test_module.is_nil()) {
      Value finish = vm.module_member(test_module, "finish");
      if (finish.is_callable()) {
        try {
          Value failed = vm.call(finish, {});
          if (failed.is_int() && failed.as_int() > 0 && status == 0) status = 1;
        } catch (QuestError& e) {
          vm.write_err(format_error(e));
          status = 1;
        } catch (ExitRequest& exit) {
          status = exit.code;
        }
      }
    }
    std::fflush(stdout);
    return status;
  });
}

}  // namespace quest
