// Presence tracker: who is on which topic, in the shapes phoenix.js `Presence` expects.
//
// An entry is (topic, key, owner) -> one meta object. The owner is whoever tracked it
// (the endpoint uses the connection id), so one key can hold several metas (one user,
// two tabs) and untrack_owner() cleans up a whole disconnected connection. Each tracked
// meta gets a fresh unique "phx_ref"; an update gives a new phx_ref and records the old
// one as "phx_ref_prev".
//
// Diffs are coalesced: changes to a topic collect in a pending diff that is published once
// per window (the first change schedules a flush through the Scheduler). A join and a leave
// of the same phx_ref inside one window cancel out. The window adapts to the topic: while
// changes keep coming (the first change after a flush arrives before the current window
// has passed again), each window is twice the last, up to `max_window`; the first change
// after a quiet window is flushed one base window later again. So a join storm costs every subscriber a
// handful of diffs however long the server takes to admit the joiners (each diff goes to
// every subscriber: with a fixed 30 ms window, a storm admitted over 5 s was ~170 diffs),
// while a quiet room still hears of a join within the base window. state_json() returns the *committed*
// state, the state as of the last published diff, so a joiner that gets state_json() now
// and every later diff ends up exact. state_json_for() adds the joiner's own unpublished
// metas, so a joiner sees itself in its first presence_state, as with Phoenix.
//
// Replicas (presence across nodes, see replicator.hpp): entries tracked on another node
// live here too, owned by "<node id>/<owner>" with the origin's phx_ref and meta, so
// list(), state_json() and the diffs to local clients include them. They change only
// through apply_remote / replace_remote / drop_remote, and those changes reach local
// clients through the same coalesced diffs. This node's own published changes are kept
// in a bounded journal (only once a listener is set) for the replicator to send on.
//
// Thread-safety: every member is safe from any thread; the publisher and the local change
// listener are called with no lock held.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "quest_live/channels/scheduler.hpp"

namespace quest_live::presence {

inline constexpr std::chrono::milliseconds default_diff_window{30};
// The longest a busy topic's window grows to: the most a change waits for its diff.
inline constexpr std::chrono::milliseconds default_max_diff_window{2000};

// Receives each coalesced diff: topic and {"joins": {...}, "leaves": {...}} as JSON.
using DiffPublisher = std::function<void(const std::string& topic, const std::string& diff_json)>;

struct PresenceEntry {
  std::string key;
  std::string owner;
  std::string phx_ref;
  std::string meta_json;  // the app's meta object plus phx_ref (and phx_ref_prev after update)
};

// One entry as replication carries it: the origin's owner, phx_ref and stamped meta.
struct ReplicatedEntry {
  std::string topic;
  std::string key;
  std::string owner;
  std::string phx_ref;
  std::string meta_json;  // includes phx_ref; for a leave it may be empty
};

// This node's changes published since the last take (joins then leaves: applying the joins
// first, then the leaves, reproduces them), and optionally the committed state after them.
struct LocalChanges {
  std::vector<ReplicatedEntry> joins;
  std::vector<ReplicatedEntry> leaves;
  std::optional<std::vector<ReplicatedEntry>> snapshot;
  bool overflowed = false;  // the journal overflowed and was cleared: a snapshot is included
};

// Journal bound: past this many unsent changes the journal is dropped for a snapshot.
inline constexpr std::size_t max_journaled_changes = 100'000;

class Presence : public std::enable_shared_from_this<Presence> {
 public:
  // Create with std::make_shared: scheduled flushes hold a weak reference.
  // `window` is the base window; `max_window` (at least `window`) bounds its growth.
  Presence(std::shared_ptr<channels::Scheduler> scheduler, DiffPublisher publisher,
           std::chrono::milliseconds window = default_diff_window,
           std::chrono::milliseconds max_window = default_max_diff_window);

  // Returns the new phx_ref, or nullopt if meta_json is not a JSON object or this owner
  // already tracks this key on this topic.
  std::optional<std::string> track(const std::string& topic, const std::string& key, const std::string& owner,
                                   std::string_view meta_json);
  // Replaces the meta; returns the new phx_ref, or nullopt if not tracked / not an object.
  std::optional<std::string> update(const std::string& topic, const std::string& key, const std::string& owner,
                                    std::string_view meta_json);
  bool untrack(const std::string& topic, const std::string& key, const std::string& owner);
  // Everything this owner tracks on one topic (a channel leave) or anywhere (disconnect).
  std::size_t untrack_owner(const std::string& topic, const std::string& owner);
  std::size_t untrack_owner(const std::string& owner);

  // Live entries of a topic, grouped by key in key order, metas in tracking order.
  std::vector<PresenceEntry> list(const std::string& topic) const;
  // The committed state as a presence_state payload: {key: {"metas": [...]}, ...}.
  // Built once per flush window and shared by every joiner in it.
  std::shared_ptr<const std::string> state_json(const std::string& topic);
  // What a joiner gets as presence_state: the committed state plus `owner`'s own metas on
  // this topic whose joins are not published yet. Phoenix pushes Presence.list right
  // after tracking, so a joiner sees itself at once; the published join that follows
  // carries the same phx_ref, which phoenix.js merges without duplicating. Those metas are
  // marked as shown: if one leaves before its join is published, the leave is published
  // (instead of cancelling the join), so this joiner's view stays exact too.
  // Cost: one copy of the shared committed state with the owner's metas spliced in.
  std::string state_json_for(const std::string& topic, const std::string& owner);

  // Publishes the topic's pending diff now, if it has one (the scheduled flush calls this).
  void flush(const std::string& topic);

  // --- Replication (used by Replicator) ---
  // Starts journaling this node's published changes; `listener` is called (no lock held,
  // on the flushing thread) after each flush that journaled some. Set once, before use.
  void set_local_change_listener(std::function<void()> listener);
  // Empties the journal; with `with_snapshot` (or after an overflow) also returns this
  // node's committed entries, consistent with the changes returned (taken under one lock).
  LocalChanges take_local_changes(bool with_snapshot);
  // Another node's published changes. A join of a phx_ref already held and a leave of an
  // unknown one are ignored, so applying a change twice is harmless.
  void apply_remote(const std::string& node, const std::vector<ReplicatedEntry>& joins,
                    const std::vector<ReplicatedEntry>& leaves);
  // Makes the node's replicas exactly `entries` (its full state), diffing against what is held.
  void replace_remote(const std::string& node, const std::vector<ReplicatedEntry>& entries);
  // Removes every replica of the node (it died or left); returns how many.
  std::size_t drop_remote(const std::string& node);
  std::size_t remote_entry_count(const std::string& node) const;

 private:
  struct Meta {
    std::uint64_t sequence;  // tracking order; also orders metas within a diff
    std::string owner;
    std::string phx_ref;
    std::string json;
    bool remote = false;  // a replica of another node's entry
  };
  struct KeyedMeta {
    std::string key;
    Meta meta;
    bool shown_in_state = false;  // a pending join some joiner already saw
  };
  // The committed state, built once per window, and where each key's metas array ends
  // (offset of its ']'), so a joiner's own metas can be spliced in without a rebuild.
  struct CommittedState {
    std::string json;
    std::vector<std::pair<std::string, std::size_t>> metas_end;  // sorted by key
  };
  struct TopicState {
    std::map<std::string, std::vector<Meta>> live;         // key -> metas
    std::map<std::uint64_t, KeyedMeta> pending_joins;       // by sequence
    std::map<std::uint64_t, KeyedMeta> pending_leaves;
    // phx_ref -> sequence of the replicas among pending_leaves, so one that comes back
    // inside the window (its node timed out, then resynced) cancels its leave.
    std::unordered_map<std::string, std::uint64_t> pending_remote_leaves;
    std::shared_ptr<const CommittedState> committed_cache;  // valid until the next flush
    bool flush_scheduled = false;
    // The adaptive window (see the top): the current one, and when the last flush ran.
    std::chrono::milliseconds window{0};
    std::optional<std::chrono::steady_clock::time_point> last_flush;
  };

  std::optional<std::string> insert_locked(const std::string& topic, const std::string& key,
                                           const std::string& owner, std::string_view meta_json,
                                           const std::string* previous_ref, bool& schedule);
  bool remove_locked(const std::string& topic, const std::string& key, const std::string& owner, bool& schedule);
  void note_change_locked(TopicState& state, bool& schedule);
  void erase_meta_locked(TopicState& state, const std::string& key, std::vector<Meta>& metas,
                         std::vector<Meta>::iterator meta, bool& schedule);
  bool insert_remote_locked(const std::string& node, const ReplicatedEntry& entry, std::vector<std::string>& touched);
  bool restore_left_replica_locked(TopicState& state, const std::string& node, const ReplicatedEntry& entry);
  bool remove_remote_locked(const std::string& node, const std::string& phx_ref, std::vector<std::string>& touched);
  bool journal_locked(const std::string& topic, const TopicState& state);
  std::vector<ReplicatedEntry> local_committed_locked() const;
  void schedule_flushes(const std::vector<std::string>& topics);
  void schedule_flush(const std::string& topic);
  std::chrono::milliseconds next_window_locked(const std::string& topic);
  std::shared_ptr<const CommittedState> committed_locked(TopicState& state) const;
  std::vector<std::pair<std::string, const std::string*>> show_own_pending_locked(TopicState& state,
                                                                                  const std::string& topic,
                                                                                  const std::string& owner);

  std::shared_ptr<channels::Scheduler> scheduler_;
  DiffPublisher publisher_;
  std::chrono::milliseconds window_;      // the base window
  std::chrono::milliseconds max_window_;  // what a busy topic's window grows to at most

  mutable std::mutex mutex_;
  std::unordered_map<std::string, TopicState> topics_;
  std::unordered_map<std::string, std::set<std::pair<std::string, std::string>>> owned_;  // owner -> (topic, key)
  std::uint64_t next_sequence_ = 1;
  std::string node_prefix_;  // random per tracker, keeps phx_refs unique across nodes

  // Replicas by node: phx_ref -> (topic, key).
  std::unordered_map<std::string, std::unordered_map<std::string, std::pair<std::string, std::string>>> remote_;
  std::function<void()> local_change_listener_;
  bool journaling_ = false;
  bool journal_overflowed_ = false;
  std::vector<ReplicatedEntry> journal_joins_;
  std::vector<ReplicatedEntry> journal_leaves_;
};

}  // namespace quest_live::presence
