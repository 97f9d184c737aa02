// The Beast translation unit of quest_bindings: the test clients' network code.
#include "test_clients.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <mutex>
#include <thread>

namespace quest_bindings {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::optional<ClientUrl> parse_client_url(const std::string& url, const std::string& scheme, std::string& error) {
  const std::string prefix = scheme + "://";
  if (url.rfind(prefix, 0) != 0) {
    error = "URL must start with " + prefix + ": " + url;
    return std::nullopt;
  }
  std::string rest = url.substr(prefix.size());
  const std::size_t slash = rest.find_first_of("/?");
  std::string authority = rest.substr(0, slash);
  ClientUrl out;
  out.scheme = scheme;
  out.target = slash == std::string::npos ? "/" : rest.substr(slash);
  if (out.target[0] == '?') out.target = "/" + out.target;
  const std::size_t colon = authority.rfind(':');
  const bool bracketed_without_port = !authority.empty() && authority.front() == '[' && authority.back() == ']';
  if (colon == std::string::npos || bracketed_without_port) {
    out.host = authority;
    out.port = "80";
  } else {
    out.host = authority.substr(0, colon);
    out.port = authority.substr(colon + 1);
  }
  if (out.host.size() > 2 && out.host.front() == '[') out.host = out.host.substr(1, out.host.size() - 2);
  if (out.host.empty() || out.port.empty()) {
    error = "URL has no host or port: " + url;
    return std::nullopt;
  }
  return out;
}

// ---------------------------------------------------------------- WebSocket client

struct WebSocketTestClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(ClientUrl u, HeaderPairs h, std::function<void()> n)
      : url(std::move(u)), headers(std::move(h)), notify(std::move(n)), resolver(io), ws(io) {}

  struct Outgoing {
    std::string data;
    bool binary = false;
    bool close = false;
    std::uint16_t code = 1000;
  };

  ClientUrl url;
  HeaderPairs headers;
  std::function<void()> notify;
  asio::io_context io;
  tcp::resolver resolver;
  websocket::stream<beast::tcp_stream> ws;
  websocket::response_type handshake_response;
  beast::flat_buffer read_buffer;
  std::deque<Outgoing> outgoing;  // io thread only
  bool writing = false;           // io thread only
  std::thread thread;

  mutable std::mutex mutex;  // guards what follows
  State state = State::idle;
  std::string error;
  unsigned status = 0;
  std::deque<Message> inbox;
  std::uint16_t close_code = 0;
  std::string close_reason;

  void changed() {
    if (notify) notify();
  }

  void fail(const std::string& what) {
    {
      std::lock_guard lock(mutex);
      if (state == State::closed || state == State::failed) return;
      const bool was_open = state == State::open;
      state = was_open ? State::closed : State::failed;
      if (was_open && close_code == 0) close_code = 1006;
      error = what;
    }
    changed();
  }

  void start() {
    {
      std::lock_guard lock(mutex);
      state = State::connecting;
    }
    auto self = shared_from_this();
    resolver.async_resolve(url.host, url.port, [self](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->fail("resolve " + self->url.host + ": " + ec.message());
      beast::get_lowest_layer(self->ws).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(self->ws).async_connect(results, [self](beast::error_code ec, tcp::endpoint) {
        if (ec) return self->fail("connect: " + ec.message());
        self->handshake();
      });
    });
    thread = std::thread([this] { io.run(); });
  }

  void handshake() {
    beast::get_lowest_layer(ws).expires_never();
    ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    HeaderPairs extra = headers;
    ws.set_option(websocket::stream_base::decorator([extra](websocket::request_type& request) {
      for (const auto& [name, value] : extra) request.set(name, value);
    }));
    ws.read_message_max(64 * 1024 * 1024);
    const std::string host = url.host + ":" + url.port;
    auto self = shared_from_this();
    ws.async_handshake(handshake_response, host, url.target, [self](beast::error_code ec) {
      if (ec) {
        {
          std::lock_guard lock(self->mutex);
          self->status = self->handshake_response.result_int() == 101 ? 0 : self->handshake_response.result_int();
          self->state = State::failed;
          self->error = self->status ? "websocket handshake refused: HTTP " + std::to_string(self->status)
                                     : "websocket handshake: " + ec.message();
        }
        self->changed();
        return;
      }
      {
        std::lock_guard lock(self->mutex);
        self->state = State::open;
      }
      self->changed();
      self->read();
      self->write_next();
    });
  }

  void read() {
    auto self = shared_from_this();
    ws.async_read(read_buffer, [self](beast::error_code ec, std::size_t) {
      if (ec) {
        {
          std::lock_guard lock(self->mutex);
          self->state = State::closed;
          if (ec == websocket::error::closed) {
            self->close_code = static_cast<std::uint16_t>(self->ws.reason().code);
            self->close_reason = std::string(self->ws.reason().reason.c_str());
            if (self->close_code == 0) self->close_code = 1005;
          } else {
            if (self->close_code == 0) self->close_code = 1006;
            self->error = ec.message();
          }
        }
        self->changed();
        return;
      }
      {
        std::lock_guard lock(self->mutex);
        self->inbox.push_back(Message{beast::buffers_to_string(self->read_buffer.data()), !self->ws.got_text()});
      }
      self->changed();
      self->read_buffer.consume(self->read_buffer.size());
      self->read();
    });
  }

  void enqueue(Outgoing item) {
    auto self = shared_from_this();
    asio::post(io, [self, item = std::move(item)]() mutable {
      self->outgoing.push_back(std::move(item));
      self->write_next();
    });
  }

  void write_next() {
    {
      std::lock_guard lock(mutex);
      if (state != State::open) return;
    }
    if (writing || outgoing.empty()) return;
    writing = true;
    auto self = shared_from_this();
    Outgoing& item = outgoing.front();
    if (item.close) {
      ws.async_close(websocket::close_reason(static_cast<websocket::close_code>(item.code), item.data), [self](beast::error_code) {
        self->writing = false;
        self->outgoing.clear();
      });
      return;
    }
    ws.binary(item.binary);
    ws.async_write(asio::buffer(item.data), [self](beast::error_code ec, std::size_t) {
      self->writing = false;
      self->outgoing.pop_front();
      if (ec) return self->fail("write: " + ec.message());
      self->write_next();
    });
  }
};

WebSocketTestClient::WebSocketTestClient(ClientUrl url, HeaderPairs headers, std::function<void()> notify)
    : impl_(std::make_shared<Impl>(std::move(url), std::move(headers), std::move(notify))) {}

WebSocketTestClient::~WebSocketTestClient() {
  if (!impl_->thread.joinable()) return;
  // Cut the socket on the io thread so every pending operation completes (aborted) and
  // run() returns by itself: the handlers, which hold the Impl, are then gone too.
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->resolver.cancel();
    beast::error_code ignored;
    beast::get_lowest_layer(impl->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(impl->ws).socket().close(ignored);
    // Queued behind the aborted completions: Beast's own timers (a failed handshake
    // leaves one for 30 s) must not keep run() going.
    asio::post(impl->io, [impl] { impl->io.stop(); });
  });
  impl_->thread.join();
}

void WebSocketTestClient::connect() {
  if (state() != State::idle) return;
  impl_->start();
}

WebSocketTestClient::State WebSocketTestClient::state() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->state;
}

std::string WebSocketTestClient::error() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->error;
}

unsigned WebSocketTestClient::handshake_status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->status;
}

void WebSocketTestClient::send(std::string data, bool binary) { impl_->enqueue({std::move(data), binary, false, 0}); }

void WebSocketTestClient::close(std::uint16_t code, std::string reason) {
  impl_->enqueue({std::move(reason), false, true, code});
}

std::optional<WebSocketTestClient::Message> WebSocketTestClient::pop() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->inbox.empty()) return std::nullopt;
  Message m = std::move(impl_->inbox.front());
  impl_->inbox.pop_front();
  return m;
}

bool WebSocketTestClient::has_message() const {
  std::lock_guard lock(impl_->mutex);
  return !impl_->inbox.empty();
}

std::uint16_t WebSocketTestClient::close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->close_code;
}

std::string WebSocketTestClient::close_reason() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->close_reason;
}

// ---------------------------------------------------------------- HTTP request

struct HttpTestRequest::Impl : std::enable_shared_from_this<Impl> {
  Impl(ClientUrl u, std::function<void()> n) : url(std::move(u)), notify(std::move(n)), resolver(io), stream(io) {}

  ClientUrl url;
  std::function<void()> notify;
  asio::io_context io;
  tcp::resolver resolver;
  beast::tcp_stream stream;
  http::request<http::string_body> request;
  http::response_parser<http::string_body> parser;
  beast::flat_buffer buffer;
  std::thread thread;

  mutable std::mutex mutex;
  HttpTestResponse result;

  void finish(std::string error) {
    record(std::move(error));
    if (notify) notify();
  }

  void record(std::string error) {
    std::lock_guard lock(mutex);
    result.done = true;
    result.error = std::move(error);
    if (!result.error.empty()) return;
    auto& message = parser.get();
    result.status = message.result_int();
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    result.body = message.body();
  }

  void start() {
    auto self = shared_from_this();
    parser.body_limit(64 * 1024 * 1024);
    stream.expires_after(std::chrono::seconds(30));
    resolver.async_resolve(url.host, url.port, [self](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->finish("resolve: " + ec.message());
      self->stream.async_connect(results, [self](beast::error_code ec, tcp::endpoint) {
        if (ec) return self->finish("connect: " + ec.message());
        http::async_write(self->stream, self->request, [self](beast::error_code ec, std::size_t) {
          if (ec) return self->finish("write: " + ec.message());
          http::async_read(self->stream, self->buffer, self->parser, [self](beast::error_code ec, std::size_t) {
            self->finish(ec ? "read: " + ec.message() : "");
          });
        });
      });
    });
    thread = std::thread([this] { io.run(); });
  }
};

HttpTestRequest::HttpTestRequest(ClientUrl url, std::string method, HeaderPairs headers, std::string body,
                                 std::function<void()> notify)
    : impl_(std::make_shared<Impl>(std::move(url), std::move(notify))) {
  auto& request = impl_->request;
  request.method_string(method);
  request.target(impl_->url.target);
  request.version(11);
  request.set(http::field::host, impl_->url.host + ":" + impl_->url.port);
  request.set(http::field::connection, "close");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  if (!request.body().empty() || method == "POST" || method == "PUT" || method == "PATCH") request.prepare_payload();
  impl_->start();
}

HttpTestRequest::~HttpTestRequest() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_.get()] {
    impl->resolver.cancel();
    beast::error_code ignored;
    impl->stream.socket().close(ignored);
    asio::post(impl->io, [impl] { impl->io.stop(); });
  });
  impl_->thread.join();
}

bool HttpTestRequest::done() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->result.done;
}

HttpTestResponse HttpTestRequest::result() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->result;
}

}  // namespace quest_bindings
