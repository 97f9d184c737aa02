#include "hub.hpp"

#include <algorithm>
#include <cstdio>

#include "app_stream.hpp"
#include "listener.hpp"
#include "ws_session.hpp"

namespace quest_live::net {

namespace asio = boost::asio;

// How often graceful shutdown looks whether every WebSocket has finished closing.
constexpr std::chrono::milliseconds drain_poll_interval{20};

Server::Hub::Hub(ServerConfig server_config)
    : config(std::move(server_config)), io(std::make_unique<asio::io_context>()) {}

const StaticMount* Server::Hub::static_mount_for(std::string_view path) const {
  for (const auto& mount : static_mounts) {
    if (path.substr(0, mount.url_prefix.size()) == mount.url_prefix) return &mount;
  }
  return nullptr;
}

bool Server::Hub::try_reserve_websocket_slot() {
  auto current = websocket_slots_.load();
  do {
    if (current >= config.max_connections) return false;
  } while (!websocket_slots_.compare_exchange_weak(current, current + 1));
  return true;
}

void Server::Hub::release_websocket_slot() { websocket_slots_.fetch_sub(1); }

void Server::Hub::request_stop() {
  if (stopping.exchange(true)) return;
  asio::post(*io, [self = shared_from_this()] { self->begin_shutdown(); });
}

void Server::Hub::track_session(const std::shared_ptr<ws_session>& session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.emplace(session.get(), session);
}

void Server::Hub::untrack_session(ws_session* session) {
  std::lock_guard lock(sessions_mutex_);
  sessions_.erase(session);
  memory_trimmer.note_release();
}

bool Server::Hub::post_from_any_thread(std::function<void()> task) {
  std::lock_guard lock(io_guard_);
  if (io_released_ || !io) return false;
  asio::post(*io, std::move(task));
  return true;
}

void Server::Hub::track_stream(const std::shared_ptr<app_stream>& stream) {
  std::lock_guard lock(streams_mutex_);
  streams_.emplace(stream.get(), stream);
}

void Server::Hub::untrack_stream(app_stream* stream) {
  std::lock_guard lock(streams_mutex_);
  streams_.erase(stream);
  memory_trimmer.note_release();
}

std::string Server::Hub::next_request_id() {
  char text[20];
  const auto number = request_counter_.fetch_add(1, std::memory_order_relaxed) + 1;
  std::snprintf(text, sizeof text, "req-%llx", static_cast<unsigned long long>(number));
  return text;
}

void Server::Hub::release_io_objects() {
  {
    std::lock_guard lock(io_guard_);
    io_released_ = true;
  }
  std::vector<std::shared_ptr<ws_session>> alive;
  {
    std::lock_guard lock(sessions_mutex_);
    for (const auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) alive.push_back(std::move(session));
    }
  }
  for (const auto& session : alive) session->detach_from_io();
  alive.clear();  // may run session destructors, which untrack themselves
  acceptor.reset();
  signals.reset();
  drain_timer_.reset();
  idle_sweep_timer_.reset();
  memory_trim_timer_.reset();
  work.reset();
  io.reset();
}

void Server::Hub::begin_shutdown() {
  if (acceptor) acceptor->stop();
  if (idle_sweep_timer_) idle_sweep_timer_->cancel();
  if (memory_trim_timer_) memory_trim_timer_->cancel();
  if (signals) signals->cancel();
  manager.close_all(close_code::going_away, "server shutting down");
  std::vector<std::shared_ptr<app_stream>> open_streams;
  {
    std::lock_guard lock(streams_mutex_);
    for (const auto& [raw, weak] : streams_) {
      if (auto stream = weak.lock()) open_streams.push_back(std::move(stream));
    }
  }
  for (const auto& stream : open_streams) stream->close();  // final chunk after what is queued
  drain_timer_.emplace(*io);
  wait_for_drain(std::chrono::steady_clock::now() + config.shutdown_drain_timeout);
}

// Ticks eight times per idle_timeout, so a ping goes out between 1/2 and 5/8 of it and an
// idle close between 1 and 9/8 of it.
void Server::Hub::start_idle_sweep() {
  if (config.idle_timeout.count() <= 0) return;
  idle_sweep_timer_.emplace(*io);
  sweep_idle();
}

void Server::Hub::sweep_idle() {
  const auto interval = std::max(config.idle_timeout / 8, std::chrono::milliseconds(5));
  idle_sweep_timer_->expires_after(interval);
  idle_sweep_timer_->async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error || self->stopping) return;
    const auto now = steady_now_ms();
    {
      std::lock_guard lock(self->sessions_mutex_);
      // A session untracks itself first thing in its destructor, under this mutex, so
      // every pointer here is alive while the lock is held.
      for (const auto& entry : self->sessions_) entry.first->check_idle(now);
    }
    self->sweep_idle();
  });
}

void Server::Hub::start_memory_trim() {
  if (config.memory_trim_interval.count() <= 0) return;
  memory_trim_timer_.emplace(*io);
  schedule_memory_trim();
}

void Server::Hub::schedule_memory_trim() {
  memory_trim_timer_->expires_after(config.memory_trim_interval);
  memory_trim_timer_->async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (error || self->stopping) return;
    self->memory_trimmer.trim_if_released();
    self->schedule_memory_trim();
  });
}

// Polls rather than counting completions: sessions finish on many strands, and a
// timer on the io_context is the simplest place that may call io->stop().
void Server::Hub::wait_for_drain(std::chrono::steady_clock::time_point deadline) {
  bool streams_open = false;
  {
    std::lock_guard lock(streams_mutex_);
    streams_open = !streams_.empty();
  }
  const bool drained = manager.size() == 0 && sessions_starting.load() == 0 &&
                       requests_in_flight.load() == 0 && !streams_open;
  if (drained || std::chrono::steady_clock::now() >= deadline) {
    work.reset();
    io->stop();
    return;
  }
  drain_timer_->expires_after(drain_poll_interval);
  drain_timer_->async_wait([self = shared_from_this(), deadline](boost::system::error_code) {
    self->wait_for_drain(deadline);
  });
}

}  // namespace quest_live::net
