// One WebSocket connection after the handshake: the Connection the rest of the engine
// talks to. Our own RFC 6455 framing over the TCP socket (no Beast websocket::stream),
// built to keep an idle connection small and a busy one cheap.
//
// Reading: an idle connection holds no read buffer and no pending read, only a
// socket.async_wait(wait_read). When the socket is readable the session reads
// non-blocking into a per-thread scratch buffer and feeds its FrameParser, which only
// keeps an incomplete frame or message. There are no per-connection timers while open:
// the hub's idle sweep (Hub::sweep_idle) asks check_idle() whether a keep-alive ping or
// an idle close is due.
//
// Writing: send() (any thread) appends to the bounded SendQueue under a spin lock and,
// if no drain is pending, posts one to the strand. The drain takes everything queued and
// writes it with ONE gathered, non-blocking write (frame headers plus the shared Frame
// payloads, no copy). Only what the socket does not take at once is copied and finished
// with an async_write; frames queued meanwhile form the next batch. Control frames (pong,
// ping, close) go into the same writes, so they always sit between whole messages.
// Frames count against the queue limits until their write has completed; a push that
// overflows closes the connection with 4008 after the write in flight, and is counted.
//
// Closing (RFC 6455 section 7): our close frame follows everything queued before close();
// then we wait for the peer's close (within handshake_timeout), shut down our sending side
// and close once the peer has too. A peer's close is answered with its code, then TCP is
// shut down the same way.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "frame_header.hpp"
#include "frame_parser.hpp"
#include "hub.hpp"
#include "quest_live/ws/send_queue.hpp"
#include "spin_lock.hpp"

namespace quest_live::net {

class ws_session : public ws::WebSocketConnection,
                   public std::enable_shared_from_this<ws_session>,
                   private FrameEvents {
 public:
  using strand_type = boost::asio::strand<boost::asio::io_context::executor_type>;
  using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, strand_type>;

  // Takes over a socket whose 101 response has been written, and the connection slot
  // reserved for it (released by the destructor).
  ws_session(socket_type&& socket, std::shared_ptr<Server::Hub> hub, ws::ConnectionInfo info,
             const ws::WebSocketHandlers* handlers);
  ~ws_session() override;

  // Opens the connection on its strand. `early_bytes` arrived right behind the upgrade
  // request (a client may send frames before reading the 101).
  void run(std::string early_bytes);

  SendResult send(Frame frame, FrameKind kind) override;
  void close(std::uint16_t code, std::string reason) override;
  bool is_open() const override { return open_.load(std::memory_order_relaxed); }

  // Any thread (the hub's sweep): posts a keep-alive ping when nothing was received for
  // half of idle_timeout, and an idle close after all of it. Cheap when nothing is due.
  void check_idle(std::int64_t now_ms);

  // Destroys the socket. Only after the I/O threads have stopped (Hub::release_io_objects).
  void detach_from_io();

 private:
  using close_timer = boost::asio::basic_waitable_timer<
      std::chrono::steady_clock, boost::asio::wait_traits<std::chrono::steady_clock>, strand_type>;

  void start(std::string early_bytes);
  void do_wait_readable();
  void on_readable(boost::system::error_code error);
  bool read_available();
  void consume(char* data, std::size_t size);
  void on_read_failed(boost::system::error_code error);

  void on_message(FrameKind kind, std::string_view payload) override;
  void on_ping(std::string_view payload) override;
  void on_pong(std::string_view payload) override;
  void on_close(std::uint16_t code, std::string_view reason) override;
  void on_protocol_error(std::uint16_t code, std::string_view reason) override;

  void schedule_drain_locked();
  void drain();
  bool write_batch(std::vector<ws::OutgoingFrame>& batch, bool with_close);
  void on_rest_written(boost::system::error_code error, bool with_close);
  void release_locked(std::vector<ws::OutgoingFrame>& frames);
  void queue_control(ControlFrame kind, std::string_view payload);
  void on_write_failed(boost::system::error_code error);

  void answer_close(std::uint16_t code, std::string reason);
  void after_close_written();
  void arm_close_deadline();
  void shut_down_sending();
  void close_socket();
  void send_keep_alive_ping();
  void on_idle_timeout();
  void finish(std::uint16_t code, std::string reason);

  template <class Callback>
  void call_handler(const char* what, Callback&& callback);

  const strand_type& strand() { return socket_->get_executor(); }

  // What a close frame carries: set by close(), an overflow, or the peer's close.
  struct CloseRequest {
    std::uint16_t code;
    std::string reason;
  };
  // A batch the socket did not take at once: the rest of its bytes (a copy) and its
  // frames, which count against the queue limits until the write completes.
  struct Backlog {
    std::string unsent;
    std::vector<ws::OutgoingFrame> frames;
  };

  // Reset by detach_from_io() once the server's threads have stopped, so that application
  // code may keep a connection pointer beyond the server's io_context. Its executor is
  // the connection's strand.
  std::optional<socket_type> socket_;
  std::shared_ptr<Server::Hub> hub_;
  const ws::WebSocketHandlers* handlers_;

  // Guarded by queue_lock_: touched by send()/close() on any thread. Rarely needed state
  // lives behind pointers, so an idle connection pays 8 bytes for it.
  SpinLock queue_lock_;
  bool drain_scheduled_ = false;  // a drain is posted, running, or waiting on a write
  bool closing_ = false;          // no more sends
  ws::SendQueue queue_;
  std::unique_ptr<CloseRequest> close_request_;  // sent after the queue; null: none

  // Strand only.
  FrameParser parser_;
  std::unique_ptr<std::string> control_out_;  // framed pongs / pings for the next write
  std::unique_ptr<Backlog> backlog_;
  std::unique_ptr<close_timer> close_deadline_;
  bool write_in_flight_ = false;
  bool close_sent_ = false;       // our close frame is in a write (nothing follows it)
  bool close_written_ = false;    // ... and on the socket
  bool close_received_ = false;   // the peer's close frame, or a protocol error
  bool sending_shut_down_ = false;
  bool finished_ = false;         // on_close reported, removed from the manager
  // While the read handler runs, a send() from on_message (an echo, a reply) does not post
  // a drain: the handler drains once it has parsed everything read, one hop sooner.
  bool reading_ = false;
  bool drain_after_read_ = false;

  std::atomic<bool> open_{false};
  // Idle tracking shared with the hub's sweep.
  std::atomic<std::int64_t> last_received_ms_{0};
  std::atomic<std::uint8_t> idle_stage_{0};  // 0 active, 1 ping posted, 2 close posted
};

// Milliseconds of the steady clock, the unit of the idle sweep.
std::int64_t steady_now_ms();

// Shared by the two halves of ws_session (ws_session.cpp, ws_session_write.cpp).
namespace ws_session_detail {

// RFC 6455 allows 123 bytes of reason in a close frame.
inline std::string clip_reason(std::string reason) {
  if (reason.size() > 123) reason.resize(123);
  return reason;
}

inline bool is_ordinary_disconnect(boost::system::error_code error) {
  namespace asio_error = boost::asio::error;
  return error == asio_error::eof || error == asio_error::operation_aborted ||
         error == asio_error::connection_reset || error == asio_error::broken_pipe ||
         error == asio_error::bad_descriptor;
}

}  // namespace ws_session_detail

}  // namespace quest_live::net
