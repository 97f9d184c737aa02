#include "log.hpp"

#include <cstdio>
#include <mutex>

namespace quest_live::net {

void log_line(std::string_view level, std::string_view subject, std::string_view message) {
  static std::mutex output_mutex;
  std::lock_guard lock(output_mutex);
  std::fprintf(stderr, "[quest_live %.*s] %.*s: %.*s\n", static_cast<int>(level.size()),
               level.data(), static_cast<int>(subject.size()), subject.data(),
               static_cast<int>(message.size()), message.data());
}

}  // namespace quest_live::net
