// The bench/live scenarios (see bench/live/README.md): each prints "metric" lines and a
// readable summary, returns the process exit code.
#pragma once

#include <cstddef>
#include <string>

namespace live_loadgen {

struct Options {
  std::string scenario;  // idle | latency | saturate | bytes | broadcast
  std::string host = "127.0.0.1";
  std::string port = "4100";
  std::string path;                // page of the view; default per scenario
  std::size_t views = 1000;
  std::size_t views_per_socket = 1;
  std::size_t threads = 1;
  std::size_t concurrency = 64;
  double rate = 100;               // latency: clicks per second over all views
  double seconds = 10;             // latency / saturate: measured phase
  std::size_t broadcasts = 20;     // broadcast: how many pubsub.broadcast calls
  int server_pid = 0;              // for RSS and CPU figures
};

int run_idle(const Options& options);
int run_latency(const Options& options);
int run_saturate(const Options& options);
int run_bytes(const Options& options);
int run_broadcast(const Options& options);

}  // namespace live_loadgen
