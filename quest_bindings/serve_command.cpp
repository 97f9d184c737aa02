#include "serve_command.hpp"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "bindings.hpp"
#include "heap_tuning.hpp"
#include "serve_command_workers.hpp"
#include "serve_config.hpp"
#include "web_app.hpp"

namespace quest_bindings {

namespace fs = std::filesystem;

namespace {

struct ServeArgs {
  std::string app;
  std::optional<std::string> host;
  std::optional<int> port;
  bool watch = false;
  int workers = 1;        // --workers N: a supervisor and N processes on one port
  int worker_index = 0;   // --worker-index I (set by that supervisor): this is worker I
};

const char* kUsage = "usage: quest serve APP.q [--host H] [--port P | -p P] [--workers N] [--watch]\n";

// A whole number in [low, high], else nullopt after printing the problem.
std::optional<int> bounded_int(const std::string& text, const char* flag, long low, long high) {
  char* end = nullptr;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < low || n > high) {
    std::fprintf(stderr, "quest serve: bad %s '%s' (%ld-%ld)\n", flag, text.c_str(), low, high);
    return std::nullopt;
  }
  return static_cast<int>(n);
}

// nullopt after printing the problem.
std::optional<ServeArgs> parse_args(const std::vector<std::string>& args) {
  ServeArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&](const char* flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "quest serve: %s needs a value\n%s", flag, kUsage);
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "--host") {
      auto v = value("--host");
      if (!v) return std::nullopt;
      out.host = *v;
    } else if (a == "--port" || a == "-p") {
      auto v = value("--port");
      if (!v) return std::nullopt;
      char* end = nullptr;
      const long port = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end != '\0' || port < 0 || port > 65535) {
        std::fprintf(stderr, "quest serve: bad port '%s' (0-65535)\n", v->c_str());
        return std::nullopt;
      }
      out.port = static_cast<int>(port);
    } else if (a == "--workers") {
      auto v = value("--workers");
      if (!v) return std::nullopt;
      auto n = bounded_int(*v, "--workers", 1, kMaxServeWorkers);
      if (!n) return std::nullopt;
      out.workers = *n;
    } else if (a == "--worker-index") {
      auto v = value("--worker-index");
      if (!v) return std::nullopt;
      auto n = bounded_int(*v, "--worker-index", 1, kMaxServeWorkers);
      if (!n) return std::nullopt;
      out.worker_index = *n;
    } else if (a == "--watch" || a == "-w") {
      out.watch = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "quest serve: unknown option %s\n%s", a.c_str(), kUsage);
      return std::nullopt;
    } else if (out.app.empty()) {
      out.app = a;
    } else {
      std::fprintf(stderr, "quest serve: one app file only (got %s and %s)\n", out.app.c_str(), a.c_str());
      return std::nullopt;
    }
  }
  if (out.app.empty()) {
    std::fputs(kUsage, stderr);
    return std::nullopt;
  }
  if (out.worker_index > 0 && out.workers > 1) {
    std::fprintf(stderr, "quest serve: --worker-index is for the workers of --workers, not with it\n");
    return std::nullopt;
  }
  return out;
}

int serve_once(const ServeArgs& args, const std::vector<quest::VmSetup>& setups) {
  tune_heap_for_serving();
  std::error_code ec;
  const fs::path app = fs::absolute(args.app, ec);
  if (!fs::is_regular_file(app, ec)) {
    std::fprintf(stderr, "quest serve: cannot open file: %s\n", args.app.c_str());
    return 1;
  }
  ServeConfig config;
  try {
    config = load_serve_config(app.parent_path());
  } catch (const ServeConfigError& error) {
    std::fprintf(stderr, "quest serve: %s\n", error.what());
    return 1;
  }
  AppEnv env;
  try {
    env = resolve_app_env(app.parent_path());
  } catch (const AppEnvError& error) {
    std::fprintf(stderr, "quest serve: %s\n", error.what());
    return 1;
  }
  if (args.worker_index > 0) {
    // One of --workers N: share the port with the others, and tell the app which worker
    // it is (the channels settings also make a configured Redis node_id unique with it).
    config.options.reuse_port = true;
    setenv(kServeWorkerEnv, std::to_string(args.worker_index).c_str(), 1);
  }
  return quest::run_on_big_stack([&]() -> int {
    quest::VmOptions vm_options;
    vm_options.argv = {app.string()};
    quest::Vm vm(vm_options);
    quest::CliHost others;
    others.vm_setup = setups;
    quest::apply_vm_setup(vm, others);
    std::shared_ptr<WebApp> web = install_web_bindings(vm);
    if (config.handler_budget) web->loop().set_task_budget(*config.handler_budget);
    web->set_host_options({config.options, args.host, args.port});
    web->set_env(env);
    // Relative paths in the app (static dirs, templates) mean its own directory.
    fs::current_path(app.parent_path(), ec);
    int status = 0;
    try {
      status = vm.run_file(app.string());
      if (status == 0 && !web->served()) {
        ServeOptions options = config.options;
        if (args.host) options.host = *args.host;
        if (args.port) options.port = *args.port;
        status = web->serve_forever(options);
      }
    } catch (const quest::QuestError& error) {
      std::fputs(quest::format_error(error).c_str(), stderr);
      status = 1;
    } catch (const quest::ExitRequest& exit) {
      status = exit.code;
    } catch (const std::system_error& error) {
      std::fprintf(stderr, "quest serve: cannot listen: %s\n", error.what());
      status = 1;
    }
    web->stop_all();
    web->sockets().clear();
    return status;
  });
}

// ---------------------------------------------------------------- --watch

bool ignored_path(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.empty() || name[0] == '.') return true;
  for (const char* suffix : {".log", ".tmp", ".db", ".sqlite", ".sqlite3", "-journal", "-wal", "-shm"})
    if (name.size() >= std::strlen(suffix) && name.compare(name.size() - std::strlen(suffix), std::string::npos, suffix) == 0)
      return true;
  return false;
}

using Snapshot = std::map<std::string, fs::file_time_type>;

Snapshot snapshot(const fs::path& dir) {
  Snapshot files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (ignored_path(it->path())) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files[it->path().string()] = it->last_write_time(ec);
  }
  return files;
}

volatile std::sig_atomic_t g_watch_stop = 0;
void on_watch_signal(int) { g_watch_stop = 1; }

pid_t spawn_child(const ServeArgs& args) {
  std::vector<std::string> argv_text = {"/proc/self/exe", "serve", args.app};
  if (args.host) argv_text.insert(argv_text.end(), {"--host", *args.host});
  if (args.port) argv_text.insert(argv_text.end(), {"--port", std::to_string(*args.port)});
  if (args.workers > 1) argv_text.insert(argv_text.end(), {"--workers", std::to_string(args.workers)});
  const pid_t pid = fork();
  if (pid != 0) return pid;
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  execv("/proc/self/exe", argv.data());
  _exit(127);
}

int stop_child(pid_t pid) {
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

int watch(const ServeArgs& args) {
  std::error_code ec;
  const fs::path dir = fs::absolute(args.app, ec).parent_path();
  signal(SIGINT, on_watch_signal);
  signal(SIGTERM, on_watch_signal);
  Snapshot files = snapshot(dir);
  pid_t child = spawn_child(args);
  while (!g_watch_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    int status = 0;
    if (child > 0 && waitpid(child, &status, WNOHANG) == child) child = -1;  // it ended; wait for a change
    Snapshot now = snapshot(dir);
    if (now == files) continue;
    files = std::move(now);
    std::fprintf(stderr, "[serve] change under %s: restarting\n", dir.string().c_str());
    if (child > 0) stop_child(child);
    child = spawn_child(args);
  }
  if (child > 0) stop_child(child);
  return 0;
}

}  // namespace

quest::CliCommand serve_command(std::vector<quest::VmSetup> other_setups) {
  quest::CliCommand command;
  command.name = "serve";
  command.help = "APP.q [--host H] [--port P] [--workers N] [--watch]   serve an app (web.websocket, handle_request, ...)";
  command.run = [setups = std::move(other_setups)](const std::vector<std::string>& raw) {
    auto args = parse_args(raw);
    if (!args) return 2;
    if (args->watch) return watch(*args);
    if (args->workers > 1) {
      std::error_code ec;
      const fs::path app = fs::absolute(args->app, ec);
      if (!fs::is_regular_file(app, ec)) {
        std::fprintf(stderr, "quest serve: cannot open file: %s\n", args->app.c_str());
        return 1;
      }
      return supervise_workers({app, args->host, args->port, args->workers});
    }
    return serve_once(*args, setups);
  };
  return command;
}

}  // namespace quest_bindings
