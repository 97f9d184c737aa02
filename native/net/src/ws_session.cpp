#include "ws_session.hpp"

#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/post.hpp>

#include <array>

#include "exact_size_allocator.hpp"
#include "frame_header.hpp"
#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
using ws_session_detail::clip_reason;
using ws_session_detail::is_ordinary_disconnect;

namespace {

// One per I/O thread: a readable socket is drained into it and parsed in place, so an
// idle connection owns no read buffer.
char* read_scratch() {
  thread_local std::array<char, 64 * 1024> scratch;
  return scratch.data();
}
constexpr std::size_t read_scratch_size = 64 * 1024;

}  // namespace

std::int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

ws_session::ws_session(socket_type&& socket, std::shared_ptr<Server::Hub> hub,
                       ws::ConnectionInfo info, const ws::WebSocketHandlers* handlers)
    : WebSocketConnection(std::move(info)),
      socket_(std::in_place, std::move(socket)),
      hub_(std::move(hub)),
      handlers_(handlers),
      queue_(hub_->config.send_queue),
      parser_(hub_->config.max_message_bytes) {}

ws_session::~ws_session() {
  hub_->untrack_session(this);
  hub_->release_websocket_slot();
}

void ws_session::detach_from_io() {
  std::lock_guard lock(queue_lock_);
  closing_ = true;  // from now on send() and close() do nothing
  open_ = false;
  close_deadline_.reset();
  socket_.reset();
}

void ws_session::run(std::string early_bytes) {
  asio::post(strand(), [self = shared_from_this(), early = std::move(early_bytes)]() mutable {
    self->start(std::move(early));
  });
}

void ws_session::start(std::string early_bytes) {
  hub_->track_session(shared_from_this());
  error_code error;
  socket_->non_blocking(true, error);
  socket_->set_option(asio::ip::tcp::no_delay(true), error);
  last_received_ms_ = steady_now_ms();
  open_ = true;
  hub_->manager.add(shared_from_this());
  hub_->sessions_starting.fetch_sub(1);
  call_handler("on_open", [&] {
    if (handlers_->on_open) handlers_->on_open(shared_from_this());
  });
  // A shutdown that began before manager.add() above closed everyone but us. (One that
  // begins after it reaches us through close_all(); close() is idempotent.)
  if (hub_->stopping) close(close_code::going_away, "server shutting down");
  if (!early_bytes.empty()) consume(early_bytes.data(), early_bytes.size());
  if (socket_->is_open()) do_wait_readable();
}

// ---- reading ----

// The wait is what every idle connection holds, so its operation is allocated at its own
// size: Asio's per-thread recycling would hand it whatever larger block was freed last
// (the 101's HTTP write operation, ~600 bytes), measured at ~0.45 KiB more per idle
// connection.
void ws_session::do_wait_readable() {
  socket_->async_wait(socket_type::wait_read,
                      asio::bind_allocator(exact_size_allocator<void>(),
                                           [self = shared_from_this()](error_code error) {
                                             self->on_readable(error);
                                           }));
}

// Reads what the socket has (a few scratch-fulls at most, then lets others run) and
// parses it. After our side is closing the bytes are only drained, until the peer's EOF.
void ws_session::on_readable(error_code error) {
  if (error) return on_read_failed(error);
  // A failed write may have closed the socket after this wait had already completed:
  // the read side is over all the same, and the close must still be reported.
  if (!socket_ || !socket_->is_open()) return on_read_failed(asio::error::operation_aborted);
  reading_ = true;
  const bool keep_reading = read_available();
  reading_ = false;
  if (drain_after_read_) {
    drain_after_read_ = false;
    drain();
  }
  if (keep_reading) do_wait_readable();
}

// False once the read side is over (failed, or the socket was closed meanwhile).
bool ws_session::read_available() {
  constexpr int max_reads_per_wakeup = 4;
  char* scratch = read_scratch();
  for (int i = 0; i < max_reads_per_wakeup; ++i) {
    error_code error;
    const std::size_t bytes = socket_->read_some(asio::buffer(scratch, read_scratch_size), error);
    if (error == asio::error::would_block) break;
    if (error) {
      on_read_failed(error);
      return false;
    }
    consume(scratch, bytes);
    if (!socket_->is_open()) return false;
    if (bytes < read_scratch_size) break;
  }
  return true;
}

void ws_session::consume(char* data, std::size_t size) {
  last_received_ms_.store(steady_now_ms(), std::memory_order_relaxed);
  if (idle_stage_.load(std::memory_order_relaxed) != 0) idle_stage_ = 0;
  if (!parser_.stopped()) parser_.feed(data, size, *this);
}

void ws_session::on_read_failed(error_code error) {
  const bool expected = finished_ || is_ordinary_disconnect(error);
  close_socket();
  if (finished_) return;
  if (!expected) {
    call_handler("on_error", [&] {
      if (handlers_->on_error) handlers_->on_error(shared_from_this(), error.message());
    });
    log_line("info", id(), "websocket read: " + error.message());
  }
  finish(1006, error.message());
}

void ws_session::on_message(FrameKind kind, std::string_view payload) {
  if (close_sent_ || finished_) return;  // after our close frame, data is ignored
  call_handler("on_message", [&] {
    if (handlers_->on_message) handlers_->on_message(shared_from_this(), payload, kind);
  });
}

void ws_session::on_ping(std::string_view payload) {
  if (close_sent_) return;
  queue_control(ControlFrame::pong, payload);
  drain();
}

void ws_session::on_pong(std::string_view) {}  // receiving it already reset the idle clock

void ws_session::on_close(std::uint16_t code, std::string_view reason) {
  close_received_ = true;
  std::string reported(reason);
  answer_close(code, {});
  finish(code, std::move(reported));
}

void ws_session::on_protocol_error(std::uint16_t code, std::string_view reason) {
  close_received_ = true;  // nothing more will be read from this peer
  std::string reported(reason);
  call_handler("on_error", [&] {
    if (handlers_->on_error) handlers_->on_error(shared_from_this(), reported);
  });
  log_line("info", id(), "websocket read: " + reported);
  answer_close(code, reported);
  finish(code, std::move(reported));
}

// ---- closing ----

// The peer sent its close (or broke the protocol): answer with a close frame unless ours
// is already out, after the write in flight; nothing else queued is sent any more.
void ws_session::answer_close(std::uint16_t code, std::string reason) {
  {
    std::lock_guard lock(queue_lock_);
    closing_ = true;
    queue_.discard_pending();
    if (!close_sent_) {
      close_request_ = std::make_unique<CloseRequest>(CloseRequest{code, clip_reason(std::move(reason))});
    }
  }
  open_ = false;
  arm_close_deadline();
  if (close_written_) return shut_down_sending();
  drain();
}

// Our close frame is on the socket. If the peer's close (or garbage) already came, stop
// sending; the socket closes when the peer's EOF arrives or the deadline passes.
void ws_session::after_close_written() {
  close_written_ = true;
  arm_close_deadline();
  if (close_received_) shut_down_sending();
}

// A close waits for the write in flight, and a peer that stopped reading can stall that
// write forever. So every close gets a deadline: queued writes plus the closing
// handshake must finish within handshake_timeout, or the socket is cut.
void ws_session::arm_close_deadline() {
  if (close_deadline_ || !socket_ || !socket_->is_open()) return;
  close_deadline_ = std::make_unique<close_timer>(strand(), hub_->config.handshake_timeout);
  close_deadline_->async_wait([self = shared_from_this()](error_code error) {
    if (error || !self->socket_ || !self->socket_->is_open()) return;
    if (!self->finished_) {
      log_line("info", self->id(), "close did not complete in time; dropping the connection");
    }
    self->close_socket();
  });
}

void ws_session::shut_down_sending() {
  if (sending_shut_down_ || !socket_ || !socket_->is_open()) return;
  sending_shut_down_ = true;
  error_code ignored;
  socket_->shutdown(socket_type::shutdown_send, ignored);
}

void ws_session::close_socket() {
  open_ = false;
  if (!socket_) return;
  error_code ignored;
  socket_->close(ignored);
  if (close_deadline_) close_deadline_->cancel();
}

// ---- idle connections ----

// Runs under the hub's session lock, possibly while this session's destructor waits for
// it: only a successful weak lock may post, and the handler then holds the last reference
// we took, so it is never dropped here.
void ws_session::check_idle(std::int64_t now_ms) {
  if (!open_.load(std::memory_order_relaxed)) return;
  const std::int64_t idle_timeout = hub_->config.idle_timeout.count();
  if (idle_timeout <= 0) return;
  const std::int64_t silent = now_ms - last_received_ms_.load(std::memory_order_relaxed);
  if (silent >= idle_timeout) {
    if (idle_stage_.exchange(2) != 2) {
      if (auto self = weak_from_this().lock()) {
        asio::post(strand(), [self = std::move(self)] { self->on_idle_timeout(); });
      }
    }
  } else if (silent >= idle_timeout / 2) {
    std::uint8_t active = 0;
    if (idle_stage_.compare_exchange_strong(active, 1)) {
      if (auto self = weak_from_this().lock()) {
        asio::post(strand(), [self = std::move(self)] { self->send_keep_alive_ping(); });
      }
    }
  }
}

void ws_session::send_keep_alive_ping() {
  if (finished_ || close_sent_ || !socket_ || !socket_->is_open()) return;
  queue_control(ControlFrame::ping, {});
  drain();
}

void ws_session::on_idle_timeout() {
  if (finished_ || !socket_ || !socket_->is_open()) return;
  const auto silent = steady_now_ms() - last_received_ms_.load(std::memory_order_relaxed);
  if (silent < hub_->config.idle_timeout.count()) return;  // bytes came meanwhile
  close_socket();
  finish(1006, "The socket was closed due to a timeout");
}

void ws_session::finish(std::uint16_t code, std::string reason) {
  if (finished_) return;
  finished_ = true;
  {
    std::lock_guard lock(queue_lock_);
    closing_ = true;
    queue_.discard_pending();
  }
  open_ = false;
  hub_->manager.remove(id());
  call_handler("on_close", [&] {
    if (handlers_->on_close) handlers_->on_close(shared_from_this(), code, reason);
  });
}

template <class Callback>
void ws_session::call_handler(const char* what, Callback&& callback) {
  try {
    callback();
  } catch (const std::exception& error) {
    log_line("error", id(), std::string(what) + " threw: " + error.what());
    if (handlers_->on_error && std::string_view(what) != "on_error") {
      try {
        handlers_->on_error(shared_from_this(), std::string(what) + ": " + error.what());
      } catch (...) {
        log_line("error", id(), "on_error threw");
      }
    }
  } catch (...) {
    log_line("error", id(), std::string(what) + " threw a non-exception");
  }
}

}  // namespace quest_live::net
