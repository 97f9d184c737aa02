// Command line of the load generator: `loadgen SCENARIO [--flag value]...`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace loadgen {

struct Options {
  std::string scenario;          // fanout | echo | memory | storm | soak
  std::string host = "127.0.0.1";
  std::string port = "4000";
  // fanout only: a second node of the same app (joined through Redis). Subscribers
  // alternate between --port and --port2; the publisher stays on --port, so half of the
  // deliveries cross from one node to the other.
  std::string port2;
  std::string label;             // prefix of every printed metric; defaults to the scenario
  std::size_t threads = 2;       // worker threads (event loops)
  std::size_t clients = 1000;    // subscribers / echo connections / idle connections / users
  double rate = 0;               // fanout: messages per second; 0 = saturation (closed loop)
  std::size_t window = 16;       // fanout saturation: messages in flight
  double seconds = 5;            // measured phase length (fanout, echo)
  double timeout = 60;           // upper bound for any waiting phase
  std::size_t concurrency = 256; // connections being set up at once
  int server_pid = 0;            // memory, soak: process whose VmRSS is measured
  // memory only: the topic joined (as distinct users "idle<N>"); a room: topic tracks
  // presence on every server of the chat contract, a bench: topic does not.
  std::string topic = "bench:idle";
  // memory only: connections joined (as users "warm<N>") and kept before the baseline is
  // read, so what a server pays once (code paged in on first use, a thread's first
  // arena, tables sized on first entry) is not charged to the measured connections.
  std::size_t warmup = 100;
  // soak only (rate is its total new_msg pushes per second, required):
  double minutes = 10;           // length of the traffic phase
  std::size_t rooms = 100;       // bench: topics the clients are spread over
  double churn_percent = 1;      // share of clients closed and replaced each round
  double churn_seconds = 10;     // seconds between churn rounds; 0 = no churn
  std::size_t warmup_minutes = 1;  // RSS growth is measured from the end of this minute
};

// Parses argv; returns nothing (after printing why and the usage) on bad input.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace loadgen
