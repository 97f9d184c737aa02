// Presence's replication hooks: other nodes' entries held as replicas, and the journal of
// this node's own published changes (see presence.hpp and replicator.hpp).
#include <algorithm>

#include "quest_live/presence/presence.hpp"

namespace quest_live::presence {

void Presence::set_local_change_listener(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  local_change_listener_ = std::move(listener);
  journaling_ = static_cast<bool>(local_change_listener_);
}

// Called by flush with the diff it is about to publish: only this node's own entries go
// to the journal (replicas are published by their origin). Bounded: past the limit the
// journal is dropped and the next take returns a snapshot instead.
bool Presence::journal_locked(const std::string& topic, const TopicState& state) {
  bool journaled = false;
  auto record = [&](const KeyedMeta& keyed, std::vector<ReplicatedEntry>& into) {
    if (keyed.meta.remote) return;
    journaled = true;
    if (journal_overflowed_) return;
    into.push_back({topic, keyed.key, keyed.meta.owner, keyed.meta.phx_ref, keyed.meta.json});
  };
  for (const auto& [sequence, keyed] : state.pending_joins) record(keyed, journal_joins_);
  for (const auto& [sequence, keyed] : state.pending_leaves) record(keyed, journal_leaves_);
  if (journal_joins_.size() + journal_leaves_.size() > max_journaled_changes) {
    journal_overflowed_ = true;
    journal_joins_.clear();
    journal_leaves_.clear();
  }
  return journaled;
}

LocalChanges Presence::take_local_changes(bool with_snapshot) {
  LocalChanges changes;
  std::lock_guard lock(mutex_);
  changes.overflowed = std::exchange(journal_overflowed_, false);
  changes.joins.swap(journal_joins_);
  changes.leaves.swap(journal_leaves_);
  if (with_snapshot || changes.overflowed) changes.snapshot = local_committed_locked();
  return changes;
}

// This node's entries as of the last flush of each topic: live minus pending joins, plus
// pending leaves (the same view state_json() gives joiners). Linear in all entries.
std::vector<ReplicatedEntry> Presence::local_committed_locked() const {
  std::vector<ReplicatedEntry> entries;
  for (const auto& [topic, state] : topics_) {
    for (const auto& [key, metas] : state.live) {
      for (const auto& meta : metas) {
        if (meta.remote || state.pending_joins.count(meta.sequence)) continue;
        entries.push_back({topic, key, meta.owner, meta.phx_ref, meta.json});
      }
    }
    for (const auto& [sequence, keyed] : state.pending_leaves) {
      if (keyed.meta.remote) continue;
      entries.push_back({topic, keyed.key, keyed.meta.owner, keyed.meta.phx_ref, keyed.meta.json});
    }
  }
  return entries;
}

void Presence::apply_remote(const std::string& node, const std::vector<ReplicatedEntry>& joins,
                            const std::vector<ReplicatedEntry>& leaves) {
  std::vector<std::string> touched;
  {
    std::lock_guard lock(mutex_);
    for (const auto& join : joins) insert_remote_locked(node, join, touched);
    for (const auto& leave : leaves) remove_remote_locked(node, leave.phx_ref, touched);
  }
  schedule_flushes(touched);
}

void Presence::replace_remote(const std::string& node, const std::vector<ReplicatedEntry>& entries) {
  std::vector<std::string> touched;
  {
    std::lock_guard lock(mutex_);
    std::unordered_map<std::string_view, const ReplicatedEntry*> wanted;
    for (const auto& entry : entries) wanted.emplace(entry.phx_ref, &entry);
    std::vector<std::string> gone;
    if (auto held = remote_.find(node); held != remote_.end()) {
      for (const auto& [ref, where] : held->second) {
        if (!wanted.count(ref)) gone.push_back(ref);
      }
    }
    for (const auto& ref : gone) remove_remote_locked(node, ref, touched);
    for (const auto& entry : entries) insert_remote_locked(node, entry, touched);
  }
  schedule_flushes(touched);
}

std::size_t Presence::drop_remote(const std::string& node) {
  std::vector<std::string> touched;
  std::size_t dropped = 0;
  {
    std::lock_guard lock(mutex_);
    auto held = remote_.find(node);
    if (held == remote_.end()) return 0;
    std::vector<std::string> refs;
    for (const auto& [ref, where] : held->second) refs.push_back(ref);
    for (const auto& ref : refs) dropped += remove_remote_locked(node, ref, touched) ? 1 : 0;
  }
  schedule_flushes(touched);
  return dropped;
}

std::size_t Presence::remote_entry_count(const std::string& node) const {
  std::lock_guard lock(mutex_);
  auto held = remote_.find(node);
  return held == remote_.end() ? 0 : held->second.size();
}

// `touched` collects the topics whose flush must be scheduled (each once).
bool Presence::insert_remote_locked(const std::string& node, const ReplicatedEntry& entry,
                                    std::vector<std::string>& touched) {
  auto& held = remote_[node];
  if (held.count(entry.phx_ref)) return false;
  TopicState& state = topics_[entry.topic];
  if (restore_left_replica_locked(state, node, entry)) {
    held.emplace(entry.phx_ref, std::make_pair(entry.topic, entry.key));
    return true;
  }
  const std::uint64_t sequence = next_sequence_++;
  Meta meta{sequence, node + '/' + entry.owner, entry.phx_ref, entry.meta_json, true};
  state.live[entry.key].push_back(meta);
  state.pending_joins.emplace(sequence, KeyedMeta{entry.key, std::move(meta)});
  held.emplace(entry.phx_ref, std::make_pair(entry.topic, entry.key));
  bool schedule = false;
  note_change_locked(state, schedule);
  if (schedule) touched.push_back(entry.topic);
  return true;
}

// A replica that left and comes back inside one window (its node timed out, then resynced
// the same entries) must not be published as both a leave and a join of one phx_ref:
// phoenix.js applies a diff's joins before its leaves, so its clients would drop the entry
// while it is listed here. The two cancel instead, and the entry is live again with its
// old sequence (which orders it among the key's metas when published), as if it never left.
bool Presence::restore_left_replica_locked(TopicState& state, const std::string& node,
                                           const ReplicatedEntry& entry) {
  auto left = state.pending_remote_leaves.find(entry.phx_ref);
  if (left == state.pending_remote_leaves.end()) return false;
  auto leave = state.pending_leaves.find(left->second);
  if (leave == state.pending_leaves.end() || leave->second.key != entry.key ||
      leave->second.meta.owner != node + '/' + entry.owner || leave->second.meta.json != entry.meta_json) {
    return false;  // a different entry under a reused ref: publish both as they are
  }
  state.live[entry.key].push_back(std::move(leave->second.meta));
  state.pending_leaves.erase(leave);
  state.pending_remote_leaves.erase(left);
  return true;
}

bool Presence::remove_remote_locked(const std::string& node, const std::string& phx_ref,
                                    std::vector<std::string>& touched) {
  auto held = remote_.find(node);
  if (held == remote_.end()) return false;
  auto where = held->second.find(phx_ref);
  if (where == held->second.end()) return false;
  const auto [topic, key] = where->second;
  held->second.erase(where);
  if (held->second.empty()) remote_.erase(held);
  auto topic_state = topics_.find(topic);
  if (topic_state == topics_.end()) return false;
  TopicState& state = topic_state->second;
  auto metas = state.live.find(key);
  if (metas == state.live.end()) return false;
  auto meta = std::find_if(metas->second.begin(), metas->second.end(),
                           [&](const Meta& m) { return m.remote && m.phx_ref == phx_ref; });
  if (meta == metas->second.end()) return false;
  bool schedule = false;
  erase_meta_locked(state, key, metas->second, meta, schedule);
  if (schedule) touched.push_back(topic);
  return true;
}

void Presence::schedule_flushes(const std::vector<std::string>& topics) {
  for (const auto& topic : topics) schedule_flush(topic);
}

}  // namespace quest_live::presence
