// Broadcasts between nodes through a real Redis server (hiredis's async API on Asio).
//
// Each node (one process, one ChannelEndpoint) creates one RedisAdapter and hands it to
// ChannelEndpoint::create. It keeps two connections to Redis: a publisher (PUBLISH) and
// a subscriber (SUBSCRIBE to `channel`), both driven by one Asio io_context on one thread
// the adapter owns, and both reconnecting with exponential backoff after a failure. All
// nodes of one application share `channel`; every message carries its origin node id, so
// a broadcast reaches every other node once and never comes back to its origin (the
// origin delivered it locally already). Per node, broadcasts are published in the order
// forward() was called, through one connection, so every node receives one node's
// broadcasts on a topic in publish order.
//
// Outgoing queue (bounded: max_queued_messages and max_queued_bytes; a message counts
// from forward() until Redis has answered its PUBLISH): while the publisher is
// disconnected, broadcasts wait in it and go out after the reconnect; a broadcast that
// would overflow it is dropped (the newest is refused, so what is queued keeps its order)
// and counted in stats().dropped. A PUBLISH in flight when the connection breaks is not
// retried (at most once: Redis may or may not have taken it).
//
// What a Redis outage loses: Redis pub/sub stores nothing, so a message published while
// some node's subscriber is disconnected never reaches that node. Broadcasts made on a
// node during the outage are queued (bounded) and published once its publisher is back;
// other nodes receive them only if their subscriber has resubscribed by then.
//
// Control messages (the ControlChannel interface: publish_control/on_control, and
// on_joined after each (re)subscribe) ride the same channel for engine-level replication
// (native/presence's cross-node presence, wired by ChannelEndpoint).
//
// Thread-safety: every member is safe from any thread. Callbacks (the attach sink and
// on_control) run on the adapter's thread. The destructor stops the thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "quest_live/pubsub/control_channel.hpp"
#include "quest_live/pubsub/pubsub.hpp"

namespace quest_live::pubsub {

// "redis://[[user]:password@]host[:port][/db]"; port 6379 by default. Throws
// std::invalid_argument naming what is wrong. The db number is accepted and ignored:
// Redis pub/sub channels are not per database.
struct RedisAddress {
  std::string host;
  std::uint16_t port = 6379;
  std::string password;  // empty: no AUTH
};
RedisAddress parse_redis_url(std::string_view url);

struct RedisConfig {
  std::string url = "redis://127.0.0.1:6379";
  std::string channel = "quest_live";  // shared by every node of one application
  std::string node_id;                 // empty: a random id (a UUID)
  std::size_t max_queued_messages = 10'000;
  std::size_t max_queued_bytes = 16u << 20;
  std::chrono::milliseconds reconnect_min{50};  // the first retry; doubles per failure
  std::chrono::milliseconds reconnect_max{2'000};
  // One line per connect, disconnect and overflow burst. Default: standard error.
  std::function<void(std::string_view line)> log;
};

struct RedisStats {
  std::uint64_t published = 0;      // PUBLISH commands Redis acknowledged
  std::uint64_t received = 0;       // messages from other nodes delivered here
  std::uint64_t own_skipped = 0;    // this node's own messages seen on the channel
  std::uint64_t dropped = 0;        // refused by the full outgoing queue
  std::uint64_t lost_in_flight = 0;  // PUBLISH commands cut by a disconnect
  std::uint64_t connects = 0;       // successful connects, both connections
  std::size_t queued = 0;           // now waiting or in flight
  bool publisher_connected = false;
  bool subscribed = false;
};

class RedisAdapter final : public PubSubAdapter, public ControlChannel {
 public:
  // Starts the adapter's thread and connects in the background (failures are retried;
  // only a malformed url throws, std::invalid_argument).
  static std::shared_ptr<RedisAdapter> create(RedisConfig config);
  ~RedisAdapter() override;
  RedisAdapter(const RedisAdapter&) = delete;
  RedisAdapter& operator=(const RedisAdapter&) = delete;

  void forward(const BroadcastPtr& message) override;
  void attach(std::function<void(const BroadcastPtr&)> deliver_locally) override;

  // Replication traffic for other engine parts: `kind` names the receiver.
  void publish_control(std::string_view kind, std::string_view body) override;
  void on_control(ControlHandler handler) override;
  void on_joined(std::function<void()> handler) override;
  bool joined() const override;

  const std::string& node_id() const override;
  RedisStats stats() const;
  // True once the publisher is connected and the subscriber subscribed, false if that
  // did not happen within `timeout` (for startup and tests).
  bool wait_until_ready(std::chrono::milliseconds timeout) const;

  struct Impl;
  explicit RedisAdapter(std::shared_ptr<Impl> impl);

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace quest_live::pubsub
