// WsClient over Beast: the only place the loopback tests instantiate Beast's WebSocket
// client templates (see test_client.hpp; http_request.cpp holds the HTTP client).
#include "test_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace quest_live::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

struct WsClient::Impl {
  Impl(std::uint16_t port, std::string target, Headers headers)
      : stream(io), port(port), target(std::move(target)), headers(std::move(headers)) {}

  // Runs one async operation to completion or the deadline.
  template <class Start>
  error_code run(Start&& start) {
    error_code result;
    bool finished = false;
    auto done = [&](error_code error, auto&&...) {
      result = error;
      finished = true;
    };
    io.restart();
    start(done);
    io.run_for(step_deadline);
    if (!finished) {
      beast::get_lowest_layer(stream).socket().close();
      io.restart();
      io.run();
      return beast::error::timeout;
    }
    return result;
  }

  error_code write(const std::string& data, bool text) {
    stream.text(text);
    return run([&](auto done) { stream.async_write(asio::buffer(data), done); });
  }

  asio::io_context io;
  websocket::stream<beast::tcp_stream> stream;
  std::uint16_t port;
  std::string target;
  Headers headers;
  websocket::response_type response;
  error_code handshake_error;
  error_code last_error;
};

WsClient::WsClient(std::uint16_t port, std::string target, Headers headers)
    : impl_(std::make_unique<Impl>(port, std::move(target), std::move(headers))) {
  auto& self = *impl_;
  asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), self.port);
  beast::get_lowest_layer(self.stream).connect(endpoint);
  self.handshake_error = self.run([&](auto done) {
    self.stream.set_option(websocket::stream_base::decorator([&self](websocket::request_type& req) {
      for (const auto& [name, value] : self.headers) req.set(name, value);
    }));
    self.stream.async_handshake(self.response, "127.0.0.1:" + std::to_string(self.port),
                                self.target, done);
  });
}

WsClient::~WsClient() = default;
WsClient::WsClient(WsClient&&) noexcept = default;
WsClient& WsClient::operator=(WsClient&&) noexcept = default;

bool WsClient::open() const { return !impl_->handshake_error; }
unsigned WsClient::status() const { return impl_->response.result_int(); }
const std::string& WsClient::refusal_body() const { return impl_->response.body(); }

error_code WsClient::send_text(const std::string& text) { return impl_->write(text, true); }
error_code WsClient::send_binary(const std::string& bytes) { return impl_->write(bytes, false); }

std::optional<Message> WsClient::read() {
  auto& self = *impl_;
  beast::flat_buffer buffer;
  self.last_error = self.run([&](auto done) { self.stream.async_read(buffer, done); });
  if (self.last_error) return std::nullopt;
  return Message{beast::buffers_to_string(buffer.data()), self.stream.got_text()};
}

std::uint16_t WsClient::read_until_closed() {
  while (read()) {
  }
  return closed_by_server() ? close_code() : 0;
}

std::uint16_t WsClient::close_code() const { return impl_->stream.reason().code; }
std::string WsClient::close_reason() const { return std::string(impl_->stream.reason().reason.c_str()); }
error_code WsClient::last_error() const { return impl_->last_error; }
bool WsClient::closed_by_server() const { return impl_->last_error == websocket::error::closed; }

error_code WsClient::close(std::uint16_t code, const std::string& reason) {
  auto& self = *impl_;
  return self.run([&](auto done) {
    self.stream.async_close(
        websocket::close_reason(static_cast<websocket::close_code>(code), reason), done);
  });
}

void WsClient::observe_control_frames(ControlObserver observer) {
  impl_->stream.control_callback(
      [observer = std::move(observer)](websocket::frame_type kind, beast::string_view payload) {
        observer(kind == websocket::frame_type::pong, std::string_view(payload.data(), payload.size()));
      });
}

void WsClient::ping(const std::string& payload) { impl_->stream.ping(websocket::ping_data(payload.data(), payload.size())); }

void WsClient::start_ping(const std::string& payload, std::function<void(bool sent)> done) {
  impl_->stream.async_ping(websocket::ping_data(payload.data(), payload.size()),
                           [done = std::move(done)](error_code error) { done(!error); });
}

void WsClient::write_fragment(const std::string& data, bool fin, bool text) {
  impl_->stream.text(text);
  impl_->stream.write_some(fin, asio::buffer(data));
}

}  // namespace quest_live::test
