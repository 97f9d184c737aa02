// Replicator: the ordered outgoing stream (pump), the per-node receive rules, the tick
// (heartbeat and failure detection). Policies are in the header.
#include "quest_live/presence/replicator.hpp"

#include <iostream>
#include <random>
#include <stdexcept>

#include "replication_wire.hpp"

namespace quest_live::presence {
namespace {

std::string random_incarnation() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string id;
  for (int i = 0; i < 16; ++i) id += "0123456789abcdef"[digit(device)];
  return id;
}

}  // namespace

std::shared_ptr<Replicator> Replicator::start(std::shared_ptr<Presence> presence,
                                              std::shared_ptr<pubsub::ControlChannel> channel,
                                              std::shared_ptr<channels::Scheduler> scheduler,
                                              ReplicationOptions options) {
  if (options.heartbeat_interval.count() <= 0 || options.heartbeat_timeout <= options.heartbeat_interval) {
    throw std::invalid_argument("presence replication: heartbeat_timeout must exceed a positive heartbeat_interval");
  }
  if (!options.log) options.log = [](std::string_view line) { std::cerr << line << '\n'; };
  auto self = std::make_shared<Replicator>(Token{}, std::move(presence), std::move(channel), std::move(scheduler),
                                           std::move(options));
  std::weak_ptr<Replicator> weak = self;
  self->presence_->set_local_change_listener([weak] {
    if (auto replicator = weak.lock()) replicator->pump();
  });
  self->channel_->on_control([weak](std::string_view origin, std::string_view kind, std::string_view body) {
    if (kind != wire::control_kind) return;
    if (auto replicator = weak.lock()) replicator->receive(origin, body);
  });
  self->channel_->on_joined([weak] {
    if (auto replicator = weak.lock()) replicator->on_joined();
  });
  {
    std::lock_guard lock(self->mutex_);
    self->heartbeat_due_ = true;
  }
  self->pump();
  self->schedule_tick();
  // Subscribed before on_joined was installed: ask everyone now.
  if (self->channel_->joined()) self->on_joined();
  return self;
}

Replicator::Replicator(Token, std::shared_ptr<Presence> presence, std::shared_ptr<pubsub::ControlChannel> channel,
                       std::shared_ptr<channels::Scheduler> scheduler, ReplicationOptions options)
    : presence_(std::move(presence)),
      channel_(std::move(channel)),
      scheduler_(std::move(scheduler)),
      options_(std::move(options)),
      incarnation_(random_incarnation()) {}

void Replicator::say_goodbye() {
  {
    std::lock_guard lock(mutex_);
    goodbye_due_ = true;
  }
  pump();
}

std::vector<std::string> Replicator::remote_nodes() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& [id, node] : nodes_) ids.push_back(id);
  return ids;
}

// The single drainer: whoever finds it idle sends everything due, in order (journal
// delta, then the state that follows it, then the heartbeat), and loops while more was
// asked meanwhile. Nothing is locked while publishing.
void Replicator::pump() {
  {
    std::lock_guard lock(mutex_);
    if (pumping_) {
      pump_again_ = true;
      return;
    }
    pumping_ = true;
  }
  for (;;) {
    bool snapshot = false, heartbeat = false, goodbye = false;
    std::vector<std::string> syncs;
    {
      std::lock_guard lock(mutex_);
      pump_again_ = false;
      snapshot = std::exchange(snapshot_wanted_, false);
      heartbeat = std::exchange(heartbeat_due_, false);
      goodbye = std::exchange(goodbye_due_, false);
      syncs.swap(sync_requests_);
    }
    try {
      send_due(snapshot, heartbeat, goodbye, syncs);
    } catch (const std::exception& error) {  // pump runs in flushes and handlers: nothing escapes
      options_.log(std::string("[presence] sending replication failed: ") + error.what());
    }
    std::lock_guard lock(mutex_);
    if (!pump_again_) {
      pumping_ = false;
      return;
    }
  }
}

void Replicator::send_due(bool snapshot, bool heartbeat, bool goodbye, const std::vector<std::string>& syncs) {
  LocalChanges changes = presence_->take_local_changes(snapshot);
  if (!changes.joins.empty() || !changes.leaves.empty()) {
    channel_->publish_control(wire::control_kind, wire::encode_delta(incarnation_, ++seq_, changes));
  }
  if (changes.overflowed) ++seq_;  // deltas were lost: the state below covers them
  if (changes.snapshot) {
    channel_->publish_control(wire::control_kind, wire::encode_state(incarnation_, seq_, *changes.snapshot));
  }
  for (const auto& to : syncs) channel_->publish_control(wire::control_kind, wire::encode_sync(to));
  if (heartbeat) channel_->publish_control(wire::control_kind, wire::encode_heartbeat(incarnation_, seq_));
  if (goodbye) channel_->publish_control(wire::control_kind, wire::encode_goodbye(incarnation_));
}

// On the channel's thread. A malformed body is logged and dropped.
void Replicator::receive(std::string_view origin, std::string_view body) {
  std::string error;
  auto message = wire::decode(body, error);
  if (!message) {
    options_.log("[presence] ignored a replication message from " + std::string(origin) + ": " + error);
    return;
  }
  bool send = false;
  {
    std::lock_guard lock(mutex_);
    if (message->type == wire::Type::sync) {
      if (message->to == "*" || message->to == channel_->node_id()) snapshot_wanted_ = true;
    } else {
      handle_locked(std::string(origin), *message);
    }
    send = snapshot_wanted_ || !sync_requests_.empty();
  }
  if (send) pump();
}

// The per-origin rules (see the header). Presence calls here take its own lock after
// ours, and the presence never calls back into us with its lock held.
void Replicator::handle_locked(const std::string& origin, const wire::Message& message) {
  auto found = nodes_.find(origin);
  if (found == nodes_.end()) {
    if (message.type == wire::Type::goodbye) return;
    if (nodes_.size() >= options_.max_remote_nodes) {
      if (!std::exchange(too_many_nodes_logged_, true)) {
        options_.log("[presence] more than " + std::to_string(options_.max_remote_nodes) +
                     " nodes: ignoring node " + origin);
      }
      return;
    }
    found = nodes_.emplace(origin, RemoteNode{}).first;
    found->second.incarnation = message.incarnation;
    options_.log("[presence] node " + origin + " seen");
  }
  RemoteNode& node = found->second;
  node.last_heard = std::chrono::steady_clock::now();
  if (node.incarnation != message.incarnation) {
    // Restarted under the same id: what it held died with the old process.
    options_.log("[presence] node " + origin + " restarted");
    presence_->drop_remote(origin);
    node = RemoteNode{message.incarnation, 0, false, node.last_heard, {}};
  }
  switch (message.type) {
    case wire::Type::goodbye:
      presence_->drop_remote(origin);
      nodes_.erase(found);
      options_.log("[presence] node " + origin + " left");
      return;
    case wire::Type::state:
      if (node.synced && message.seq < node.seq) return;  // older than what we hold
      presence_->replace_remote(origin, message.joins);
      node.seq = message.seq;
      node.synced = true;
      return;
    case wire::Type::delta:
      if (node.synced && message.seq == node.seq + 1) {
        presence_->apply_remote(origin, message.joins, message.leaves);
        node.seq = message.seq;
      } else if (!node.synced || message.seq > node.seq) {
        node.synced = false;
        ask_for_state_locked(origin, node);
      }
      return;
    case wire::Type::heartbeat:
      if (!node.synced || message.seq > node.seq) {
        node.synced = false;
        ask_for_state_locked(origin, node);
      }
      return;
    case wire::Type::sync:
      return;  // handled by receive()
  }
}

void Replicator::ask_for_state_locked(const std::string& origin, RemoteNode& node) {
  const auto now = std::chrono::steady_clock::now();
  if (node.asked_for_state != std::chrono::steady_clock::time_point{} &&
      now - node.asked_for_state < options_.heartbeat_interval) {
    return;
  }
  node.asked_for_state = now;
  sync_requests_.push_back(origin);
}

// After every (re)subscribe anything may have been missed: ask everyone, and restart the
// silence clocks (nobody could be heard while we were away).
void Replicator::on_joined() {
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    for (auto& [id, node] : nodes_) node.last_heard = now;
    sync_requests_.push_back("*");
    heartbeat_due_ = true;
  }
  pump();
}

// While unsubscribed (a Redis outage) no heartbeat is queued: a long outage would fill the
// adapter's bounded queue with stale heartbeats. on_joined sends one at once instead.
void Replicator::tick() {
  {
    std::lock_guard lock(mutex_);
    if (!channel_->joined()) return;
    heartbeat_due_ = true;
    expire_silent_nodes_locked();
  }
  pump();
}

void Replicator::expire_silent_nodes_locked() {
  const auto now = std::chrono::steady_clock::now();
  for (auto node = nodes_.begin(); node != nodes_.end();) {
    if (now - node->second.last_heard <= options_.heartbeat_timeout) {
      ++node;
      continue;
    }
    const std::size_t dropped = presence_->drop_remote(node->first);
    options_.log("[presence] node " + node->first + " silent for " +
                 std::to_string(options_.heartbeat_timeout.count()) + " ms: dropped its " + std::to_string(dropped) +
                 " entries");
    node = nodes_.erase(node);
  }
}

// The tick holds a weak reference only: a destroyed Replicator schedules nothing more.
void Replicator::schedule_tick() {
  std::weak_ptr<Replicator> weak = weak_from_this();
  scheduler_->run_after(options_.heartbeat_interval, [weak] {
    auto self = weak.lock();
    if (!self) return;
    try {
      self->tick();
    } catch (const std::exception& error) {
      self->options_.log(std::string("[presence] replication tick failed: ") + error.what());
    }
    self->schedule_tick();
  });
}

}  // namespace quest_live::presence
