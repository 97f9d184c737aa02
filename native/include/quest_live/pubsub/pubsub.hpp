// Topic -> subscribers, with one serialization per broadcast.
//
// Subscribers are either connections (a channel's subscription: the broadcast's Frame is
// queued on the connection as is) or in-process callbacks (they get the decoded parts
// too). The caller builds the Frame once; every connection subscriber receives the very
// same Frame pointer, never a copy.
//
// Thread-safety: every member is safe from any thread. The registry keeps, per topic, a
// subscriber list that broadcasts share (copy on write): broadcast takes it under the lock
// in O(1), unlocks, then sends. subscribe edits the list in place when no broadcast is
// using it (amortized O(1)) and copies it otherwise; unsubscribe is linear in the topic's
// subscribers. No lock is held while calling a Connection or a callback, so callbacks may
// subscribe, unsubscribe and broadcast.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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

  std::size_t subscriber_count(const std::string& topic) const;

 private:
  struct Subscriber {
    SubscriptionId id;
    ConnectionPtr connection;             // set for channel subscriptions
    std::shared_ptr<Callback> callback;   // set for in-process subscribers
  };
  using SubscriberList = std::vector<Subscriber>;

  SubscriptionId add(const std::string& topic, Subscriber subscriber);
  std::shared_ptr<const SubscriberList> snapshot(const std::string& topic) const;
  void release(std::shared_ptr<const SubscriberList> list) const;
  SubscriberList& writable_list(const std::string& topic);
  std::size_t deliver_locally(const BroadcastPtr& message, SubscriptionId except);

  mutable std::mutex mutex_;
  // Only this map holds a list that use_count() reports as 1: then no broadcast is reading it.
  std::unordered_map<std::string, std::shared_ptr<SubscriberList>> topics_;
  std::unordered_map<SubscriptionId, std::string> topic_of_;
  SubscriptionId next_id_ = 1;
  std::shared_ptr<PubSubAdapter> adapter_;
};

}  // namespace quest_live::pubsub
