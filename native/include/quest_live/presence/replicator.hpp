// Presence across nodes: replicates one node's Presence to the other nodes of the app
// through a ControlChannel (the RedisAdapter), and holds theirs as replicas.
//
// Outgoing, in one ordered stream per node (a single drainer, so no lock is held while
// publishing): a delta after each flush that published local changes (numbered by `seq`),
// a heartbeat every `heartbeat_interval` (while subscribed), this node's full committed state when some node
// asks for it (sync), and a goodbye from say_goodbye(). Incoming, per origin node: deltas
// are applied in seq order; a new node, a new incarnation (restart under the same id), or
// a gap in seq (a lost message, a Redis outage) makes this node ask that origin for its
// state (at most once per heartbeat interval) and ignore its deltas until the state
// arrives. On every (re)subscribe this node asks everyone ("*"), since it may have missed
// anything. A node silent for `heartbeat_timeout` while this node is subscribed is dead:
// its replicas are dropped, and local clients get the leaves in the usual coalesced diff.
// The clock pauses while this node itself is disconnected (then it is the one that cannot
// hear), and restarts from zero on the resubscribe.
//
// Owns: the per-node table (bounded by max_remote_nodes) and a periodic tick on the
// Scheduler that holds only a weak reference (it stops when the Replicator is destroyed).
// Destroying it sends nothing: to the others that looks like a crash, and they drop this
// node's entries after the timeout; call say_goodbye() first on a graceful shutdown.
//
// Thread-safety: every member is safe from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quest_live/channels/scheduler.hpp"
#include "quest_live/presence/presence.hpp"
#include "quest_live/pubsub/control_channel.hpp"

namespace quest_live::presence {

namespace wire {
struct Message;
}

struct ReplicationOptions {
  std::chrono::milliseconds heartbeat_interval{1'000};
  std::chrono::milliseconds heartbeat_timeout{5'000};
  std::size_t max_remote_nodes = 256;  // messages from further nodes are ignored (logged once)
  // One line per node seen, lost, resynced; default: standard error.
  std::function<void(std::string_view line)> log;
};

class Replicator : public std::enable_shared_from_this<Replicator> {
 public:
  // Takes over the channel's control and joined handlers and the presence's local change
  // listener. Throws std::invalid_argument if the timeout is not above the interval.
  static std::shared_ptr<Replicator> start(std::shared_ptr<Presence> presence,
                                           std::shared_ptr<pubsub::ControlChannel> channel,
                                           std::shared_ptr<channels::Scheduler> scheduler,
                                           ReplicationOptions options = {});

  // Tells the other nodes to drop this node's entries now (a graceful shutdown).
  void say_goodbye();
  // The other nodes this one currently holds replicas for or hears from.
  std::vector<std::string> remote_nodes() const;

  struct Token {};
  Replicator(Token, std::shared_ptr<Presence> presence, std::shared_ptr<pubsub::ControlChannel> channel,
             std::shared_ptr<channels::Scheduler> scheduler, ReplicationOptions options);

 private:
  struct RemoteNode {
    std::string incarnation;
    std::uint64_t seq = 0;
    bool synced = false;  // holds the node's state as of `seq`
    std::chrono::steady_clock::time_point last_heard;
    std::chrono::steady_clock::time_point asked_for_state{};
  };

  void receive(std::string_view origin, std::string_view body);
  void on_joined();
  void tick();
  void schedule_tick();
  void pump();
  void send_due(bool snapshot, bool heartbeat, bool goodbye, const std::vector<std::string>& syncs);
  // Under mutex_: decide, apply to the presence; a wanted sync is queued for pump().
  void handle_locked(const std::string& origin, const wire::Message& message);
  void ask_for_state_locked(const std::string& origin, RemoteNode& node);
  void expire_silent_nodes_locked();

  std::shared_ptr<Presence> presence_;
  std::shared_ptr<pubsub::ControlChannel> channel_;
  std::shared_ptr<channels::Scheduler> scheduler_;
  ReplicationOptions options_;
  const std::string incarnation_;

  mutable std::mutex mutex_;  // guards everything below; never held while publishing
  std::unordered_map<std::string, RemoteNode> nodes_;
  bool too_many_nodes_logged_ = false;
  // What the next pump() sends besides the journal.
  bool snapshot_wanted_ = false;
  bool heartbeat_due_ = false;
  bool goodbye_due_ = false;
  std::vector<std::string> sync_requests_;  // node ids or "*"
  bool pumping_ = false;
  bool pump_again_ = false;
  std::uint64_t seq_ = 0;  // only pump() touches it (one drainer at a time)
};

}  // namespace quest_live::presence
