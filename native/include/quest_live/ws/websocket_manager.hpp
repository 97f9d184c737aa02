// WebSocketManager: the registry of live WebSocket connections and the handlers that
// react to them.
//
// Owns: the per-path handler table, a registry of open connections by id and by path,
// and the slow-consumer counter. It does not own sockets: the server (native/net)
// registers a connection after the handshake and unregisters it once it is closed.
//
// Threading: every member function may be called from any thread. Handlers run on the
// connection's own strand (an I/O thread), one at a time per connection; keep them short.
// Broadcasts snapshot the recipients under the registry lock, release it, then queue the
// same immutable Frame on each recipient: cost is linear in recipients, nobody waits for
// a slow one, and no lock is held while a handler or a send runs.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quest_live/ws/websocket_connection.hpp"

namespace quest_live::ws {

// What an application does with connections on one path. Every member is optional.
// A handler that throws is caught; the error goes to on_error and the log, and the
// connection carries on.
struct WebSocketHandlers {
  std::function<void(const WebSocketConnectionPtr&)> on_open;
  std::function<void(const WebSocketConnectionPtr&, std::string_view data, FrameKind kind)>
      on_message;
  // Called once per opened connection, with the peer's close code and reason when the
  // peer closed cleanly, or the code the server closed with (1006 if the link dropped).
  std::function<void(const WebSocketConnectionPtr&, std::uint16_t code, std::string_view reason)>
      on_close;
  std::function<void(const WebSocketConnectionPtr&, std::string_view what)> on_error;
};

class WebSocketManager {
 public:
  using Predicate = std::function<bool(const WebSocketConnection&)>;

  // Serves WebSocket upgrades on `path` (exact match, e.g. "/socket/websocket").
  // Call before the server starts; replaces an earlier route for the same path.
  void route(std::string path, WebSocketHandlers handlers);
  // The handlers for `path`, or null when nothing is routed there. The pointer stays
  // valid for the manager's lifetime (routes are only added before serving).
  const WebSocketHandlers* handlers_for(std::string_view path) const;

  // Registry, maintained by the server.
  void add(const WebSocketConnectionPtr& connection);
  void remove(const std::string& id);

  WebSocketConnectionPtr find(const std::string& id) const;
  std::vector<WebSocketConnectionPtr> connections() const;
  std::vector<WebSocketConnectionPtr> connections_on(std::string_view path) const;
  std::size_t size() const;

  // Queue a frame for one connection. dropped when the id is unknown or closing.
  SendResult send(const std::string& id, Frame frame, FrameKind kind = FrameKind::text);
  SendResult send_text(const std::string& id, std::string text);
  SendResult send_binary(const std::string& id, std::string bytes);

  // Queue the same frame on every connection of `path` (or matching `predicate`).
  // Returns how many connections accepted it (ok or backpressure).
  std::size_t broadcast(std::string_view path, Frame frame, FrameKind kind = FrameKind::text);
  std::size_t broadcast_if(const Predicate& predicate, Frame frame,
                           FrameKind kind = FrameKind::text);

  bool close(const std::string& id, std::uint16_t code, std::string reason);
  void close_all(std::uint16_t code, const std::string& reason);

  // Connections closed with close_code::slow_consumer because their send queue
  // overflowed, since the manager was created.
  std::uint64_t slow_consumer_closes() const { return slow_consumer_closes_.load(); }
  void count_slow_consumer() { slow_consumer_closes_.fetch_add(1); }

 private:
  static std::size_t queue_on_each(const std::vector<WebSocketConnectionPtr>& recipients,
                                   const Frame& frame, FrameKind kind);

  std::unordered_map<std::string, std::unique_ptr<WebSocketHandlers>> routes_;
  mutable std::shared_mutex registry_mutex_;
  // Keyed by views of each connection's own id, which lives as long as the entry holds
  // the connection: no copy of the 36-byte id per index.
  std::unordered_map<std::string_view, WebSocketConnectionPtr> by_id_;
  std::unordered_map<std::string, std::unordered_map<std::string_view, WebSocketConnectionPtr>>
      by_path_;
  std::atomic<std::uint64_t> slow_consumer_closes_{0};
};

}  // namespace quest_live::ws
