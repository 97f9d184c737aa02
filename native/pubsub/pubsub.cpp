#include "quest_live/pubsub/pubsub.hpp"

#include <algorithm>
#include <utility>

namespace quest_live::pubsub {

PubSub::PubSub(std::shared_ptr<PubSubAdapter> adapter) : adapter_(std::move(adapter)) {
  if (!adapter_) adapter_ = std::make_shared<LocalAdapter>();
  // Remote broadcasts exclude nobody here: the excluded sender lives on its own node.
  adapter_->attach([this](const BroadcastPtr& message) { deliver_locally(message, 0); });
}

SubscriptionId PubSub::subscribe(const std::string& topic, ConnectionPtr connection) {
  return add(topic, Subscriber{0, std::move(connection), nullptr});
}

SubscriptionId PubSub::subscribe(const std::string& topic, Callback callback) {
  return add(topic, Subscriber{0, nullptr, std::make_shared<Callback>(std::move(callback))});
}

SubscriptionId PubSub::add(const std::string& topic, Subscriber subscriber) {
  std::lock_guard lock(mutex_);
  const SubscriptionId id = next_id_++;
  subscriber.id = id;
  writable_list(topic).push_back(std::move(subscriber));
  topic_of_.emplace(id, topic);
  return id;
}

bool PubSub::unsubscribe(SubscriptionId id) {
  std::shared_ptr<SubscriberList> emptied;  // these two are released after unlocking
  Subscriber removed;
  std::lock_guard lock(mutex_);
  auto found = topic_of_.find(id);
  if (found == topic_of_.end()) return false;
  const std::string topic = std::move(found->second);
  topic_of_.erase(found);
  SubscriberList& list = writable_list(topic);
  auto position = std::find_if(list.begin(), list.end(), [id](const Subscriber& s) { return s.id == id; });
  // Delivery order between subscribers carries no meaning, so swap-and-pop.
  std::swap(*position, list.back());
  removed = std::move(list.back());
  list.pop_back();
  if (list.empty()) {
    auto entry = topics_.find(topic);
    emptied = std::move(entry->second);
    topics_.erase(entry);
  }
  return true;
}

// Copy on write: a broadcast in flight keeps reading the list it took; edit a fresh copy.
// A list nobody else holds is edited in place. Caller holds mutex_.
PubSub::SubscriberList& PubSub::writable_list(const std::string& topic) {
  auto& list = topics_[topic];
  if (!list) {
    list = std::make_shared<SubscriberList>();
  } else if (list.use_count() > 1) {
    list = std::make_shared<SubscriberList>(*list);
  }
  return *list;
}

std::shared_ptr<const PubSub::SubscriberList> PubSub::snapshot(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  return found == topics_.end() ? nullptr : found->second;
}

std::size_t PubSub::broadcast(const BroadcastPtr& message, SubscriptionId except) {
  const std::size_t reached = deliver_locally(message, except);
  adapter_->forward(message);
  return reached;
}

// Linear in the topic's subscribers; runs with no lock held while sending.
std::size_t PubSub::deliver_locally(const BroadcastPtr& message, SubscriptionId except) {
  auto subscribers = snapshot(message->topic);
  if (!subscribers) return 0;
  std::size_t reached = 0;
  for (const auto& subscriber : *subscribers) {
    if (subscriber.id == except) continue;
    if (subscriber.connection) {
      subscriber.connection->send(message->frame);
    } else {
      try {
        (*subscriber.callback)(*message);
      } catch (...) {
        // One failing in-process subscriber must not starve the others.
      }
    }
    ++reached;
  }
  release(std::move(subscribers));
  return reached;
}

// Snapshots are taken and dropped only under the lock, so when writable_list() sees a
// use_count of 1 every earlier reader has finished, in a way the mutex orders for us.
void PubSub::release(std::shared_ptr<const SubscriberList> list) const {
  std::unique_lock lock(mutex_);
  if (list.use_count() > 1) {
    list.reset();
    return;
  }
  lock.unlock();
  // The last reference (the map moved on to a copy): free it, and any connection only it
  // kept alive, without the lock.
}

std::size_t PubSub::subscriber_count(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  return found == topics_.end() ? 0 : found->second->size();
}

}  // namespace quest_live::pubsub
