// Small pieces every scenario uses: clocks, metric output, waiting, paced connecting,
// and reading a server's resident memory.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace loadgen {

using Clock = std::chrono::steady_clock;

inline std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

// One machine-readable result line on stdout: "metric <label>.<name> <value>".
void print_metric(std::string_view label, std::string_view name, double value);

// Polls `done` every few milliseconds; false if `timeout_s` passed first.
bool wait_until(const std::function<bool()>& done, double timeout_s);

// VmRSS of a process in KiB, from /proc/<pid>/status; 0 if unreadable.
std::uint64_t resident_kib(int pid);

// CPU time (user + system) a process has used so far, in seconds, from
// /proc/<pid>/stat (10 ms resolution); 0 if unreadable or pid <= 0.
double cpu_seconds(int pid);

// Same for this process (the load generator).
double own_cpu_seconds();

// Starts clients so that at most `max_in_flight` are between start and "settled"
// (ready or failed), which keeps accept queues from overflowing during a join of
// thousands. settled() is safe from any worker thread.
class ConnectPacer {
 public:
  ConnectPacer(std::size_t total, std::size_t max_in_flight,
               std::function<void(std::size_t index)> start_client);

  void begin();
  void settled(bool ready);
  // Main thread: waits until every client settled; false on timeout.
  bool wait(double timeout_s) const;

  std::size_t ready() const { return ready_.load(); }
  std::size_t failed() const { return failed_.load(); }

 private:
  void start_next();

  std::size_t total_;
  std::size_t max_in_flight_;
  std::function<void(std::size_t)> start_client_;
  std::atomic<std::size_t> next_{0};
  std::atomic<std::size_t> ready_{0};
  std::atomic<std::size_t> failed_{0};
};

}  // namespace loadgen
