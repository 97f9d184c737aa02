// What a host program adds to the runtime: the `quest` executable with the web bindings,
// a test harness, an application embedding Quest. Everything here is public embedding
// API (hosts include only runtime/include/quest/).
//
// Threading rule for hosts: a Vm and every Value it makes belong to the thread that runs
// the Vm. Reference counts are not atomic: create, copy and destroy Values only on that
// thread. The Vm's entry points and Handles check the calling thread in every build
// (Vm::check_owner_thread); copies of plain Values are not checked. Other threads talk
// to the Vm's thread by posting plain data (bytes, ids, strings) to a queue the host's
// loop drains there; Vm::request_interrupt is the one call allowed from any thread.
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

// A subcommand the host adds to `quest` (e.g. `quest serve`). Host commands are tried
// after the built-in options and before a script path.
struct CliCommand {
  std::string name;  // `quest NAME ...`
  std::string help;  // one line for `quest --help`
  // Receives the arguments after NAME; returns the exit status.
  std::function<int(const std::vector<std::string>& args)> run;
};

// What a host adds to the CLI; the CLI copies nothing out of it and reads it for as long
// as cli_main runs. `quest test` runs each file in a child process of the same
// executable, so a host that calls cli_main from its main() covers those Vms too.
struct CliHost {
  std::vector<VmSetup> vm_setup;  // applied in order
  std::vector<CliCommand> commands;
};

// The `quest` command line with a host's additions. `quest_main` of a plain runtime
// build calls it with an empty host.
int cli_main(int argc, char** argv, const CliHost& host);

// Applies a host's setup to a Vm the host made itself (e.g. `quest serve`): runs every
// vm_setup entry in order. Defined in quest_runtime (no CLI needed).
void apply_vm_setup(Vm& vm, const CliHost& host);

// Runs `body` on a thread with a large C++ stack, so deep Quest recursion raises a clean
// RuntimeErr instead of overflowing. Any host thread that runs a Vm should go through it.
// Returns body's result; an exception from body is rethrown on the caller's thread.
// Blocks the caller until body returns. The stack is 1 GiB of reserved address space,
// committed only as deep as the recursion goes; Vms made inside body may set
// VmOptions::max_call_depth up to about 100000 (about 2.5 KiB of stack per Quest call).
int run_on_big_stack(const std::function<int()>& body);

// An uncaught Quest error as the CLI prints it: "Type: message", "  at file:line", stack.
struct ErrorReport {
  std::string type;
  std::string message;
  std::string file;  // "" when unknown
  int line = 0;
  std::vector<std::string> stack;  // innermost call first, one "name (file:line)" each
};
// Reads the exception object the error carries (nil when a native raised it and no Quest
// frame stamped it: file "" and an empty stack then). Call on the Vm's thread.
ErrorReport describe_error(const QuestError& error);
// The CLI's text, newline-terminated; a SyntaxErr keeps its rendering with the caret.
std::string format_error(const QuestError& error);

}  // namespace quest
