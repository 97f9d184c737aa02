#include "process_child.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace quest::process {

namespace {

std::string errno_text(int error) { return std::strerror(error); }

// Blocks SIGPIPE on this thread while alive, and swallows a SIGPIPE that our own writes
// raised, so a closed pipe shows up as EPIPE instead of ending the host.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_only_);
    sigaddset(&pipe_only_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_only_, &saved_);
  }
  ~SigpipeGuard() {
    if (!was_pending_) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_only_, nullptr, &no_wait) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_only_;
  sigset_t saved_;
  bool was_pending_ = false;
};

void make_pipe(Fd& read_end, Fd& write_end) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) throw SpawnError{"cannot create a pipe: " + errno_text(errno)};
  read_end = Fd(ends[0]);
  write_end = Fd(ends[1]);
}

// posix_spawn's C objects, destroyed on every exit path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
};

// Connects child descriptor `target` as asked; `parent_end` receives our end of a pipe.
void connect_stream(SpawnSetup& setup, int target, StreamSetup how, Fd& parent_end, Fd& child_end) {
  if (how == StreamSetup::Inherit) return;
  if (how == StreamSetup::Null) {
    posix_spawn_file_actions_addopen(&setup.actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0);
    return;
  }
  if (target == 0) make_pipe(child_end, parent_end);
  else make_pipe(parent_end, child_end);
  posix_spawn_file_actions_adddup2(&setup.actions, child_end.get(), target);
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string item(*entry);
    const std::string name = item.substr(0, item.find('='));
    if (!overrides.count(name)) env.push_back(item);
  }
  for (const auto& [name, value] : overrides) env.push_back(name + "=" + value);
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& items) {
  std::vector<char*> out;
  for (std::string& s : items) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    close();
    fd_ = o.release();
  }
  return *this;
}

void Fd::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Child Child::spawn(const SpawnOptions& options) {
  if (options.argv.empty()) throw SpawnError{"command array cannot be empty"};
  if (options.cwd) {
    struct stat info;
    if (stat(options.cwd->c_str(), &info) != 0 || !S_ISDIR(info.st_mode))
      throw SpawnError{"working directory '" + *options.cwd + "' is not a directory: " + errno_text(errno ? errno : ENOTDIR)};
  }
  SpawnSetup setup;
  Child child;
  Fd child_in, child_out, child_err;
  if (options.stdin_fd >= 0) posix_spawn_file_actions_adddup2(&setup.actions, options.stdin_fd, 0);
  else connect_stream(setup, 0, options.stdin_setup, child.stdin_pipe, child_in);
  connect_stream(setup, 1, options.stdout_setup, child.stdout_pipe, child_out);
  connect_stream(setup, 2, options.stderr_setup, child.stderr_pipe, child_err);
  if (options.cwd) posix_spawn_file_actions_addchdir_np(&setup.actions, options.cwd->c_str());

  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&setup.attributes, &all);
  posix_spawnattr_setsigmask(&setup.attributes, &none);
  posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  std::vector<std::string> argv = options.argv;
  std::vector<std::string> env = child_environment(options.env_overrides);
  std::vector<char*> argv_ptrs = pointers(argv), env_ptrs = pointers(env);
  const int rc = posix_spawnp(&child.pid_, argv[0].c_str(), &setup.actions, &setup.attributes, argv_ptrs.data(), env_ptrs.data());
  if (rc != 0) throw SpawnError{"cannot run '" + argv[0] + "': " + errno_text(rc)};
  return child;
}

Child::Child(Child&& other) noexcept
    : stdin_pipe(std::move(other.stdin_pipe)),
      stdout_pipe(std::move(other.stdout_pipe)),
      stderr_pipe(std::move(other.stderr_pipe)),
      pid_(other.pid_),
      exit_code_(other.exit_code_) {
  other.pid_ = -1;  // the moved-from shell must not reap our child
}

Child::~Child() {
  stdin_pipe.close();
  stdout_pipe.close();
  stderr_pipe.close();
  if (pid_ > 0 && !exit_code_) try_reap(false);
}

bool Child::try_reap(bool block) {
  if (exit_code_) return true;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    if (r == pid_) break;
    if (r == 0) return false;
    if (errno == EINTR) continue;
    exit_code_ = -1;  // reaped elsewhere (ECHILD): the status is lost
    return true;
  }
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
  return true;
}

int Child::wait() {
  try_reap(true);
  return *exit_code_;
}

std::optional<int> Child::wait_for(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto step = std::chrono::milliseconds(1);
  while (!try_reap(false)) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(step, deadline - now));
    step = std::min(step * 2, std::chrono::milliseconds(20));
  }
  return exit_code_;
}

bool Child::send_signal(int signal) {
  if (exit_code_ || pid_ <= 0) return false;
  return ::kill(pid_, signal) == 0;
}

bool write_all(int fd, const char* data, std::size_t size) {
  SigpipeGuard guard;
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_some(int fd, std::size_t max) {
  std::string buffer(max, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), max);
    if (n < 0 && errno == EINTR) continue;
    buffer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buffer;
  }
}

Captured exchange(Child& child, const std::string& input,
                  std::optional<std::chrono::steady_clock::time_point> deadline) {
  SigpipeGuard guard;
  Captured result;
  std::size_t written = 0;
  if (child.stdin_pipe.open()) {
    if (input.empty()) child.stdin_pipe.close();
    else fcntl(child.stdin_pipe.get(), F_SETFL, fcntl(child.stdin_pipe.get(), F_GETFL) | O_NONBLOCK);
  }
  char buffer[65536];
  while (child.stdin_pipe.open() || child.stdout_pipe.open() || child.stderr_pipe.open()) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        result.timed_out = true;
        return result;
      }
      timeout_ms = static_cast<int>(std::min<long long>(left.count() + 1, 1000));
    }
    Fd* ends[3] = {&child.stdin_pipe, &child.stdout_pipe, &child.stderr_pipe};
    pollfd polled[3];
    Fd* owner[3];
    nfds_t count = 0;
    for (int i = 0; i < 3; ++i) {
      if (!ends[i]->open()) continue;
      polled[count] = pollfd{ends[i]->get(), static_cast<short>(i == 0 ? POLLOUT : POLLIN), 0};
      owner[count++] = ends[i];
    }
    const int ready = poll(polled, count, timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    for (nfds_t i = 0; ready > 0 && i < count; ++i) {
      if (polled[i].revents == 0) continue;
      if (owner[i] == &child.stdin_pipe) {
        const ssize_t n = ::write(polled[i].fd, input.data() + written, std::min<std::size_t>(input.size() - written, sizeof buffer));
        if (n > 0) written += static_cast<std::size_t>(n);
        else if (n < 0 && errno != EAGAIN && errno != EINTR) owner[i]->close();  // EPIPE: the child stopped reading
        if (written == input.size()) owner[i]->close();
        continue;
      }
      const ssize_t n = ::read(polled[i].fd, buffer, sizeof buffer);
      if (n > 0) (owner[i] == &child.stdout_pipe ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR)) owner[i]->close();
    }
  }
  return result;
}

}  // namespace quest::process
