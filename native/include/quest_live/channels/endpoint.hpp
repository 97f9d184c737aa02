// A Phoenix Channels V2 endpoint (e.g. "/socket"): the protocol state of every connection
// on that path, routing by topic pattern, replies, pushes, broadcasts and presence.
//
// The transport feeds it: on_open when a WebSocket opens, on_text/on_binary per message,
// on_close when it is gone. The endpoint answers only through Connection::send/close.
// One endpoint is shared by all connections of its path.
//
// Thread-safety: every member is safe from any thread. Frames of ONE connection must be
// fed in order and not concurrently (a strand per connection does that). Critical sections
// are short; no lock is held while calling a Connection, a handler or the pub/sub.
// Malformed input is answered as documented in native/channels/README.md and never
// affects another connection.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "quest_live/channels/handlers.hpp"
#include "quest_live/channels/scheduler.hpp"
#include "quest_live/channels/serializer.hpp"
#include "quest_live/channels/topic_pattern.hpp"
#include "quest_live/connection.hpp"
#include "quest_live/presence/presence.hpp"
#include "quest_live/presence/replicator.hpp"
#include "quest_live/pubsub/pubsub.hpp"

namespace quest_live::channels {

// Close code for a connection that exceeded its event rate (see EventRateLimit).
inline constexpr std::uint16_t rate_limited_close_code = 4029;

// A token bucket per connection over every text frame it sends (heartbeats included):
// `burst` frames at once, refilled at `per_second`. The first frame over the limit gets an
// error reply {"reason":"rate limit exceeded"} (when it has a ref and topic) and the
// connection is closed with 4029 "rate limit exceeded". per_second == 0: no limit.
struct EventRateLimit {
  double per_second = 100;
  double burst = 200;
};

struct EndpointOptions {
  // Where the endpoint is mounted; phoenix.js connects to `path + "/websocket"`, so
  // `new Socket("/ws")` needs the default. The transport routes websocket_path().
  std::string path = "/ws";
  std::size_t max_frame_bytes = default_max_frame_bytes;  // larger frames: close 1009
  std::size_t max_channels_per_connection = 100;           // then "too many channels joined"
  EventRateLimit rate_limit;
  // How long an async join or event may stay unanswered (then "join timed out" /
  // "timeout"); zero: no limit. Phoenix clients give up on a push after 10 s by default.
  std::chrono::milliseconds reply_timeout{10'000};
  // Frames a client may send on a topic whose join is still undecided (held in order).
  std::size_t max_held_messages = 64;
  // presence_diff coalescing: the base window, and the most a busy topic's window grows
  // to (it doubles while changes keep coming; see presence.hpp).
  std::chrono::milliseconds presence_window = presence::default_diff_window;
  std::chrono::milliseconds presence_max_window = presence::default_max_diff_window;
  // Used when the adapter is also a pubsub::ControlChannel (the RedisAdapter): presence is
  // then replicated across nodes (native/presence/README.md), and each node sends its own
  // presence_diff to its own clients (diffs are not forwarded through the adapter).
  presence::ReplicationOptions presence_replication;
  // Where protocol errors are reported (one line each, with the connection id).
  // Default: standard error.
  std::function<void(std::string_view line)> log;

  std::string websocket_path() const { return path + "/websocket"; }
};

namespace detail {
struct ConnectionState;
class TopicNames;
class ReplyDeadlines;
struct Route {
  TopicPattern pattern;
  ChannelHandlers handlers;
};
// The registry is a set of states found by connection id (heterogeneous lookup), so the
// 36-character id is never copied: its key is the connection's own id().
struct StateIdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const noexcept;
  std::size_t operator()(const std::shared_ptr<ConnectionState>& state) const noexcept;
};
struct StateIdEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, const std::shared_ptr<ConnectionState>& b) const noexcept;
  bool operator()(const std::shared_ptr<ConnectionState>& a, std::string_view b) const noexcept;
  bool operator()(const std::shared_ptr<ConnectionState>& a, const std::shared_ptr<ConnectionState>& b) const noexcept;
};
}  // namespace detail

class ChannelEndpoint : public std::enable_shared_from_this<ChannelEndpoint> {
 public:
  // `scheduler` runs presence flushes; `adapter` carries broadcasts to other nodes (and
  // presence, when it is a pubsub::ControlChannel).
  static std::shared_ptr<ChannelEndpoint> create(
      std::shared_ptr<Scheduler> scheduler, EndpointOptions options = {},
      std::shared_ptr<pubsub::PubSubAdapter> adapter = std::make_shared<pubsub::LocalAdapter>());

  // Routes are tried in the order added; the first match wins. Add them before serving.
  // Throws std::invalid_argument unless exactly one of join / join_async is set and at
  // most one of event / event_async.
  void add_channel(std::string pattern, ChannelHandlers handlers);

  // Transport callbacks. on_text/on_binary register an unknown connection implicitly, so
  // a transport must not feed frames of a connection after its on_close.
  void on_open(const ConnectionPtr& connection);
  void on_text(const ConnectionPtr& connection, std::string_view frame);
  void on_binary(const ConnectionPtr& connection, std::string_view frame);
  void on_close(const std::string& connection_id);

  // Server-initiated messages. push returns false if that connection has not joined topic.
  bool push(const std::string& connection_id, const std::string& topic, std::string_view event,
            std::string_view payload_json);
  std::size_t broadcast(const std::string& topic, std::string_view event, std::string_view payload_json);
  // Everyone subscribed to topic except that connection's channel instance.
  std::size_t broadcast_from(const std::string& connection_id, const std::string& topic,
                             std::string_view event, std::string_view payload_json);
  // Ends one channel instance from the server side: the client gets phx_close, no rejoin.
  bool close_channel(const std::string& connection_id, const std::string& topic);

  std::size_t connection_count() const;
  const EndpointOptions& options() const { return options_; }
  pubsub::PubSub& pubsub() { return *pubsub_; }
  presence::Presence& presence() { return *presence_; }
  // Null unless the adapter replicates presence (see EndpointOptions::presence_replication).
  presence::Replicator* presence_replicator() { return replicator_.get(); }

  // Private to the implementation; public only for std::make_shared.
  struct Token {};
  ChannelEndpoint(Token, std::shared_ptr<Scheduler> scheduler, EndpointOptions options,
                  std::shared_ptr<pubsub::PubSubAdapter> adapter);

 private:
  friend class ChannelContext;
  friend class EndpointDispatch;

  std::shared_ptr<detail::ConnectionState> state_of(const ConnectionPtr& connection);
  std::shared_ptr<detail::ConnectionState> find_state(std::string_view connection_id) const;
  const detail::Route* find_route(std::string_view topic) const;
  // Guards one connection's channel list and the phase and backlog of its instances;
  // several connections share each mutex. Never held while taking another.
  std::mutex& lock_for(const Connection& connection) const;
  void log(std::string_view what, const std::string& connection_id) const;

  EndpointOptions options_;
  std::shared_ptr<Scheduler> scheduler_;  // presence flushes and reply timeouts
  std::shared_ptr<detail::ReplyDeadlines> deadlines_;  // of asynchronous joins and events
  std::shared_ptr<pubsub::PubSub> pubsub_;
  std::shared_ptr<presence::Presence> presence_;
  std::shared_ptr<detail::TopicNames> topic_names_;
  std::shared_ptr<presence::Replicator> replicator_;  // after presence_: destroyed first

  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<const detail::Route>> routes_;
  std::unordered_set<std::shared_ptr<detail::ConnectionState>, detail::StateIdHash, detail::StateIdEqual> connections_;
  mutable std::array<std::mutex, 32> state_locks_;
};

}  // namespace quest_live::channels
