// std/process, the POSIX layer: start a program with posix_spawnp (no shell), talk to
// it through pipes, wait for it, signal it. Knows nothing about Quest values.
//
// Every pipe end we keep is O_CLOEXEC, so one child never inherits another's pipes.
// Children start with default signal dispositions and an empty signal mask, whatever
// the host set up (a server that ignores SIGPIPE must not pass that on). Writes into
// a pipe whose reader is gone return EPIPE instead of killing the host with SIGPIPE.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace quest::process {

// Thrown for a failed start (errno text included, e.g. "No such file or directory").
struct SpawnError {
  std::string message;
};

// What to connect to each standard stream of the child.
enum class StreamSetup { Pipe, Null, Inherit };

struct SpawnOptions {
  std::vector<std::string> argv;                           // argv[0] is looked up in PATH
  std::optional<std::string> cwd;                          // the child's working directory
  std::map<std::string, std::string> env_overrides;        // added to the inherited environment
  StreamSetup stdin_setup = StreamSetup::Pipe;
  StreamSetup stdout_setup = StreamSetup::Pipe;
  StreamSetup stderr_setup = StreamSetup::Pipe;
  int stdin_fd = -1;  // when >= 0: use this descriptor as the child's stdin (pipelines)
};

// An owned file descriptor (closed on destruction; -1 when none).
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  int release() { int f = fd_; fd_ = -1; return f; }
  void close();

 private:
  int fd_ = -1;
};

// A started child. Owns the parent's ends of its pipes; the destructor closes them
// and reaps the child if it has already exited (a child still running is left alone).
class Child {
 public:
  static Child spawn(const SpawnOptions& options);  // throws SpawnError
  Child(Child&& other) noexcept;
  Child& operator=(Child&&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  Fd stdin_pipe;
  Fd stdout_pipe;
  Fd stderr_pipe;

  // Blocks until the child exits; returns its exit code (-N when killed by signal N).
  int wait();
  // The exit code, or nothing if the child is still running after `timeout`.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  bool exited() const { return exit_code_.has_value(); }
  // Sends `signal` unless the child was already reaped. False when it cannot be sent.
  bool send_signal(int signal);

 private:
  Child() = default;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  bool try_reap(bool block);
};

// Writes everything (retrying short writes and EINTR). False on EPIPE or another error.
bool write_all(int fd, const char* data, std::size_t size);
// Reads up to `max` bytes, blocking until some arrive; "" at end of file.
std::string read_some(int fd, std::size_t max);

struct Captured {
  std::string out;
  std::string err;
  bool timed_out = false;
};

// Feeds `input` to the child's stdin pipe (then closes it) while draining its stdout and
// stderr pipes, with poll() so no pipe can fill up and deadlock either side. Stops at
// end of output, or when `deadline` passes (timed_out). Pipes that are not open are skipped.
Captured exchange(Child& child, const std::string& input,
                  std::optional<std::chrono::steady_clock::time_point> deadline);

}  // namespace quest::process
