// `quest serve APP.q [--host H] [--port P | -p P] [--workers N] [--watch]`.
//
// Runs APP.q once (cwd = its directory, on the big stack), then serves everything it
// declared on one port until SIGINT/SIGTERM (sockets closed with 1001, exit 0). Options:
// defaults 127.0.0.1:3000, then [std.web] of the quest.toml found from the app's
// directory upward, then the flags. If the script calls web.run() itself, that call
// serves (flags still win over its arguments) and `serve` returns when it does.
// --watch: a supervisor re-runs `quest serve` (without --watch) as a child and restarts
// it when a file under the app's directory changes (polled every 300 ms; dot-files and
// *.log/*.tmp/*.db/*.sqlite* ignored), on the same port.
// --workers N: a supervisor runs N worker processes on one port (serve_command_workers.hpp).
#pragma once

#include "quest/host.hpp"

namespace quest_bindings {

// The command, given the other Vm setups of the executable (besides the web bindings,
// which serve installs itself).
quest::CliCommand serve_command(std::vector<quest::VmSetup> other_setups);

}  // namespace quest_bindings
