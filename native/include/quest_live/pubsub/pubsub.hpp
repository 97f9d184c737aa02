// Topic -> subscribers, with one serialization per broadcast.
//
// Subscribers are either connections (a channel's subscription: the broadcast's Frame is
// queued on the connection as is) or in-process callbacks (they get the decoded parts
// too). The caller builds the Frame once; every connection subscriber receives the very
// same Frame pointer, never a copy.
//
// Thread-safety: every member is safe from any thread. Per topic the registry keeps a
// plain vector of connections that broadcasts share (copy on write): broadcast takes it
// under the lock in O(1), unlocks, walks it, and drops it under the lock again (two lock
// acquisitions per broadcast, whatever its size). The walk takes no lock and does no
// per-subscriber allocation or reference counting (the only per-subscriber cost besides
// the Connection's own send is the Frame handed to it). subscribe and unsubscribe edit the vector in place
// when no broadcast holds it (amortized O(1); unsubscribe swaps the last entry into the
// hole) and copy it otherwise, so membership changes after a broadcast cost one copy.
// No lock is held while calling a Connection or a callback, so callbacks may subscribe,
// unsubscribe and broadcast.
//
// Memory: about 40 bytes per connection subscription (its vector entry, a back index and
// a slot in the id table); a topic's name is stored once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quest_live/connection.hpp"

namespace quest_live::pubsub {

// One broadcast as it travels: the parts, and the wire frame built from them once.
struct Broadcast {
  std::string topic;
  std::string event;
  std::string payload_json;
  Frame frame;  // the serialized frame every connection subscriber receives
};
using BroadcastPtr = std::shared_ptr<const Broadcast>;

using SubscriptionId = std::uint64_t;
using Callback = std::function<void(const Broadcast&)>;

// How broadcasts reach other nodes. The local adapter (default) reaches none; a Redis
// adapter would forward each local broadcast and feed remote ones into `attach`'s sink.
class PubSubAdapter {
 public:
  virtual ~PubSubAdapter() = default;
  // Called once per broadcast made on this node, after local delivery.
  virtual void forward(const BroadcastPtr& message) = 0;
  // Called once by PubSub: the adapter delivers remote broadcasts to this node through it.
  virtual void attach(std::function<void(const BroadcastPtr&)> deliver_locally) = 0;
};

class LocalAdapter final : public PubSubAdapter {
 public:
  void forward(const BroadcastPtr&) override {}
  void attach(std::function<void(const BroadcastPtr&)>) override {}
};

class PubSub {
 public:
  explicit PubSub(std::shared_ptr<PubSubAdapter> adapter = std::make_shared<LocalAdapter>());
  PubSub(const PubSub&) = delete;
  PubSub& operator=(const PubSub&) = delete;

  // The connection is held (shared) until unsubscribed.
  SubscriptionId subscribe(const std::string& topic, ConnectionPtr connection);
  SubscriptionId subscribe(const std::string& topic, Callback callback);
  // Returns false if the id is unknown (already unsubscribed).
  bool unsubscribe(SubscriptionId id);

  // Delivers to every subscriber of message->topic except `except` (0 = nobody excluded),
  // then forwards through the adapter. Returns how many local subscribers it reached.
  std::size_t broadcast(const BroadcastPtr& message, SubscriptionId except = 0);
  // Delivers to this node's subscribers only, never through the adapter (presence diffs
  // when presence is replicated: every node builds its own from its replicas).
  std::size_t broadcast_local(const BroadcastPtr& message, SubscriptionId except = 0);

  std::size_t subscriber_count(const std::string& topic) const;
  ~PubSub();

 private:
  using ConnectionList = std::vector<ConnectionPtr>;
  using CallbackList = std::vector<std::shared_ptr<Callback>>;
  struct Topic;
  // Where a SubscriptionId points: its topic and its index in that topic's list.
  struct Slot {
    Topic* topic = nullptr;  // null when the slot is free
    std::uint32_t index = 0;
    std::uint32_t generation = 0;  // bumped on free, so a stale id never matches a reused slot
    bool is_callback = false;
  };
  // What one broadcast reads: shared lists, plus the position to skip (the sender).
  struct Recipients {
    std::shared_ptr<const ConnectionList> connections;
    std::shared_ptr<const CallbackList> callbacks;
    std::size_t skip_connection = std::numeric_limits<std::size_t>::max();
    std::size_t skip_callback = std::numeric_limits<std::size_t>::max();
  };

  template <typename List, typename Entry>
  SubscriptionId add(const std::string& topic, Entry entry);
  Topic& topic_locked(const std::string& name);
  std::uint32_t allocate_slot_locked();
  std::size_t live_slot_locked(SubscriptionId id) const;
  Recipients recipients(const std::string& topic, SubscriptionId except) const;
  void release(Recipients& recipients) const;
  std::size_t deliver_locally(const BroadcastPtr& message, SubscriptionId except);

  mutable std::mutex mutex_;
  std::unordered_map<std::string_view, std::unique_ptr<Topic>> topics_;  // keys view Topic::name
  std::vector<Slot> slots_;  // SubscriptionId = generation << 32 | (slot index + 1)
  std::vector<std::uint32_t> free_slots_;
  std::shared_ptr<PubSubAdapter> adapter_;
};

}  // namespace quest_live::pubsub
