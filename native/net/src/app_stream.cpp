#include "app_stream.hpp"

#include <cstdio>

#include "http_session.hpp"
#include "log.hpp"

namespace quest_live::net {
namespace {

void append_chunk(std::string& out, const std::string& data, bool chunked) {
  if (!chunked) {
    out += data;
    return;
  }
  char size_line[24];
  const int length = std::snprintf(size_line, sizeof size_line, "%zx\r\n", data.size());
  out.append(size_line, static_cast<std::size_t>(length));
  out += data;
  out += "\r\n";
}

}  // namespace

app_stream::app_stream(std::weak_ptr<Server::Hub> hub, std::weak_ptr<http_session> session,
                       std::size_t max_queue_bytes, bool chunked)
    : hub_(std::move(hub)), session_(std::move(session)), max_queue_bytes_(max_queue_bytes),
      chunked_(chunked) {}

app_stream::~app_stream() {
  if (auto hub = hub_.lock()) hub->untrack_stream(this);
}

bool app_stream::write(std::string chunk) {
  std::lock_guard lock(mutex_);
  if (state_ != State::open) return false;
  if (chunk.empty()) return true;  // an empty chunk would end a chunked body
  if (counted_bytes_ + chunk.size() > max_queue_bytes_) {
    overflowed_ = true;
    state_ = State::closing;
    queue_.clear();
    // Posted even when a drain is pending: that one may sit behind a write that will never
    // complete. The session sees overflowed() and cuts the connection.
    http_session::post_to(hub_, session_, [](http_session& session) { session.drain_stream(); });
    return false;
  }
  counted_bytes_ += chunk.size();
  queue_.push_back(std::move(chunk));
  post_drain_locked();
  return true;
}

void app_stream::close() {
  std::lock_guard lock(mutex_);
  if (state_ != State::open) return;
  state_ = State::closing;
  post_drain_locked();
}

bool app_stream::is_open() const {
  std::lock_guard lock(mutex_);
  return state_ == State::open;
}

void app_stream::on_close(std::function<void()> callback) {
  {
    std::lock_guard lock(mutex_);
    if (!finished_) {
      on_close_ = std::move(callback);
      return;
    }
  }
  if (callback) callback();  // ended already: run at once, on the caller's thread
}

void app_stream::post_drain_locked() {
  if (drain_posted_) return;
  drain_posted_ = true;
  http_session::post_to(hub_, session_, [](http_session& session) { session.drain_stream(); });
}

app_stream::Taken app_stream::take(std::string& out) {
  std::lock_guard lock(mutex_);
  drain_posted_ = false;
  Taken taken;
  for (const auto& chunk : queue_) {
    append_chunk(out, chunk, chunked_);
    taken.bytes += chunk.size();
  }
  queue_.clear();
  if (state_ == State::closing && !overflowed_) {
    taken.final = true;
    if (chunked_) out += "0\r\n\r\n";
  }
  return taken;
}

void app_stream::written(std::size_t bytes) {
  std::lock_guard lock(mutex_);
  counted_bytes_ -= std::min(bytes, counted_bytes_);
}

bool app_stream::overflowed() const {
  std::lock_guard lock(mutex_);
  return overflowed_;
}

void app_stream::finish() {
  std::function<void()> callback;
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    state_ = State::ended;
    queue_.clear();
    callback = std::move(on_close_);
  }
  if (auto hub = hub_.lock()) hub->untrack_stream(this);
  if (!callback) return;
  try {
    callback();
  } catch (const std::exception& error) {
    log_line("error", "http stream", std::string("on_close threw: ") + error.what());
  }
}

}  // namespace quest_live::net
