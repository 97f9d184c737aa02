// `quest serve APP.q --workers N`: a supervisor process and N worker processes on one port.
//
// Each worker is `quest serve APP.q --host H --port P --worker-index I` (the same
// executable): it listens with SO_REUSEPORT, so the kernel spreads new connections over
// the workers. The workers share nothing but the port: module-level state is per process,
// and broadcasts/presence reach the other workers only through the Redis adapter
// ([std.web.pubsub] adapter = "redis"); without it the supervisor warns.
//
// The supervisor:
//   - reserves the port first (a bound, never listening SO_REUSEPORT socket held for its
//     lifetime), so `--port 0` is picked once and a worker restart rebinds the same port;
//   - reads each worker's standard output: the worker's own "listening on" line is its
//     readiness signal (swallowed), everything else is passed through; once all N are
//     ready it prints "listening on http://HOST:PORT" once;
//   - restarts a worker that dies after startup, with a backoff (100 ms doubling to 5 s,
//     back to 100 ms after a worker stayed up 10 s), each death and restart logged on
//     standard error; a worker that dies before the first "listening" line ends the
//     whole command with its status (a broken app is not restarted in a loop);
//   - forwards SIGTERM/SIGINT to the workers as SIGTERM (each closes its sockets with
//     1001) and exits 0 once they have all exited cleanly (SIGKILL after 10 s).
// Workers get PR_SET_PDEATHSIG, so a supervisor killed with SIGKILL takes them with it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace quest_bindings {

inline constexpr int kMaxServeWorkers = 256;
// Set in each worker's environment to its index (1..N); the app may read it.
inline constexpr const char* kServeWorkerEnv = "QUEST_SERVE_WORKER";

struct WorkerSupervisorOptions {
  std::filesystem::path app;         // absolute path of APP.q
  std::optional<std::string> host;   // the flags; quest.toml and the defaults fill the rest
  std::optional<int> port;
  int workers = 2;
};

// Runs until SIGTERM/SIGINT; the command's exit status.
int supervise_workers(const WorkerSupervisorOptions& options);

}  // namespace quest_bindings
