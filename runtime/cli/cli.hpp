// Internal to cli/: the pieces of `quest` (script runner, REPL, test runner). Hosts use
// quest/host.hpp (cli_main, CliHost) instead.
#pragma once

#include <string>
#include <vector>

#include "quest/host.hpp"
#include "quest/vm.hpp"

namespace quest {

// Options for running one script.
struct ScriptOptions {
  std::vector<std::string> argv;         // sys.argv
  std::vector<std::string> test_setup;   // std/test set_* calls requested by `quest test`
};

// Runs a script file (or source text when `inline_source` is set) in a fresh Vm set up by
// `host`, prints uncaught errors (format_error) to stderr, honours the std/test finish()
// contract, and returns the exit status.
int run_script(const std::string& path, const std::string* inline_source, const ScriptOptions& options,
               const CliHost& host);

int run_repl(Vm& vm);
// Each test file runs as `self_exe --test-child FILE`, so the host's setup applies there.
int run_tests(const std::vector<std::string>& args, const std::string& self_exe);

}  // namespace quest
