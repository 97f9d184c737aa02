#include "quest_live/pubsub/pubsub.hpp"

#include <type_traits>
#include <utility>

namespace quest_live::pubsub {

// One topic's subscribers. The lists are shared with broadcasts in flight (copy on write);
// the slot vectors say which id owns each entry, so unsubscribe can fix up the entry it
// swaps into a hole. Both are touched only under PubSub::mutex_.
struct PubSub::Topic {
  std::string name;
  std::shared_ptr<ConnectionList> connections = std::make_shared<ConnectionList>();
  std::vector<std::uint32_t> connection_slots;
  std::shared_ptr<CallbackList> callbacks = std::make_shared<CallbackList>();
  std::vector<std::uint32_t> callback_slots;

  std::size_t size() const { return connections->size() + callbacks->size(); }
};

namespace {

constexpr std::uint64_t slot_bits = 32;

// Copy on write: a broadcast in flight keeps reading the list it took, so edit a copy.
// use_count() is exact here: readers take and drop lists only under the caller's lock
// (see release()), so a count of 1 means every earlier reader has finished.
template <typename List>
List& writable(std::shared_ptr<List>& list) {
  if (list.use_count() > 1) list = std::make_shared<List>(*list);
  return *list;
}

// The hot loop of a fan-out: one virtual send per subscriber, the same Frame for all.
// Connections live all over the heap and the loop would stall on each one's first cache
// line (its vtable pointer), so it prefetches a few entries ahead.
std::size_t send_to_all(const std::vector<ConnectionPtr>& connections, std::size_t skip, const Frame& frame) {
  constexpr std::size_t prefetch_ahead = 8;
  const std::size_t count = connections.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (i + prefetch_ahead < count) __builtin_prefetch(connections[i + prefetch_ahead].get());
    if (i != skip) connections[i]->send(frame);
  }
  return skip < count ? count - 1 : count;
}

std::size_t call_all(const std::vector<std::shared_ptr<Callback>>& callbacks, std::size_t skip,
                     const Broadcast& message) {
  std::size_t reached = 0;
  for (std::size_t i = 0; i < callbacks.size(); ++i) {
    if (i == skip) continue;
    try {
      (*callbacks[i])(message);
    } catch (...) {
      // One failing in-process subscriber must not starve the others.
    }
    ++reached;
  }
  return reached;
}

}  // namespace

PubSub::PubSub(std::shared_ptr<PubSubAdapter> adapter) : adapter_(std::move(adapter)) {
  if (!adapter_) adapter_ = std::make_shared<LocalAdapter>();
  // Remote broadcasts exclude nobody here: the excluded sender lives on its own node.
  adapter_->attach([this](const BroadcastPtr& message) { deliver_locally(message, 0); });
}

PubSub::~PubSub() = default;

SubscriptionId PubSub::subscribe(const std::string& topic, ConnectionPtr connection) {
  return add<ConnectionList>(topic, std::move(connection));
}

SubscriptionId PubSub::subscribe(const std::string& topic, Callback callback) {
  return add<CallbackList>(topic, std::make_shared<Callback>(std::move(callback)));
}

template <typename List, typename Entry>
SubscriptionId PubSub::add(const std::string& topic_name, Entry entry) {
  constexpr bool is_callback = std::is_same_v<List, CallbackList>;
  std::lock_guard lock(mutex_);
  Topic& topic = topic_locked(topic_name);
  const std::uint32_t slot = allocate_slot_locked();
  auto& list = [&]() -> List& {
    if constexpr (is_callback) return writable(topic.callbacks);
    else return writable(topic.connections);
  }();
  auto& owners = is_callback ? topic.callback_slots : topic.connection_slots;
  slots_[slot].topic = &topic;
  slots_[slot].index = static_cast<std::uint32_t>(list.size());
  slots_[slot].is_callback = is_callback;
  list.push_back(std::move(entry));
  owners.push_back(slot);
  return (static_cast<SubscriptionId>(slots_[slot].generation) << slot_bits) | (slot + 1);
}

PubSub::Topic& PubSub::topic_locked(const std::string& name) {
  auto found = topics_.find(name);
  if (found != topics_.end()) return *found->second;
  auto topic = std::make_unique<Topic>();
  topic->name = name;
  Topic& added = *topic;
  topics_.emplace(added.name, std::move(topic));
  return added;
}

std::uint32_t PubSub::allocate_slot_locked() {
  if (!free_slots_.empty()) {
    const std::uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  slots_.emplace_back();
  return static_cast<std::uint32_t>(slots_.size() - 1);
}

// The slot `id` names while that subscription is live; slots_.size() otherwise (id 0, an id
// never issued, or one already unsubscribed: its slot is free or its generation moved on).
std::size_t PubSub::live_slot_locked(SubscriptionId id) const {
  const std::uint64_t slot = (id & ((std::uint64_t{1} << slot_bits) - 1)) - 1;  // id 0 wraps past the end
  if (slot >= slots_.size()) return slots_.size();
  const Slot& entry = slots_[slot];
  return entry.topic && entry.generation == (id >> slot_bits) ? slot : slots_.size();
}

bool PubSub::unsubscribe(SubscriptionId id) {
  ConnectionPtr removed_connection;  // released after unlocking: it may be the last owner
  std::shared_ptr<Callback> removed_callback;
  std::unique_ptr<Topic> emptied;
  std::lock_guard lock(mutex_);
  const std::size_t slot = live_slot_locked(id);
  if (slot == slots_.size()) return false;
  Slot& entry = slots_[slot];
  Topic& topic = *entry.topic;
  // Delivery order between subscribers carries no meaning, so the last entry fills the hole.
  auto remove_at = [&](auto& list, std::vector<std::uint32_t>& owners, auto& removed) {
    removed = std::move(list[entry.index]);
    list[entry.index] = std::move(list.back());
    list.pop_back();
    owners[entry.index] = owners.back();
    owners.pop_back();
    if (entry.index < owners.size()) slots_[owners[entry.index]].index = entry.index;
  };
  if (entry.is_callback) {
    remove_at(writable(topic.callbacks), topic.callback_slots, removed_callback);
  } else {
    remove_at(writable(topic.connections), topic.connection_slots, removed_connection);
  }
  entry.topic = nullptr;
  ++entry.generation;
  free_slots_.push_back(static_cast<std::uint32_t>(slot));
  if (topic.size() == 0) {
    auto found = topics_.find(topic.name);
    emptied = std::move(found->second);
    topics_.erase(found);
  }
  return true;
}

PubSub::Recipients PubSub::recipients(const std::string& topic_name, SubscriptionId except) const {
  Recipients recipients;
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic_name);
  if (found == topics_.end()) return recipients;
  const Topic& topic = *found->second;
  recipients.connections = topic.connections;
  recipients.callbacks = topic.callbacks;
  const std::size_t slot = live_slot_locked(except);
  if (slot < slots_.size() && slots_[slot].topic == &topic) {
    const Slot& entry = slots_[slot];
    (entry.is_callback ? recipients.skip_callback : recipients.skip_connection) = entry.index;
  }
  return recipients;
}

std::size_t PubSub::broadcast(const BroadcastPtr& message, SubscriptionId except) {
  const std::size_t reached = deliver_locally(message, except);
  adapter_->forward(message);
  return reached;
}

std::size_t PubSub::broadcast_local(const BroadcastPtr& message, SubscriptionId except) {
  return deliver_locally(message, except);
}

// Linear in the topic's subscribers; runs with no lock held while sending.
std::size_t PubSub::deliver_locally(const BroadcastPtr& message, SubscriptionId except) {
  Recipients to = recipients(message->topic, except);
  std::size_t reached = 0;
  if (to.connections) reached += send_to_all(*to.connections, to.skip_connection, message->frame);
  if (to.callbacks) reached += call_all(*to.callbacks, to.skip_callback, *message);
  release(to);
  return reached;
}

// Lists are dropped under the lock, so the mutex orders this reader's accesses before any
// in-place edit by a writer that then sees use_count() == 1. A list nobody else holds any
// more (the topic moved on to a copy) is freed after unlocking, with any connection only
// it kept alive.
void PubSub::release(Recipients& recipients) const {
  std::lock_guard lock(mutex_);
  if (recipients.connections.use_count() > 1) recipients.connections.reset();
  if (recipients.callbacks.use_count() > 1) recipients.callbacks.reset();
}

std::size_t PubSub::subscriber_count(const std::string& topic) const {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  return found == topics_.end() ? 0 : found->second->size();
}

}  // namespace quest_live::pubsub
