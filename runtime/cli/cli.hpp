// The command-line front end: `quest FILE [ARGS]`, `quest -e CODE`, the REPL,
// `quest test [PATHS...]`, `--version`, `--help`, `--search-path`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "quest/vm.hpp"

namespace quest {

int cli_main(int argc, char** argv);

// Extra subcommands (e.g. `quest serve`) registered by hosts before cli_main runs.
// The handler receives the arguments after the subcommand name.
using CliCommand = std::function<int(const std::vector<std::string>& args)>;
void register_cli_command(const std::string& name, CliCommand command, const std::string& help);

// Runs `body` on a thread with a large stack (deep Quest recursion must raise a clean
// RuntimeErr, never overflow the C++ stack). Returns body's result.
int run_on_big_stack(const std::function<int()>& body);

// Options for running one script.
struct ScriptOptions {
  std::vector<std::string> argv;         // sys.argv
  std::vector<std::string> test_setup;   // std/test set_* calls requested by `quest test`
};

// Runs a script file (or source text when `inline_source` is set) in a fresh Vm, prints
// uncaught errors (Type: message, at file:line, stack) to stderr, honours the std/test
// finish() contract, and returns the exit status.
int run_script(const std::string& path, const std::string* inline_source, const ScriptOptions& options);

// Prints an uncaught Quest error the way the CLI does.
void print_uncaught(Vm& vm, const QuestError& error);

int run_repl(Vm& vm);
int run_tests(const std::vector<std::string>& args, const std::string& self_exe);

}  // namespace quest
