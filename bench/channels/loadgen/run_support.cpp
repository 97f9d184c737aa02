#include "run_support.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace loadgen {

void print_metric(std::string_view label, std::string_view name, double value) {
  std::cout << "metric " << label << "." << name << " " << value << std::endl;
}

bool wait_until(const std::function<bool()>& done, double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::uint64_t resident_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string field;
  while (status >> field) {
    if (field == "VmRSS:") {
      std::uint64_t kib = 0;
      status >> kib;
      return kib;
    }
  }
  return 0;
}

double cpu_seconds(int pid) {
  if (pid <= 0) return 0;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return 0;
  // Field 2 (comm) may contain spaces; the fields after its closing ')' are plain.
  const auto after_name = line.rfind(')');
  if (after_name == std::string::npos) return 0;
  std::istringstream fields(line.substr(after_name + 2));
  std::string skipped;
  for (int field = 3; field < 14; ++field) fields >> skipped;
  double user_ticks = 0, system_ticks = 0;
  fields >> user_ticks >> system_ticks;
  return (user_ticks + system_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](timeval t) { return t.tv_sec + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

ConnectPacer::ConnectPacer(std::size_t total, std::size_t max_in_flight,
                           std::function<void(std::size_t)> start_client)
    : total_(total), max_in_flight_(max_in_flight), start_client_(std::move(start_client)) {}

void ConnectPacer::begin() {
  for (std::size_t i = 0; i < max_in_flight_ && i < total_; ++i) start_next();
}

void ConnectPacer::settled(bool ready) {
  (ready ? ready_ : failed_).fetch_add(1);
  start_next();
}

void ConnectPacer::start_next() {
  const auto index = next_.fetch_add(1);
  if (index < total_) start_client_(index);
}

bool ConnectPacer::wait(double timeout_s) const {
  return wait_until([this] { return ready_.load() + failed_.load() >= total_; }, timeout_s);
}

}  // namespace loadgen
