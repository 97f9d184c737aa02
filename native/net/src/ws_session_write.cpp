// The write path of ws_session: send(), close(), and the drain that turns the queue into
// gathered writes. See ws_session.hpp for the design.
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "log.hpp"
#include "ws_session.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
using ws_session_detail::clip_reason;
using ws_session_detail::is_ordinary_disconnect;

namespace {

// The buffers of one gathered write, reused by every drain on this thread.
struct WriteScratch {
  std::vector<FrameHeader> headers;
  std::vector<asio::const_buffer> buffers;
  std::string close_payload;
};
WriteScratch& write_scratch() {
  thread_local WriteScratch scratch;
  return scratch;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
  if (code == 1005) return {};  // "no status": an empty close frame
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason);
  return payload;
}

}  // namespace

SendResult ws_session::send(Frame frame, FrameKind kind) {
  std::lock_guard lock(queue_lock_);
  if (closing_ || !frame) return SendResult::dropped;
  const auto outcome = queue_.push(std::move(frame), kind);
  if (outcome == ws::SendQueue::PushOutcome::overflow) {
    closing_ = true;
    queue_.discard_pending();
    close_request_ = std::make_unique<CloseRequest>(CloseRequest{close_code::slow_consumer, "slow consumer"});
    hub_->manager.count_slow_consumer();
    schedule_drain_locked();
    asio::post(strand(), [self = shared_from_this()] { self->arm_close_deadline(); });
    return SendResult::dropped;
  }
  schedule_drain_locked();
  return outcome == ws::SendQueue::PushOutcome::queued ? SendResult::ok
                                                       : SendResult::backpressure;
}

void ws_session::close(std::uint16_t code, std::string reason) {
  std::lock_guard lock(queue_lock_);
  if (closing_) return;
  closing_ = true;
  close_request_ = std::make_unique<CloseRequest>(CloseRequest{code, clip_reason(std::move(reason))});
  schedule_drain_locked();
  asio::post(strand(), [self = shared_from_this()] { self->arm_close_deadline(); });
}

void ws_session::schedule_drain_locked() {
  if (drain_scheduled_) return;
  drain_scheduled_ = true;
  // On our own strand (checked first: reading_ is strand-only) inside the read handler.
  if (strand().running_in_this_thread() && reading_) {
    drain_after_read_ = true;
    return;
  }
  asio::post(strand(), [self = shared_from_this()] { self->drain(); });
}

// Writes everything queued, batch after batch, while the socket takes it at once. One
// lock per batch: it releases the previous batch and takes the next. A close frame goes
// out once the queue is empty; nothing follows it.
void ws_session::drain() {
  if (!socket_ || write_in_flight_ || close_written_) return;
  std::vector<ws::OutgoingFrame> batch;
  for (;;) {
    bool with_close = false;
    {
      std::lock_guard lock(queue_lock_);
      release_locked(batch);
      batch = queue_.take_all();
      if (close_sent_) release_locked(batch);
      with_close = close_request_ && !close_sent_;
      if (batch.empty() && !control_out_ && !with_close) {
        drain_scheduled_ = false;
        return;
      }
    }
    if (!socket_->is_open()) {
      std::lock_guard lock(queue_lock_);
      release_locked(batch);
      drain_scheduled_ = false;
      return;
    }
    if (!write_batch(batch, with_close)) return;
  }
}

// One gathered, non-blocking write: control frames, then each queued frame's header and
// shared payload, then the close frame. Returns true when the socket took all of it; else
// the rest is copied and finished asynchronously (or the write failed).
bool ws_session::write_batch(std::vector<ws::OutgoingFrame>& batch, bool with_close) {
  auto& scratch = write_scratch();
  scratch.headers.clear();
  scratch.buffers.clear();
  scratch.headers.reserve(batch.size() + 1);  // buffers point into it: no reallocation
  if (control_out_) scratch.buffers.push_back(asio::buffer(*control_out_));
  for (const auto& item : batch) {
    const auto& header = scratch.headers.emplace_back(encode_frame_header(item.kind, item.frame->size()));
    scratch.buffers.push_back(asio::buffer(header.bytes.data(), header.size));
    if (!item.frame->empty()) scratch.buffers.push_back(asio::buffer(*item.frame));
  }
  if (with_close) {
    {
      std::lock_guard lock(queue_lock_);
      scratch.close_payload = close_payload(close_request_->code, close_request_->reason);
    }
    const auto& header = scratch.headers.emplace_back(
        encode_control_frame_header(ControlFrame::close, scratch.close_payload.size()));
    scratch.buffers.push_back(asio::buffer(header.bytes.data(), header.size));
    scratch.buffers.push_back(asio::buffer(scratch.close_payload));
    close_sent_ = true;
    open_ = false;
  }
  error_code error;
  const std::size_t written = asio::write(*socket_, scratch.buffers, error);
  if (!error) {
    control_out_.reset();
    if (with_close) after_close_written();
    return true;
  }
  if (error != asio::error::would_block) {
    on_write_failed(error);
    return false;
  }
  // The socket is full: keep the rest (a copy) and the frames (still counted).
  backlog_ = std::make_unique<Backlog>();
  std::size_t skip = written;
  for (const auto& piece : scratch.buffers) {
    if (skip >= piece.size()) {
      skip -= piece.size();
      continue;
    }
    backlog_->unsent.append(static_cast<const char*>(piece.data()) + skip, piece.size() - skip);
    skip = 0;
  }
  control_out_.reset();
  backlog_->frames = std::move(batch);
  batch.clear();
  write_in_flight_ = true;
  asio::async_write(*socket_, asio::buffer(backlog_->unsent),
                    [self = shared_from_this(), with_close](error_code error, std::size_t) {
                      self->on_rest_written(error, with_close);
                    });
  return false;
}

// The batch is on the wire (or failed): only now does it stop counting against the
// send-queue limits, so a reader that stalls still overflows the queue.
void ws_session::on_rest_written(error_code error, bool with_close) {
  write_in_flight_ = false;
  {
    std::lock_guard lock(queue_lock_);
    release_locked(backlog_->frames);
  }
  backlog_.reset();
  if (error) return on_write_failed(error);
  if (with_close) return after_close_written();
  drain();
}

void ws_session::release_locked(std::vector<ws::OutgoingFrame>& frames) {
  for (const auto& item : frames) queue_.release(item.frame->size());
  frames.clear();
}

void ws_session::queue_control(ControlFrame kind, std::string_view payload) {
  const auto header = encode_control_frame_header(kind, payload.size());
  if (!control_out_) control_out_ = std::make_unique<std::string>();
  control_out_->append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
  control_out_->append(payload);
}

// The peer is gone or stuck: cut the socket, which also ends the read side (and so
// reports the close).
void ws_session::on_write_failed(error_code error) {
  {
    std::lock_guard lock(queue_lock_);
    closing_ = true;
    drain_scheduled_ = false;
    queue_.discard_pending();
  }
  if (!is_ordinary_disconnect(error)) log_line("info", id(), "websocket write: " + error.message());
  close_socket();
}

}  // namespace quest_live::net
