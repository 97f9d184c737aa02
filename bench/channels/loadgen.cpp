// Load generator for the channel benchmarks (see bench/README.md, section "channels").
// Event-driven: a few worker threads, each running thousands of WebSocket clients, so
// the generator is not what limits the figures. Prints "metric <label>.<name> <value>"
// lines on stdout; diagnostics go to stderr.
#include "loadgen/options.hpp"
#include "loadgen/scenarios.hpp"

#include <sys/resource.h>

#include <csignal>
#include <iostream>

namespace {

// Thousands of client sockets need more descriptors than the usual soft limit of 1024.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) std::cerr << "loadgen: could not raise RLIMIT_NOFILE\n";
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = loadgen::parse_options(argc, argv);
  if (!options) return 2;
  raise_descriptor_limit();
  std::signal(SIGPIPE, SIG_IGN);
  if (options->scenario == "fanout") return loadgen::run_fanout(*options);
  if (options->scenario == "echo") return loadgen::run_echo(*options);
  if (options->scenario == "memory") return loadgen::run_memory(*options);
  if (options->scenario == "soak") return loadgen::run_soak(*options);
  return loadgen::run_join_storm(*options);
}
