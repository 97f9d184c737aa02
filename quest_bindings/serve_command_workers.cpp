#include "serve_command_workers.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "channels_hub.hpp"
#include "serve_config.hpp"

namespace quest_bindings {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{100};
constexpr milliseconds kMaxBackoff{5'000};
constexpr milliseconds kStableUptime{10'000};  // a worker up this long resets the backoff
constexpr milliseconds kStopGrace{10'000};     // SIGTERM, then SIGKILL after this

volatile std::sig_atomic_t g_stop_requested = 0;
void on_stop_signal(int) { g_stop_requested = 1; }

void log_line(const std::string& text) {
  std::fprintf(stderr, "[serve] %s\n", text.c_str());
  std::fflush(stderr);
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "killed by signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "ended (status " + std::to_string(status) + ")";
}

// A bound, never listening socket on host:port with SO_REUSEPORT: it keeps the port
// ours while workers come and go, and with port 0 it is how the port is picked once.
// Connections are only ever queued on listening sockets, so this one receives none.
struct PortReservation {
  int fd = -1;
  int port = 0;
};

std::optional<PortReservation> reserve_port(const std::string& host, int port, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    error = "bad host " + host + " (a numeric address is needed): " + gai_strerror(rc);
    return std::nullopt;
  }
  const int fd = socket(found->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
      bind(fd, found->ai_addr, found->ai_addrlen) != 0) {
    error = "cannot listen on " + host + ":" + service + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
    freeaddrinfo(found);
    return std::nullopt;
  }
  freeaddrinfo(found);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
  PortReservation out;
  out.fd = fd;
  out.port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return out;
}

struct Worker {
  int index = 0;
  pid_t pid = -1;            // -1: not running
  int out_fd = -1;           // read end of its standard output
  std::string pending;       // a partial line of its output
  bool ready = false;        // its "listening on" line was seen
  Clock::time_point started;
  Clock::time_point restart_at;  // when pid == -1 and a restart is due
  milliseconds backoff = kFirstBackoff;
};

class Supervisor {
 public:
  Supervisor(const WorkerSupervisorOptions& options, std::string host, int port)
      : options_(options), host_(std::move(host)), port_(port) {}

  int run() {
    signal(SIGINT, on_stop_signal);
    signal(SIGTERM, on_stop_signal);
    signal(SIGPIPE, SIG_IGN);
    workers_.resize(static_cast<std::size_t>(options_.workers));
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      workers_[i].index = static_cast<int>(i) + 1;
      spawn(workers_[i]);
    }
    while (!g_stop_requested) {
      pump_output(next_timeout());
      if (int failed = reap(); failed >= 0) {
        stop_all();
        return failed;
      }
      restart_due();
      if (!announced_ && std::all_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.ready; })) {
        announced_ = true;
        // The log line first: whoever waits for "listening" may read stderr at once.
        std::string pids;
        for (const Worker& w : workers_) pids += (pids.empty() ? "" : ", ") + std::to_string(w.pid);
        log_line(std::to_string(workers_.size()) + " workers on port " + std::to_string(port_) + " (pids " + pids + ")");
        std::printf("listening on http://%s:%d\n", host_.c_str(), port_);
        std::fflush(stdout);
      }
    }
    return stop_all();
  }

 private:
  void spawn(Worker& worker) {
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
      log_line(std::string("cannot start worker: pipe: ") + std::strerror(errno));
      schedule_restart(worker);
      return;
    }
    std::vector<std::string> argv_text = {"/proc/self/exe", "serve", options_.app.string(), "--host", host_,
                                          "--port", std::to_string(port_), "--worker-index",
                                          std::to_string(worker.index)};
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
      log_line(std::string("cannot start worker: fork: ") + std::strerror(errno));
      close(pipe_fds[0]);
      close(pipe_fds[1]);
      schedule_restart(worker);
      return;
    }
    if (pid == 0) {
      // A supervisor killed with SIGKILL must not leave its workers on the port.
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent) _exit(1);
      dup2(pipe_fds[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
      signal(SIGINT, SIG_DFL);
      signal(SIGTERM, SIG_DFL);
      signal(SIGPIPE, SIG_DFL);
      std::vector<char*> argv;
      for (auto& a : argv_text) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    close(pipe_fds[1]);
    fcntl(pipe_fds[0], F_SETFL, fcntl(pipe_fds[0], F_GETFL) | O_NONBLOCK);
    worker.pid = pid;
    worker.out_fd = pipe_fds[0];
    worker.pending.clear();
    worker.ready = false;
    worker.started = Clock::now();
  }

  void schedule_restart(Worker& worker) {
    worker.pid = -1;
    worker.restart_at = Clock::now() + worker.backoff;
  }

  int next_timeout() const {
    milliseconds wait{100};
    const auto now = Clock::now();
    for (const Worker& w : workers_)
      if (w.pid < 0) wait = std::min(wait, std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(w.restart_at - now)));
    return static_cast<int>(wait.count());
  }

  // Waits up to `timeout_ms` for worker output and passes it on, line by line.
  void pump_output(int timeout_ms) {
    std::vector<pollfd> fds;
    std::vector<Worker*> owners;
    for (Worker& w : workers_)
      if (w.out_fd >= 0) {
        fds.push_back({w.out_fd, POLLIN, 0});
        owners.push_back(&w);
      }
    if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
    for (std::size_t i = 0; i < fds.size(); ++i)
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) read_output(*owners[i]);
  }

  void read_output(Worker& worker) {
    char buffer[4096];
    for (;;) {
      const ssize_t n = read(worker.out_fd, buffer, sizeof buffer);
      if (n > 0) {
        worker.pending.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
      // End of its output: it is exiting (reap() sees it); pass on what is left.
      close(worker.out_fd);
      worker.out_fd = -1;
      if (!worker.pending.empty()) worker.pending += '\n';
      break;
    }
    std::size_t start = 0;
    for (std::size_t end; (end = worker.pending.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string_view line(worker.pending.data() + start, end - start);
      if (!worker.ready && line.starts_with("listening on http://")) {
        worker.ready = true;
        if (announced_) log_line("worker " + std::to_string(worker.index) + " restarted (pid " + std::to_string(worker.pid) + ")");
        continue;
      }
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fputc('\n', stdout);
    }
    std::fflush(stdout);
    worker.pending.erase(0, start);
  }

  // Collects ended workers. Returns an exit status when the command must end (a worker
  // died before the first announcement), else -1.
  int reap() {
    for (;;) {
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) return -1;
      auto it = std::find_if(workers_.begin(), workers_.end(), [&](const Worker& w) { return w.pid == pid; });
      if (it == workers_.end()) continue;
      Worker& worker = *it;
      if (worker.out_fd >= 0) read_output(worker);  // whatever it printed last
      if (worker.out_fd >= 0) {
        close(worker.out_fd);
        worker.out_fd = -1;
      }
      const auto uptime = std::chrono::duration_cast<milliseconds>(Clock::now() - worker.started);
      if (!announced_) {
        log_line("worker " + std::to_string(worker.index) + " (pid " + std::to_string(pid) + ") " + describe_status(status) +
                 " before it was listening: stopping");
        worker.pid = -1;
        return WIFEXITED(status) && WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1;
      }
      if (uptime >= kStableUptime) worker.backoff = kFirstBackoff;
      log_line("worker " + std::to_string(worker.index) + " (pid " + std::to_string(pid) + ") " + describe_status(status) +
               " after " + std::to_string(uptime.count()) + " ms; restarting in " + std::to_string(worker.backoff.count()) +
               " ms");
      schedule_restart(worker);
      worker.backoff = std::min(kMaxBackoff, worker.backoff * 2);
    }
  }

  void restart_due() {
    const auto now = Clock::now();
    for (Worker& w : workers_)
      if (w.pid < 0 && now >= w.restart_at) spawn(w);
  }

  // SIGTERM to every worker, then waits (SIGKILL after kStopGrace). 0 when all ended
  // cleanly (status 0, or our SIGTERM reached one that had not installed its handler).
  int stop_all() {
    for (Worker& w : workers_)
      if (w.pid > 0) kill(w.pid, SIGTERM);
    const auto deadline = Clock::now() + kStopGrace;
    int result = 0;
    bool killed = false;
    for (;;) {
      const bool any = std::any_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.pid > 0; });
      if (!any) break;
      if (!killed && Clock::now() >= deadline) {
        log_line("workers still running " + std::to_string(kStopGrace.count()) + " ms after SIGTERM: SIGKILL");
        for (Worker& w : workers_)
          if (w.pid > 0) kill(w.pid, SIGKILL);
        killed = true;
        result = 1;
      }
      pump_output(50);
      int status = 0;
      const pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) continue;
      for (Worker& w : workers_) {
        if (w.pid != pid) continue;
        if (w.out_fd >= 0) read_output(w);
        if (w.out_fd >= 0) close(w.out_fd);
        w.out_fd = -1;
        w.pid = -1;
        const bool clean = (WIFEXITED(status) && WEXITSTATUS(status) == 0) ||
                           (WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
        if (!clean) {
          log_line("worker " + std::to_string(w.index) + " (pid " + std::to_string(pid) + ") " + describe_status(status) +
                   " while stopping");
          result = 1;
        }
      }
    }
    return result;
  }

  const WorkerSupervisorOptions& options_;
  const std::string host_;
  const int port_;
  std::vector<Worker> workers_;
  bool announced_ = false;
};

}  // namespace

int supervise_workers(const WorkerSupervisorOptions& options) {
  ServeConfig config;
  ChannelsSettings channels;
  try {
    config = load_serve_config(options.app.parent_path());
    channels = load_channels_settings(options.app.parent_path());
  } catch (const ServeConfigError& error) {
    std::fprintf(stderr, "quest serve: %s\n", error.what());
    return 1;
  } catch (const std::invalid_argument& error) {
    std::fprintf(stderr, "quest serve: %s\n", error.what());
    return 1;
  }
  const std::string host = options.host.value_or(config.options.host);
  const int port = options.port.value_or(config.options.port);
  if (options.workers > 1 && channels.adapter != "redis") {
    std::fprintf(stderr,
                 "quest serve: warning: --workers %d without [std.web.pubsub] adapter = \"redis\" in quest.toml: "
                 "each worker is its own pub/sub node, so channel broadcasts and presence stay within one worker "
                 "process (unless the app configures the Redis adapter itself)\n",
                 options.workers);
  }
  std::string error;
  auto reservation = reserve_port(host, port, error);
  if (!reservation) {
    std::fprintf(stderr, "quest serve: %s\n", error.c_str());
    return 1;
  }
  Supervisor supervisor(options, host, reservation->port);
  const int status = supervisor.run();
  close(reservation->fd);
  return status;
}

}  // namespace quest_bindings
