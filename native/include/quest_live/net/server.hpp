// The HTTP + WebSocket server: one port, N I/O threads, static files, WebSocket routes.
//
// Owns its io_context, threads, listening socket and the WebSocketManager that holds
// every open connection. No Asio or Beast in this header: the implementation lives in
// native/net/src behind a shared hub.
//
// Lifecycle: configure (routes via websockets().route(...), serve_static, on_upgrade),
// then start(); request_stop() or stop() from any thread; the destructor stops too.
// Graceful stop: stop accepting, close every WebSocket with 1001 after what is already
// queued, wait up to shutdown_drain_timeout for the closing handshakes, then cut the rest
// and join the threads. Idle HTTP keep-alive connections are simply dropped.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "quest_live/net/http_app.hpp"
#include "quest_live/net/server_config.hpp"
#include "quest_live/ws/websocket_manager.hpp"

namespace quest_live::net {

// What an upgrade hook sees: the request before the WebSocket handshake.
struct UpgradeRequest {
  std::string path;            // target without the query string
  std::string query;           // after '?', empty when absent
  std::string remote_address;  // "ip:port"
  ws::Headers headers;         // lower-case names
};

// accept() or refuse(status, body). A refusal is answered with that HTTP status and
// the socket never becomes a WebSocket.
struct UpgradeDecision {
  unsigned status = 0;  // 0: accept
  std::string body;
  HeaderList headers;   // extra response headers of a refusal (WWW-Authenticate, ...)

  static UpgradeDecision accept() { return {}; }
  static UpgradeDecision refuse(unsigned http_status, std::string body, HeaderList headers = {}) {
    return {http_status, std::move(body), std::move(headers)};
  }
  bool accepted() const { return status == 0; }
};

// Runs on an I/O thread for every upgrade whose path is routed and whose Origin passed.
using UpgradeHook = std::function<UpgradeDecision(const UpgradeRequest&)>;

// The asynchronous form: runs on an I/O thread and returns at once; `decide` may be
// called later from any thread, once (later calls are ignored). If `decide` is dropped
// uncalled, or not called within ServerConfig::request_timeout, the upgrade is refused
// with 503. Set at most one of on_upgrade and on_upgrade_async (the async one wins).
// The connection slot (max_connections) is reserved only after an accept, so upgrades
// waiting for a decision hold none; a stop that began meanwhile turns an accept into 503.
using UpgradeDecider = std::function<void(UpgradeDecision)>;
using AsyncUpgradeHook = std::function<void(UpgradeRequest request, UpgradeDecider decide)>;

class Server {
 public:
  explicit Server(ServerConfig config = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  ws::WebSocketManager& websockets();
  const ServerConfig& config() const;

  // Serves files under `directory` for GET/HEAD requests whose path starts with
  // `url_prefix` ("/" or "/assets/"). The longest matching prefix wins.
  void serve_static(std::string url_prefix, std::filesystem::path directory);
  void on_upgrade(UpgradeHook hook);
  void on_upgrade_async(AsyncUpgradeHook hook);
  // Every request that is not a WebSocket upgrade on a routed path and that no static
  // mount answered (a mount whose file is missing falls through to here). Without a
  // handler such requests get 404 (405 for methods other than GET/HEAD, as before). With
  // a handler, an upgrade request on a path with no WebSocket route goes to it too. Bodies
  // up to max_request_body_bytes are read (413 and the connection closed past it;
  // "Expect: 100-continue" is answered). See http_app.hpp for the responder's contract.
  // Set the hooks before start().
  void on_request(HttpHandler handler);

  // Binds and listens (throws std::system_error when it cannot), then runs the I/O
  // threads. Returns once the server accepts connections.
  void start();
  std::uint16_t port() const;
  // How often freed heap was handed back to the OS after connections closed
  // (ServerConfig::memory_trim_interval), for monitoring and tests.
  std::uint64_t memory_trims() const;

  // Runs `task` once on an I/O thread after `delay` (a steady timer on the server's
  // io_context). Safe from any thread until stop(); tasks still pending when the server
  // stops are dropped. An exception from the task is logged and swallowed.
  void run_after(std::chrono::milliseconds delay, std::function<void()> task);

  // SIGINT and SIGTERM start a graceful stop (call after start()).
  void stop_on_signals();
  // Starts a graceful stop and returns at once. Safe from any thread, also from handlers.
  void request_stop();
  // Blocks until the I/O threads have finished. Not from an I/O thread.
  void wait();
  // request_stop() then wait().
  void stop();

  struct Hub;  // shared state of the implementation (native/net/src/hub.hpp)

 private:
  std::shared_ptr<Hub> hub_;
};

}  // namespace quest_live::net
