// A small Beast WebSocket/HTTP client for the loopback tests, plus a started Server.
//
// Every network step runs asynchronously on the client's own io_context with a generous
// deadline (a guard against hanging, not a timing assertion): when it passes, the step
// fails with a timeout error and the test fails instead of blocking forever.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "quest_live/net/server.hpp"

namespace quest_live::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

inline constexpr std::chrono::seconds step_deadline{15};

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

class WsClient {
 public:
  using Headers = std::map<std::string, std::string>;

  WsClient(std::uint16_t port, std::string target, Headers headers = {})
      : stream_(io_), port_(port), target_(std::move(target)), headers_(std::move(headers)) {
    connect_tcp();
    handshake_error_ = run([&](auto done) {
      stream_.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
        for (const auto& [name, value] : headers_) req.set(name, value);
      }));
      stream_.async_handshake(response_, "127.0.0.1:" + std::to_string(port_), target_, done);
    });
  }

  bool open() const { return !handshake_error_; }
  // The HTTP status the server answered the upgrade with (101 when accepted).
  unsigned status() const { return response_.result_int(); }
  const std::string& refusal_body() const { return response_.body(); }

  beast::error_code send_text(const std::string& text) { return write(text, true); }
  beast::error_code send_binary(const std::string& bytes) { return write(bytes, false); }

  // The next data message; nullopt when the connection closed or failed instead.
  std::optional<Message> read() {
    beast::flat_buffer buffer;
    last_error_ = run([&](auto done) { stream_.async_read(buffer, done); });
    if (last_error_) return std::nullopt;
    return Message{beast::buffers_to_string(buffer.data()), stream_.got_text()};
  }

  // Reads until the server closes; returns its close code (0 when no close frame came).
  std::uint16_t read_until_closed() {
    while (read()) {
    }
    return last_error_ == websocket::error::closed ? stream_.reason().code : 0;
  }
  std::string close_reason() const { return std::string(stream_.reason().reason.c_str()); }
  beast::error_code last_error() const { return last_error_; }

  beast::error_code close(std::uint16_t code = 1000, const std::string& reason = "") {
    return run([&](auto done) {
      stream_.async_close(websocket::close_reason(static_cast<websocket::close_code>(code), reason),
                          done);
    });
  }

  websocket::stream<beast::tcp_stream>& stream() { return stream_; }

 private:
  void connect_tcp() {
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port_);
    beast::get_lowest_layer(stream_).connect(endpoint);
  }

  beast::error_code write(const std::string& data, bool text) {
    stream_.text(text);
    return run([&](auto done) { stream_.async_write(asio::buffer(data), done); });
  }

  // Runs one async operation to completion or the deadline.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result;
    bool finished = false;
    auto done = [&](beast::error_code error, auto&&...) {
      result = error;
      finished = true;
    };
    io_.restart();
    start(done);
    io_.run_for(step_deadline);
    if (!finished) {
      beast::get_lowest_layer(stream_).socket().close();
      io_.restart();
      io_.run();
      return beast::error::timeout;
    }
    return result;
  }

  asio::io_context io_;
  websocket::stream<beast::tcp_stream> stream_;
  std::uint16_t port_;
  std::string target_;
  Headers headers_;
  websocket::response_type response_;
  beast::error_code handshake_error_;
  beast::error_code last_error_;
};

// One plain HTTP/1.1 request with a raw target (no normalisation), Connection: close.
struct HttpReply {
  unsigned status = 0;
  std::string content_type;
  std::string body;
  std::size_t content_length = 0;
};

inline HttpReply http_request(std::uint16_t port, http::verb method, const std::string& target) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  stream.expires_after(step_deadline);
  http::request<http::empty_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(false);
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(method == http::verb::head);
  http::read(stream, buffer, parser);
  const auto& response = parser.get();
  HttpReply reply{response.result_int(), std::string(response[http::field::content_type]),
                  response.body(), 0};
  if (auto length = parser.content_length()) reply.content_length = *length;
  return reply;
}

}  // namespace quest_live::test
