// WebApp: everything one Vm's scripts declared for the web, and the servers serving it.
//
// One WebApp per Vm, created by install_web_bindings() and owned by the native module
// factories registered in that Vm (so it lives as long as the Vm). It owns:
//   - the Loop every engine callback posts to;
//   - the declarations (static mounts, WebSocket routes with their setup and authorize
//     functions, the std/web dispatcher), kept as Quest values on the loop thread;
//   - the SocketTable: the Quest-side state of each open WebSocket;
//   - the running servers (web.start, web.run, `quest serve`).
// Threading: every member runs on the loop thread (the Vm's thread) unless it says
// otherwise. Engine callbacks installed by start() run on I/O threads and only post.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <set>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app_env.hpp"
#include "loop.hpp"
#include "quest/vm.hpp"
#include "quest_live/net/server.hpp"
#include "socket_table.hpp"
#include "sse.hpp"

namespace quest_bindings {

struct SseRoute {
  quest::Value handler;  // fun (stream, request)
  std::chrono::milliseconds keep_alive{15'000};
};

struct WebSocketRoute {
  quest::Value setup;      // fun (socket): runs for each new connection
  quest::Value authorize;  // fun (request) -> true / false / response dict; nil: none
};

// How to serve: the defaults, then [std.web] in quest.toml, then flags or arguments.
struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 3000;
  bool log_requests = true;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::chrono::milliseconds request_timeout{30'000};
  std::size_t max_connections = 10'000;
  std::vector<std::string> allowed_origins;
  bool reuse_port = false;  // set by `quest serve --workers N` for each worker
};

class WebApp : public std::enable_shared_from_this<WebApp> {
 public:
  explicit WebApp(quest::Vm& vm);
  ~WebApp();

  quest::Vm& vm() { return vm_; }
  Loop& loop() { return *loop_; }
  SocketTable& sockets() { return *sockets_; }
  SseTable& sse() { return *sse_; }

  // ---- declarations (web.static, web.websocket, std/web's dispatcher) ----
  void add_static(std::string url_prefix, std::string directory);
  void add_websocket(std::string path, WebSocketRoute route);
  // `dispatch(request, handle_request)` returns a response dict or nil (404);
  // `on_error(request, message)` returns a response dict or nil (plain 500).
  void set_dispatcher(quest::Value dispatch, quest::Value on_error);
  const std::map<std::string, WebSocketRoute>& websocket_routes() const { return routes_; }
  void add_sse(std::string path, SseRoute route);

  // ---- timers (web.set_timeout / set_interval): `fn()` on the loop after `delay` ----
  std::uint64_t set_timer(std::chrono::milliseconds delay, quest::Value fn, bool repeat);
  bool clear_timer(std::uint64_t id);

  // ---- serving ----
  // Starts a server for the declarations made so far; returns its handle. Throws
  // std::system_error when the address cannot be bound.
  int start(const ServeOptions& options);
  std::uint16_t port(int handle) const;
  // Graceful stop (sockets closed with 1001), then runs the close handlers.
  void stop(int handle);
  void stop_all();
  // start() + print "listening on http://HOST:PORT" + run the loop until SIGINT/SIGTERM
  // or stop_serving(). Returns 0 after a clean stop.
  int serve_forever(const ServeOptions& options);
  // Any thread: makes serve_forever() return after a graceful stop.
  void stop_serving();
  bool serving() const { return serving_; }

  // What a host (quest serve) decided: the base options (defaults + quest.toml) and the
  // flags, which win over web.run()'s arguments inside the script.
  struct HostOptions {
    ServeOptions base;
    std::optional<std::string> host_flag;
    std::optional<int> port_flag;
  };
  void set_host_options(HostOptions options) { host_options_ = std::move(options); }
  const std::optional<HostOptions>& host_options() const { return host_options_; }
  // True once serve_forever() ran (web.run inside a script served by `quest serve`).
  bool served() const { return served_; }

  // ---- the app's environment (app_env.hpp): set by `quest serve` from the app's
  // directory, else resolved from the working directory on first use (web.env(), an
  // error page, a LiveView overlay). Throws AppEnvError. ----
  const AppEnv& env();
  void set_env(AppEnv env) { env_ = std::move(env); }

  // ---- extensions (std/web/channels): called for every server start() creates, after
  // the WebSocket routes and before the upgrade and request hooks ----
  using RouteInstaller = std::function<void(quest_live::net::Server&)>;
  void add_route_installer(RouteInstaller installer) { route_installers_.push_back(std::move(installer)); }

  // ---- WebSocket fan-out over every running server ----
  std::size_t broadcast(const std::string& path, const quest_live::Frame& frame, quest_live::FrameKind kind);

 private:
  struct Running {
    int handle;
    std::unique_ptr<quest_live::net::Server> server;
  };

  void install_routes(quest_live::net::Server& server);
  void handle_http(quest_live::net::HttpRequest request, quest_live::net::HttpResponderPtr responder,
                   Clock::time_point received);
  // handle_http after its checks; a malformed multipart body escapes it as MultipartError.
  void handle_http_checked(const quest_live::net::HttpRequest& request,
                           const quest_live::net::HttpResponderPtr& responder, Clock::time_point received);
  quest_live::net::HttpResponse answer(const quest::Value& request);
  // on_error's answer, else the development error page (when `error` is given and the
  // app runs in development), else a plain 500.
  quest_live::net::HttpResponse answer_error(const quest::Value& request, const std::string& message,
                                             const std::string& request_line, const quest::QuestError* error);
  bool start_sse(const quest_live::net::HttpRequest& request, const quest_live::net::HttpResponderPtr& responder);
  void keep_alive(std::uint64_t stream_id, std::chrono::milliseconds interval);
  void fire_timer(std::uint64_t id);
  void decide_upgrade(quest_live::net::UpgradeRequest request, quest_live::net::UpgradeDecider decide);
  Running* find(int handle);

  // The WebSocket paths whose upgrades an authorize function decides, readable from I/O
  // threads (the upgrade hook accepts every other routed upgrade there, without a trip
  // through the loop). Written on the loop by add_websocket.
  class PathSet {
   public:
    void insert(const std::string& path);
    void erase(const std::string& path);
    bool contains(std::string_view path) const;

   private:
    mutable std::mutex mutex_;
    std::set<std::string, std::less<>> paths_;
  };

  quest::Vm& vm_;
  std::shared_ptr<PathSet> authorized_paths_ = std::make_shared<PathSet>();
  std::unique_ptr<Loop> loop_;
  std::shared_ptr<SocketTable> sockets_;
  std::vector<std::pair<std::string, std::string>> statics_;
  std::map<std::string, WebSocketRoute> routes_;
  std::map<std::string, SseRoute> sse_routes_;
  std::vector<RouteInstaller> route_installers_;
  std::unique_ptr<SseTable> sse_;
  struct Timer {
    quest::Value fn;
    std::chrono::milliseconds interval;
    bool repeat;
  };
  std::unordered_map<std::uint64_t, Timer> timers_;
  std::uint64_t next_timer_ = 1;
  quest::Value dispatch_;
  quest::Value on_error_;
  std::vector<Running> servers_;
  int next_handle_ = 1;
  bool serving_ = false;
  bool log_requests_ = true;
  std::optional<HostOptions> host_options_;
  bool served_ = false;
  std::optional<AppEnv> env_;
  bool env_logged_ = false;
};

// One line to stderr, prefixed "[web] " (request log, errors). Safe from any thread.
void web_log(const std::string& line);

}  // namespace quest_bindings
