// What a host program adds to the runtime: the `quest` executable with the web bindings,
// a test harness, an application embedding Quest. Everything here is public embedding
// API (hosts include only runtime/include/quest/).
//
// Threading rule for hosts: a Vm and every Value it makes belong to the thread that runs
// the Vm. Reference counts are not atomic: create, copy and destroy Values only on that
// thread (debug builds assert it). Other threads talk to the Vm's thread by posting
// plain data (bytes, ids, strings) to a queue the host's loop drains there.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "quest/error.hpp"
#include "quest/vm.hpp"

namespace quest {

// Runs on every Vm the CLI creates (script, -e, REPL, each `quest test` file) before any
// Quest code: register native modules and classes here.
using VmSetup = std::function<void(Vm&)>;

struct CliCommand {
  std::string name;  // `quest NAME ...`
  std::string help;  // one line for `quest --help`
  // Receives the arguments after NAME; returns the exit status.
  std::function<int(const std::vector<std::string>& args)> run;
};

struct CliHost {
  std::vector<VmSetup> vm_setup;
  std::vector<CliCommand> commands;
};

// The `quest` command line with a host's additions. `quest_main` of a plain runtime
// build calls it with an empty host.
int cli_main(int argc, char** argv, const CliHost& host);

// Applies a host's setup to a Vm the host made itself (e.g. `quest serve`).
void apply_vm_setup(Vm& vm, const CliHost& host);

// Runs `body` on a thread with a large C++ stack, so deep Quest recursion raises a clean
// RuntimeErr instead of overflowing. Any host thread that runs a Vm should go through it.
// Returns body's result; an exception from body is rethrown on the caller's thread.
int run_on_big_stack(const std::function<int()>& body);

// An uncaught Quest error as the CLI prints it: "Type: message", "  at file:line", stack.
struct ErrorReport {
  std::string type;
  std::string message;
  std::string file;  // "" when unknown
  int line = 0;
  std::vector<std::string> stack;  // innermost call first, one "name (file:line)" each
};
ErrorReport describe_error(const QuestError& error);
std::string format_error(const QuestError& error);  // the CLI's text, newline-terminated

}  // namespace quest
