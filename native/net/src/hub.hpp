// The state every session of one server shares, passed around by shared_ptr.
//
// Owns the io_context (by unique_ptr, so Server::wait() can destroy queued handlers —
// and the sessions they keep alive — while the hub itself still exists), the
// WebSocketManager, the static mounts, the upgrade hook and the connection-slot count.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "memory_trim.hpp"
#include "quest_live/net/server.hpp"

namespace quest_live::net {

class listener;
class ws_session;
class app_stream;

struct StaticMount {
  std::string url_prefix;  // starts and ends with '/'
  std::filesystem::path directory;
};

struct Server::Hub : std::enable_shared_from_this<Server::Hub> {
  explicit Hub(ServerConfig server_config);

  // Longest mount whose prefix starts `path`, or null.
  const StaticMount* static_mount_for(std::string_view path) const;

  // Connection slots bound max_connections; a session holds one for its lifetime.
  bool try_reserve_websocket_slot();
  void release_websocket_slot();

  // Every live ws_session, so release_io_objects() can detach their sockets from the
  // io_context before destroying it, even if application code still holds them.
  void track_session(const std::shared_ptr<ws_session>& session);
  void untrack_session(ws_session* session);

  // One timer for every connection's idle_timeout: each tick asks every session whether
  // a keep-alive ping or an idle close is due (linear in sessions, a few times per
  // idle_timeout). Started by Server::start().
  void start_idle_sweep();
  // Every memory_trim_interval, hands freed heap back to the OS when sessions closed
  // since the last tick (memory_trim.hpp). Started by Server::start().
  void start_memory_trim();

  // Posts `task` to the io_context from any thread (application threads answering a
  // request, writing a stream, deciding an upgrade). false, and `task` dropped, once the
  // io_context is being destroyed. The task's captures must not post again when they
  // are destroyed unrun (weak pointers and plain data only).
  bool post_from_any_thread(std::function<void()> task);

  // Open streamed responses, so a graceful stop can end them (their final chunk) and wait.
  void track_stream(const std::shared_ptr<app_stream>& stream);
  void untrack_stream(app_stream* stream);

  // A short unique id for one HTTP request (HttpRequest::request_id).
  std::string next_request_id();

  // Graceful stop; see Server::request_stop().
  void request_stop();
  // After the I/O threads ended: destroys every I/O object, then the io_context.
  void release_io_objects();

  const ServerConfig config;
  ws::WebSocketManager manager;
  std::vector<StaticMount> static_mounts;  // sorted longest prefix first
  UpgradeHook upgrade_hook;
  AsyncUpgradeHook async_upgrade_hook;
  HttpHandler request_handler;
  MemoryTrimmer memory_trimmer;

  std::unique_ptr<boost::asio::io_context> io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::shared_ptr<listener> acceptor;
  std::optional<boost::asio::signal_set> signals;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  // Upgrades whose 101 is being written, or whose session has not started on its strand:
  // graceful shutdown waits for them too, so they get their 1001 instead of a cut.
  std::atomic<std::size_t> sessions_starting{0};
  // Requests handed to the application and not yet answered on the socket: graceful
  // shutdown waits for them (up to the drain deadline) so answers given in time go out.
  std::atomic<std::size_t> requests_in_flight{0};

 private:
  void begin_shutdown();
  void wait_for_drain(std::chrono::steady_clock::time_point deadline);
  void sweep_idle();
  void schedule_memory_trim();

  std::atomic<std::size_t> websocket_slots_{0};
  std::mutex sessions_mutex_;
  std::unordered_map<ws_session*, std::weak_ptr<ws_session>> sessions_;
  std::optional<boost::asio::steady_timer> drain_timer_;
  std::optional<boost::asio::steady_timer> idle_sweep_timer_;
  std::optional<boost::asio::steady_timer> memory_trim_timer_;
  std::mutex io_guard_;        // post_from_any_thread() vs. the io_context's destruction
  bool io_released_ = false;   // guarded by io_guard_
  std::mutex streams_mutex_;
  std::unordered_map<app_stream*, std::weak_ptr<app_stream>> streams_;
  std::atomic<std::uint64_t> request_counter_{0};
};

}  // namespace quest_live::net
