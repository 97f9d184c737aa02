// The NextLayer under each Beast websocket::stream: a TCP socket whose writes are
// gathered so that many queued WebSocket frames reach the wire in ONE syscall.
//
// Every byte Beast writes (pings, pongs, close frames, any data it frames) is copied into a
// pending buffer and Beast's write completes at once. While the stream is corked the
// bytes only accumulate; otherwise, and on uncork, one gathered async_write puts all of
// them on the socket. Only one real write is ever in flight: bytes arriving meanwhile
// wait for the next one, so the order on the wire is the order Beast wrote in.
//
// Data messages from the send queue skip Beast: append_message() frames them straight
// into the pending buffer (a server's frames are unmasked, so that is a header and a
// copy), which saves one Beast write operation and one handler round trip per message.
//
// The session learns when its bytes are really out with async_wait_flushed() and keeps
// its send-queue accounting (backpressure) until then. A write error is sticky: every
// later write and wait completes with it. Reads go straight to the socket.
//
// Only ws_session.hpp includes this (it pulls in Asio), and only native/net includes that.
#pragma once

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include "quest_live/connection.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace quest_live::net {

class gathered_write_stream {
 public:
  using socket_type = boost::asio::ip::tcp::socket;
  using executor_type = socket_type::executor_type;
  using next_layer_type = socket_type;
  using flushed_handler = boost::asio::any_completion_handler<void(boost::beast::error_code)>;

  explicit gathered_write_stream(socket_type&& socket)
      : socket_(std::move(socket)), state_(std::make_shared<State>()) {
    state_->socket = &socket_;
  }
  ~gathered_write_stream();
  gathered_write_stream(const gathered_write_stream&) = delete;
  gathered_write_stream& operator=(const gathered_write_stream&) = delete;

  executor_type get_executor() noexcept { return socket_.get_executor(); }
  socket_type& next_layer() noexcept { return socket_; }
  const socket_type& next_layer() const noexcept { return socket_; }

  // While corked, writes only accumulate. uncork() starts the gathered write.
  void cork() { state_->corked = true; }
  void uncork();

  // Completes (on the stream's executor) once every byte written so far is on the
  // socket, or with the write error that stopped it.
  template <class Token>
  auto async_wait_flushed(Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code)>(
        [this](auto handler) { add_flush_waiter(flushed_handler(std::move(handler))); }, token);
  }

  template <class Buffers, class Token>
  auto async_read_some(const Buffers& buffers, Token&& token) {
    return socket_.async_read_some(buffers, std::forward<Token>(token));
  }

  template <class Buffers, class Token>
  auto async_write_some(const Buffers& buffers, Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, const Buffers& buffers) {
          const auto error = state_->error;
          std::size_t accepted = 0;
          if (!error) accepted = append(buffers);
          boost::asio::post(get_executor(),
                            [handler = std::move(handler), error, accepted]() mutable {
                              std::move(handler)(error, accepted);
                            });
        },
        token, buffers);
  }

  // Frames one whole data message (header + payload) into the pending bytes; written
  // like any other bytes. The caller makes sure Beast's side is still open.
  void append_message(FrameKind kind, std::string_view payload);

  // Bytes accepted but not yet handed to the socket (for tests and diagnostics).
  std::size_t pending_bytes() const { return state_->pending.size(); }

 private:
  // Shared with the completion of the write in flight, which may outlive this object.
  struct State {
    socket_type* socket = nullptr;  // null once the stream is gone
    std::string pending;  // accepted, not yet written
    std::string writing;  // the gathered write in flight
    bool corked = false;
    bool write_in_flight = false;
    boost::beast::error_code error;
    std::vector<flushed_handler> waiters;
  };

  template <class Buffers>
  std::size_t append(const Buffers& buffers) {
    std::size_t total = 0;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      const boost::asio::const_buffer piece(*it);
      state_->pending.append(static_cast<const char*>(piece.data()), piece.size());
      total += piece.size();
    }
    if (!state_->corked) start_write(state_);
    return total;
  }

  void add_flush_waiter(flushed_handler handler);
  static void start_write(const std::shared_ptr<State>& state);
  static void on_written(const std::shared_ptr<State>& state, boost::beast::error_code error);
  static void notify_waiters(State& state);

  socket_type socket_;
  std::shared_ptr<State> state_;
};

// Found by Beast through ADL when it closes the connection: the close frame may still
// be waiting in the pending buffer, so the TCP teardown (shutdown, read to EOF) waits
// until everything written so far is on the socket.
template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, gathered_write_stream& stream,
                    TeardownHandler&& handler) {
  stream.async_wait_flushed(
      [role, &stream, handler = std::forward<TeardownHandler>(handler)](
          boost::beast::error_code) mutable {
        boost::beast::websocket::async_teardown(role, stream.next_layer(), std::move(handler));
      });
}

void teardown(boost::beast::role_type role, gathered_write_stream& stream,
              boost::beast::error_code& error);

}  // namespace quest_live::net
