// The loopback tests' WebSocket/HTTP client, plus a started Server.
//
// Declarations only: the Beast stream behind WsClient and http_request live in
// test_client.cpp, compiled once into quest_net_test_support, so a test file that
// includes this header instantiates none of Beast's or Asio's templates.
//
// Every network step runs asynchronously on the client's own io_context with a generous
// deadline (a guard against hanging, not a timing assertion): when it passes, the step
// fails with a timeout error and the test fails instead of blocking forever.
#pragma once

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "quest_live/net/server.hpp"
#include "step_deadline.hpp"

namespace quest_live::test {

using error_code = boost::system::error_code;

// Polls `condition` until true or the deadline; returns the final value. For waiting on
// state another thread changes (the server's registry), never for measuring time.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds deadline = step_deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// A server on 127.0.0.1, an OS-chosen port, two I/O threads. `configure` runs before start.
struct RunningServer {
  explicit RunningServer(net::ServerConfig config = small_config(),
                         const std::function<void(net::Server&)>& configure = {})
      : server(std::move(config)) {
    if (configure) configure(server);
    server.start();
  }
  static net::ServerConfig small_config() {
    net::ServerConfig config;
    config.host = "127.0.0.1";
    config.port = 0;
    config.io_threads = 2;
    config.shutdown_drain_timeout = std::chrono::seconds(5);
    return config;
  }
  std::uint16_t port() const { return server.port(); }

  net::Server server;
};

// Sends every message back with its kind: the simplest observable route.
inline ws::WebSocketHandlers echo_handlers() {
  ws::WebSocketHandlers handlers;
  handlers.on_message = [](const ws::WebSocketConnectionPtr& connection, std::string_view data,
                           FrameKind kind) { connection->send(make_frame(std::string(data)), kind); };
  return handlers;
}

// Remembers the last connection opened on the routes whose handlers it wrapped, for
// tests that drive a server-side connection directly.
class OpenedConnection {
 public:
  // `handlers` with an on_open that records the connection (any on_open is replaced).
  ws::WebSocketHandlers recording(ws::WebSocketHandlers handlers = {}) {
    handlers.on_open = [this](const ws::WebSocketConnectionPtr& connection) {
      std::lock_guard lock(mutex_);
      connection_ = connection;
    };
    return handlers;
  }
  // The recorded connection, once there is one (nullptr after step_deadline).
  ws::WebSocketConnectionPtr wait() {
    eventually([&] { std::lock_guard lock(mutex_); return connection_ != nullptr; });
    std::lock_guard lock(mutex_);
    return connection_;
  }

 private:
  std::mutex mutex_;
  ws::WebSocketConnectionPtr connection_;
};

struct Message {
  std::string data;
  bool text = true;
};

// A strict RFC 6455 client (Beast validates every frame the server sends).
class WsClient {
 public:
  using Headers = std::map<std::string, std::string>;
  // Called for every ping, pong or close frame the client reads: `pong` tells pongs apart.
  using ControlObserver = std::function<void(bool pong, std::string_view payload)>;

  WsClient(std::uint16_t port, std::string target, Headers headers = {});
  ~WsClient();
  WsClient(WsClient&&) noexcept;
  WsClient& operator=(WsClient&&) noexcept;

  bool open() const;
  // The HTTP status the server answered the upgrade with (101 when accepted).
  unsigned status() const;
  const std::string& refusal_body() const;

  error_code send_text(const std::string& text);
  error_code send_binary(const std::string& bytes);

  // The next data message; nullopt when the connection closed or failed instead.
  std::optional<Message> read();

  // Reads until the server closes; returns its close code (0 when no close frame came).
  std::uint16_t read_until_closed();
  // What the server's close frame carried (code 0, reason "" before one came).
  std::uint16_t close_code() const;
  std::string close_reason() const;
  error_code last_error() const;
  // True when the last read ended because the server closed the WebSocket.
  bool closed_by_server() const;

  error_code close(std::uint16_t code = 1000, const std::string& reason = "");

  // Lower-level steps for the protocol tests.
  void observe_control_frames(ControlObserver observer);
  // A ping sent synchronously, or started now and completed during the next steps.
  void ping(const std::string& payload);
  void start_ping(const std::string& payload, std::function<void(bool sent)> done);
  // One frame of a fragmented message (text or binary as `text` says); throws on error.
  void write_fragment(const std::string& data, bool fin, bool text = true);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One plain HTTP/1.1 request with a raw target (no normalisation), Connection: close.
struct HttpReply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  std::size_t content_length = 0;
};

// `method` is an HTTP method name ("GET", "HEAD", ...); an unknown one throws
// std::invalid_argument naming it.
HttpReply http_request(std::uint16_t port, const std::string& method, const std::string& target);

// True when a TCP connect to 127.0.0.1:port is refused (nothing listens there).
bool connection_refused(std::uint16_t port);

}  // namespace quest_live::test
