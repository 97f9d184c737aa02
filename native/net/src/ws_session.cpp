#include "ws_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/websocket/error.hpp>

#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

// RFC 6455 allows 123 bytes of reason in a close frame.
std::string clip_reason(std::string reason) {
  if (reason.size() > 123) reason.resize(123);
  return reason;
}

bool is_ordinary_disconnect(beast::error_code error) {
  return error == websocket::error::closed || error == asio::error::eof ||
         error == asio::error::operation_aborted || error == asio::error::connection_reset ||
         error == beast::error::timeout || error == asio::error::broken_pipe;
}

}  // namespace

ws_session::ws_session(asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub,
                       ws::ConnectionInfo info, const ws::WebSocketHandlers* handlers)
    : WebSocketConnection(std::move(info)),
      stream_(std::in_place, std::move(socket)),
      hub_(std::move(hub)),
      handlers_(handlers),
      queue_(hub_->config.send_queue) {}

ws_session::~ws_session() {
  hub_->untrack_session(this);
  hub_->release_websocket_slot();
}

void ws_session::detach_from_io() {
  std::lock_guard lock(queue_mutex_);
  closing_ = true;  // from now on send() and close() do nothing
  open_ = false;
  close_deadline_.reset();
  stream_.reset();
}

void ws_session::run(beast::http::request<beast::http::string_body>&& upgrade_request) {
  hub_->track_session(shared_from_this());
  upgrade_request_ = std::move(upgrade_request);
  const auto& config = hub_->config;
  stream_->set_option(websocket::stream_base::timeout{
      config.handshake_timeout, config.idle_timeout, /*keep_alive_pings=*/true});
  stream_->set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(beast::http::field::server, "quest-live");
  }));
  stream_->read_message_max(config.max_message_bytes);
  stream_->async_accept(upgrade_request_,
                       beast::bind_front_handler(&ws_session::on_accept, shared_from_this()));
}

void ws_session::on_accept(beast::error_code error) {
  if (error) {
    log_line("info", id(), "websocket accept: " + error.message());
    return;
  }
  upgrade_request_ = {};
  open_ = true;
  hub_->manager.add(shared_from_this());
  call_handler("on_open", [&] {
    if (handlers_->on_open) handlers_->on_open(shared_from_this());
  });
  do_read();
}

void ws_session::do_read() {
  stream_->async_read(read_buffer_,
                     beast::bind_front_handler(&ws_session::on_read, shared_from_this()));
}

void ws_session::on_read(beast::error_code error, std::size_t) {
  if (error) return report_read_error(error);
  const auto data = read_buffer_.cdata();
  const std::string_view message(static_cast<const char*>(data.data()), data.size());
  const auto kind = stream_->got_text() ? FrameKind::text : FrameKind::binary;
  call_handler("on_message", [&] {
    if (handlers_->on_message) handlers_->on_message(shared_from_this(), message, kind);
  });
  read_buffer_.consume(read_buffer_.size());
  read_buffer_.shrink_to_fit();  // an idle connection keeps no read buffer
  do_read();
}

// Maps why the read loop ended to the close code handlers see. Beast has already sent
// 1009 / 1007 / 1002 to the peer for oversized, invalid UTF-8 and malformed frames.
void ws_session::report_read_error(beast::error_code error) {
  if (error == websocket::error::closed) {
    const auto& reason = stream_->reason();
    const std::uint16_t code = reason.code == websocket::close_code::none ? 1005 : reason.code;
    return finish(code, std::string(reason.reason.c_str()));
  }
  if (!is_ordinary_disconnect(error)) {
    call_handler("on_error", [&] {
      if (handlers_->on_error) handlers_->on_error(shared_from_this(), error.message());
    });
    log_line("info", id(), "websocket read: " + error.message());
  }
  if (error == websocket::error::message_too_big) {
    return finish(close_code::message_too_big, "message too big");
  }
  if (error == websocket::error::bad_frame_payload) {
    return finish(close_code::invalid_payload, "invalid UTF-8");
  }
  if (error.category() == beast::error_code(websocket::error::closed).category()) {
    return finish(close_code::protocol_error, error.message());
  }
  finish(1006, error.message());
}

SendResult ws_session::send(Frame frame, FrameKind kind) {
  std::lock_guard lock(queue_mutex_);
  if (closing_ || !frame) return SendResult::dropped;
  const auto outcome = queue_.push(std::move(frame), kind);
  if (outcome == ws::SendQueue::PushOutcome::overflow) {
    closing_ = true;
    overflowed_ = true;
    queue_.discard_pending();
    close_request_ = CloseRequest{close_code::slow_consumer, "slow consumer"};
    hub_->manager.count_slow_consumer();
    schedule_drain_locked();
    arm_close_deadline_locked();
    return SendResult::dropped;
  }
  schedule_drain_locked();
  return outcome == ws::SendQueue::PushOutcome::queued ? SendResult::ok
                                                       : SendResult::backpressure;
}

void ws_session::close(std::uint16_t code, std::string reason) {
  std::lock_guard lock(queue_mutex_);
  if (closing_) return;
  closing_ = true;
  close_request_ = CloseRequest{code, clip_reason(std::move(reason))};
  schedule_drain_locked();
  arm_close_deadline_locked();
}

// A close waits for the write in flight, and a peer that stopped reading can stall that
// write forever (keep-alive pings do not help while it still sends). So every close gets
// a deadline: queued writes plus the closing handshake must finish within
// handshake_timeout, or the socket is cut.
void ws_session::arm_close_deadline_locked() {
  asio::post(stream_->get_executor(), [self = shared_from_this()] {
    if (self->finished_ || !self->stream_) return;
    self->close_deadline_.emplace(self->stream_->get_executor(), self->hub_->config.handshake_timeout);
    self->close_deadline_->async_wait([self](beast::error_code error) {
      if (error || self->finished_ || !self->stream_) return;
      log_line("info", self->id(), "close did not complete in time; dropping the connection");
      beast::error_code ignored;
      beast::get_lowest_layer(*self->stream_).close(ignored);
    });
  });
}

void ws_session::schedule_drain_locked() {
  if (drain_scheduled_) return;
  drain_scheduled_ = true;
  asio::post(stream_->get_executor(),
             beast::bind_front_handler(&ws_session::do_write, shared_from_this()));
}

// Starts a drain: gathers what is queued now, and more on later passes, then writes.
void ws_session::do_write() {
  gather_passes_ = 0;
  gather();
}

// Frames everything queued into the corked gathered stream. While new frames keep
// arriving, it yields the strand once more (a pass through the io_context's queue, where
// a fan-out's other deliveries are waiting) before writing, a few passes at most: under
// load that is where batches, and so fewer syscalls, come from; when idle it costs one
// post. Beast's own frames (pong, ping, close) go through the same stream, so they sit
// between whole messages, never inside one. Once Beast has sent or received a close
// frame it is no longer open, and data frames must not follow.
void ws_session::gather() {
  constexpr int max_gather_passes = 8;
  constexpr std::size_t max_gather_bytes = 256 * 1024;
  std::vector<ws::OutgoingFrame> taken;
  std::optional<CloseRequest> close_now;
  bool abandon;
  {
    std::lock_guard lock(queue_mutex_);
    taken = queue_.take_all();
    abandon = overflowed_ || finished_;
    if (taken.empty() && batch_.empty()) {
      drain_scheduled_ = false;
      if (close_request_ && !close_started_) close_now = close_request_;
    }
  }
  if (close_now) return do_close(std::move(*close_now));
  if (taken.empty() && batch_.empty()) return;
  auto& wire = stream_->next_layer();
  wire.cork();
  if (!abandon && stream_->is_open()) {
    for (const auto& item : taken) wire.append_message(item.kind, *item.frame);
  }
  batch_.insert(batch_.end(), std::make_move_iterator(taken.begin()),
                std::make_move_iterator(taken.end()));
  if (!taken.empty() && ++gather_passes_ < max_gather_passes &&
      wire.pending_bytes() < max_gather_bytes) {
    asio::post(stream_->get_executor(),
               beast::bind_front_handler(&ws_session::gather, shared_from_this()));
    return;
  }
  wire.uncork();
  wire.async_wait_flushed(beast::bind_front_handler(&ws_session::on_flushed, shared_from_this()));
}

// The batch is on the wire (or failed): only now does it stop counting against the
// send-queue limits, so a reader that stalls still overflows the queue.
void ws_session::on_flushed(beast::error_code error) {
  if (error) return abort_writes(error);
  {
    std::lock_guard lock(queue_mutex_);
    release_batch_locked();
  }
  do_write();
}

void ws_session::release_batch_locked() {
  for (const auto& item : batch_) queue_.release(item.frame->size());
  std::vector<ws::OutgoingFrame>().swap(batch_);  // an idle connection keeps no batch
}

void ws_session::abort_writes(beast::error_code error) {
  {
    std::lock_guard lock(queue_mutex_);
    release_batch_locked();
    closing_ = true;
    drain_scheduled_ = false;
  }
  if (!is_ordinary_disconnect(error)) log_line("info", id(), "websocket write: " + error.message());
  stream_->next_layer().uncork();
  // After a closing handshake Beast tears the connection down itself (once its close
  // frame is flushed); any other failure cuts the socket, which ends the read loop too.
  if (error == websocket::error::closed) return;
  beast::error_code ignored;
  beast::get_lowest_layer(*stream_).close(ignored);
}

void ws_session::do_close(CloseRequest request) {
  if (finished_ || close_started_) return;
  close_started_ = true;
  stream_->async_close(websocket::close_reason(static_cast<websocket::close_code>(request.code), request.reason),
                      beast::bind_front_handler(&ws_session::on_close, shared_from_this()));
}

void ws_session::on_close(beast::error_code error) {
  // The read loop sees the peer's answer (or the failure) and finishes the session.
  if (error && !is_ordinary_disconnect(error)) {
    log_line("info", id(), "websocket close: " + error.message());
  }
  if (error) {
    beast::error_code ignored;
    beast::get_lowest_layer(*stream_).close(ignored);
  }
}

void ws_session::finish(std::uint16_t code, std::string reason) {
  if (finished_) return;
  {
    std::lock_guard lock(queue_mutex_);
    finished_ = true;
    closing_ = true;
    queue_.discard_pending();
  }
  open_ = false;
  if (close_deadline_) close_deadline_->cancel();
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
