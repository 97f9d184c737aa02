// One WebSocket connection: the Connection the rest of the engine talks to.
//
// Reads run in a loop on the connection's strand and go to the path's handlers. Writes go
// through the bounded SendQueue: send() (any thread) appends under a small mutex and, if
// no drain is running, posts one to the strand; the drain takes everything queued,
// frames it into the gathered_write_stream under Beast and the whole batch goes out in
// one syscall. Only when that write has completed does the drain look again, so frames
// queued meanwhile form the next batch (under load, batches grow by themselves). A push
// that overflows the queue closes the connection with 4008 (after the write in flight)
// and is counted.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

#include "gathered_write_stream.hpp"
#include "hub.hpp"
#include "quest_live/ws/send_queue.hpp"

namespace quest_live::net {

class ws_session : public ws::WebSocketConnection,
                   public std::enable_shared_from_this<ws_session> {
 public:
  // Takes over a socket whose upgrade request passed every check, and the connection
  // slot reserved for it (released by the destructor).
  ws_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub,
             ws::ConnectionInfo info, const ws::WebSocketHandlers* handlers);
  ~ws_session() override;

  void run(boost::beast::http::request<boost::beast::http::string_body>&& upgrade_request);

  SendResult send(Frame frame, FrameKind kind) override;
  void close(std::uint16_t code, std::string reason) override;
  bool is_open() const override { return open_.load(); }

  // Destroys the socket. Only after the I/O threads have stopped (Hub::release_io_objects).
  void detach_from_io();

 private:
  struct CloseRequest {
    std::uint16_t code;
    std::string reason;
  };

  void on_accept(boost::beast::error_code error);
  void do_read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void schedule_drain_locked();
  void arm_close_deadline_locked();
  void do_write();
  void gather();
  void on_flushed(boost::beast::error_code error);
  void release_batch_locked();
  void abort_writes(boost::beast::error_code error);
  void do_close(CloseRequest request);
  void on_close(boost::beast::error_code error);
  void finish(std::uint16_t code, std::string reason);
  void report_read_error(boost::beast::error_code error);

  template <class Callback>
  void call_handler(const char* what, Callback&& callback);

  // Reset by detach_from_io() once the server's threads have stopped, so that application
  // code may keep a connection pointer beyond the server's io_context.
  std::optional<boost::beast::websocket::stream<gathered_write_stream>> stream_;
  boost::beast::flat_buffer read_buffer_;
  boost::beast::http::request<boost::beast::http::string_body> upgrade_request_;
  std::shared_ptr<Server::Hub> hub_;
  const ws::WebSocketHandlers* handlers_;

  // Guarded by queue_mutex_: touched by send()/close() on any thread.
  std::mutex queue_mutex_;
  ws::SendQueue queue_;
  bool drain_scheduled_ = false;
  bool closing_ = false;
  bool overflowed_ = false;
  std::optional<CloseRequest> close_request_;

  // Strand only.
  std::vector<ws::OutgoingFrame> batch_;  // framed, kept counted until flushed
  int gather_passes_ = 0;
  bool close_started_ = false;
  std::optional<boost::asio::steady_timer> close_deadline_;
  bool finished_ = false;
  std::atomic<bool> open_{false};
};

}  // namespace quest_live::net
