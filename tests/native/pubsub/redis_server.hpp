// A real redis-server for one test: started on a free loopback port with persistence
// off, stopped (SIGTERM, then waited for) by the destructor, restartable on its port.
// A missing redis-server fails the test with a message naming it; it never skips.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <hiredis/hiredis.h>

extern char** environ;

namespace quest_live::test {

inline std::uint16_t free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class RedisServer {
 public:
  explicit RedisServer(std::uint16_t port = free_loopback_port()) : port_(port) { start(); }
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void start() {
    const std::string executable = QUEST_REDIS_SERVER;
    if (executable.empty() || ::access(executable.c_str(), X_OK) != 0) {
      throw std::runtime_error("redis-server is missing (looked for '" + executable +
                               "'): install the Debian package redis-server (scripts/setup)");
    }
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {executable, "--port", port, "--bind", "127.0.0.1", "--save", "",
                                     "--appendonly", "no", "--loglevel", "warning"};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t quiet;  // its log lines would bury the test report
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
    const int spawned = ::posix_spawn(&pid_, executable.c_str(), &quiet, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&quiet);
    if (spawned != 0) throw std::runtime_error("cannot start " + executable);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (ping()) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("redis-server did not answer PING on port " + port);
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  bool ping() const {
    timeval timeout{0, 200'000};
    redisContext* context = redisConnectWithTimeout("127.0.0.1", port_, timeout);
    bool ok = false;
    if (context && !context->err) {
      auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
      ok = reply && reply->type == REDIS_REPLY_STATUS;
      if (reply) freeReplyObject(reply);
    }
    if (context) redisFree(context);
    return ok;
  }

 private:
  std::uint16_t port_;
  pid_t pid_ = -1;
};

// Polls `condition` until it holds or `timeout` passes.
template <typename Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace quest_live::test
