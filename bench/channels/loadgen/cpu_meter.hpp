// CPU used by the server and by the generator over a measured window, so figures can
// be read per unit of work ("server CPU µs per delivery") and not only per second: on
// a small shared machine the generator and the server compete for the same cores.
#pragma once

#include "run_support.hpp"

#include <string>
#include <string_view>

namespace loadgen {

class CpuMeter {
 public:
  explicit CpuMeter(int server_pid) : server_pid_(server_pid) {}

  void start() {
    server_start_ = cpu_seconds(server_pid_);
    own_start_ = own_cpu_seconds();
    wall_start_ = Clock::now();
  }

  void stop() {
    server_used_ = cpu_seconds(server_pid_) - server_start_;
    own_used_ = own_cpu_seconds() - own_start_;
    wall_ = std::chrono::duration<double>(Clock::now() - wall_start_).count();
  }

  // Prints server_cpu_percent, loadgen_cpu_percent and, when work_units > 0 and the
  // server pid is known, server_cpu_us_per_<unit>.
  void print(std::string_view label, std::string_view unit, double work_units) const {
    if (server_pid_ > 0) {
      print_metric(label, "server_cpu_percent", 100.0 * server_used_ / wall_);
      if (work_units > 0) {
        std::string name = "server_cpu_us_per_";
        name += unit;
        print_metric(label, name, server_used_ * 1e6 / work_units);
      }
    }
    print_metric(label, "loadgen_cpu_percent", 100.0 * own_used_ / wall_);
  }

 private:
  int server_pid_;
  double server_start_ = 0, own_start_ = 0;
  double server_used_ = 0, own_used_ = 0, wall_ = 1;
  Clock::time_point wall_start_{};
};

}  // namespace loadgen
