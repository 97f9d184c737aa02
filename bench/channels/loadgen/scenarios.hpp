// The benchmark scenarios. Each connects, measures, prints "metric" lines and
// returns a process exit code (0 = measured; 1 = could not set up the run).
#pragma once

#include "options.hpp"

namespace loadgen {

// One publisher, `clients` subscribers on one bench: topic. Steady rate or closed-loop
// saturation (`window` messages in flight); deliveries/s and publish-to-receive latency.
int run_fanout(const Options& options);
// `clients` connections on /echo doing ping-pong; round trips/s and round-trip latency.
int run_echo(const Options& options);
// Server RSS growth per idle joined connection (`clients` of them, on a bench: topic).
int run_memory(const Options& options);
// `clients` users join one room: topic with presence at once; time until every
// client's presence list is complete, and frames each client received.
int run_join_storm(const Options& options);
// `clients` joined connections over `rooms` topics for `minutes`: steady chat traffic
// at `rate`, connect/disconnect churn; per-minute server RSS, p99 latency, errors, loss.
int run_soak(const Options& options);

}  // namespace loadgen
