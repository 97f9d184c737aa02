#include "quest_live/presence/presence.hpp"

#include <algorithm>
#include <random>

#include "meta_json.hpp"
#include "state_json.hpp"

namespace quest_live::presence {
namespace {

using detail::GroupedMetas;
using detail::JsonWriter;

std::string random_node_prefix() {
  std::random_device device;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string prefix;
  for (int i = 0; i < 8; ++i) prefix += "0123456789abcdef"[digit(device)];
  return prefix + '.';
}

template <typename PendingMap>
GroupedMetas group_pending(const PendingMap& pending) {
  GroupedMetas grouped;
  for (const auto& [sequence, keyed] : pending) grouped[keyed.key].emplace_back(sequence, &keyed.meta.json);
  return grouped;
}

}  // namespace

Presence::Presence(std::shared_ptr<channels::Scheduler> scheduler, DiffPublisher publisher,
                   std::chrono::milliseconds window, std::chrono::milliseconds max_window)
    : scheduler_(std::move(scheduler)),
      publisher_(std::move(publisher)),
      window_(window),
      max_window_(std::max(window, max_window)),
      node_prefix_(random_node_prefix()) {}

std::optional<std::string> Presence::track(const std::string& topic, const std::string& key,
                                           const std::string& owner, std::string_view meta_json) {
  bool schedule = false;
  std::optional<std::string> ref;
  {
    std::lock_guard lock(mutex_);
    ref = insert_locked(topic, key, owner, meta_json, nullptr, schedule);
  }
  if (schedule) schedule_flush(topic);
  return ref;
}

// An update is a leave of the old meta and a join of the new one, in the same diff.
std::optional<std::string> Presence::update(const std::string& topic, const std::string& key,
                                            const std::string& owner, std::string_view meta_json) {
  if (!detail::normalize_meta(meta_json)) return std::nullopt;
  bool schedule = false;
  std::optional<std::string> ref;
  {
    std::lock_guard lock(mutex_);
    auto topic_state = topics_.find(topic);
    if (topic_state == topics_.end()) return std::nullopt;
    auto metas = topic_state->second.live.find(key);
    if (metas == topic_state->second.live.end()) return std::nullopt;
    auto mine = std::find_if(metas->second.begin(), metas->second.end(),
                             [&](const Meta& meta) { return meta.owner == owner; });
    if (mine == metas->second.end()) return std::nullopt;
    const std::string previous_ref = mine->phx_ref;
    remove_locked(topic, key, owner, schedule);
    ref = insert_locked(topic, key, owner, meta_json, &previous_ref, schedule);
  }
  if (schedule) schedule_flush(topic);
  return ref;
}

bool Presence::untrack(const std::string& topic, const std::string& key, const std::string& owner) {
  bool schedule = false;
  bool removed = false;
  {
    std::lock_guard lock(mutex_);
    removed = remove_locked(topic, key, owner, schedule);
  }
  if (schedule) schedule_flush(topic);
  return removed;
}

std::size_t Presence::untrack_owner(const std::string& topic, const std::string& owner) {
  std::size_t removed = 0;
  bool schedule = false;
  {
    std::lock_guard lock(mutex_);
    auto owned = owned_.find(owner);
    if (owned == owned_.end()) return 0;
    std::vector<std::string> keys;
    for (const auto& [owned_topic, key] : owned->second) {
      if (owned_topic == topic) keys.push_back(key);
    }
    for (const auto& key : keys) removed += remove_locked(topic, key, owner, schedule) ? 1 : 0;
  }
  if (schedule) schedule_flush(topic);
  return removed;
}

std::size_t Presence::untrack_owner(const std::string& owner) {
  std::vector<std::string> topics_to_flush;
  std::size_t removed = 0;
  {
    std::lock_guard lock(mutex_);
    auto owned = owned_.find(owner);
    if (owned == owned_.end()) return 0;
    const auto entries = owned->second;  // remove_locked edits the set
    for (const auto& [topic, key] : entries) {
      bool schedule = false;
      removed += remove_locked(topic, key, owner, schedule) ? 1 : 0;
      if (schedule) topics_to_flush.push_back(topic);
    }
  }
  for (const auto& topic : topics_to_flush) schedule_flush(topic);
  return removed;
}

std::vector<PresenceEntry> Presence::list(const std::string& topic) const {
  std::vector<PresenceEntry> entries;
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  if (found == topics_.end()) return entries;
  for (const auto& [key, metas] : found->second.live) {
    for (const auto& meta : metas) entries.push_back({key, meta.owner, meta.phx_ref, meta.json});
  }
  return entries;
}

std::shared_ptr<const std::string> Presence::state_json(const std::string& topic) {
  static const auto empty_state = std::make_shared<const std::string>("{}");
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  if (found == topics_.end()) return empty_state;
  auto committed = committed_locked(found->second);
  return std::shared_ptr<const std::string>(committed, &committed->json);
}

std::string Presence::state_json_for(const std::string& topic, const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto found = topics_.find(topic);
  if (found == topics_.end()) return "{}";
  auto committed = committed_locked(found->second);
  const auto own = show_own_pending_locked(found->second, topic, owner);
  if (own.empty()) return committed->json;
  return detail::splice_metas(committed->json, committed->metas_end, own);
}

// (key, meta JSON) of the owner's metas on this topic whose joins are still pending.
std::vector<std::pair<std::string, const std::string*>> Presence::show_own_pending_locked(
    TopicState& state, const std::string& topic, const std::string& owner) {
  std::vector<std::pair<std::string, const std::string*>> own;
  auto owned = owned_.find(owner);
  if (owned == owned_.end()) return own;
  for (const auto& [owned_topic, key] : owned->second) {
    if (owned_topic != topic) continue;
    auto live = state.live.find(key);
    if (live == state.live.end()) continue;
    const auto& metas = live->second;
    auto mine = std::find_if(metas.begin(), metas.end(), [&](const Meta& meta) { return meta.owner == owner; });
    if (mine == metas.end()) continue;
    auto pending = state.pending_joins.find(mine->sequence);
    if (pending == state.pending_joins.end()) continue;  // already committed
    pending->second.shown_in_state = true;
    own.emplace_back(key, &pending->second.meta.json);
  }
  return own;
}

void Presence::flush(const std::string& topic) {
  std::string diff;
  std::function<void()> listener;
  {
    std::lock_guard lock(mutex_);
    auto found = topics_.find(topic);
    if (found == topics_.end()) return;
    TopicState& state = found->second;
    state.flush_scheduled = false;
    state.last_flush = std::chrono::steady_clock::now();
    if (!state.pending_joins.empty() || !state.pending_leaves.empty()) {
      rapidjson::StringBuffer buffer;
      JsonWriter writer(buffer);
      writer.StartObject();
      writer.Key("joins");
      auto joins = group_pending(state.pending_joins);
      detail::write_grouped(writer, buffer, joins);
      writer.Key("leaves");
      auto leaves = group_pending(state.pending_leaves);
      detail::write_grouped(writer, buffer, leaves);
      writer.EndObject();
      diff.assign(buffer.GetString(), buffer.GetSize());
      if (journaling_ && journal_locked(topic, state)) listener = local_change_listener_;
      state.pending_joins.clear();
      state.pending_leaves.clear();
      state.pending_remote_leaves.clear();
      state.committed_cache.reset();
    }
    if (state.live.empty()) topics_.erase(found);
  }
  if (!diff.empty()) publisher_(topic, diff);
  if (listener) listener();
}

std::optional<std::string> Presence::insert_locked(const std::string& topic, const std::string& key,
                                                   const std::string& owner, std::string_view meta_json,
                                                   const std::string* previous_ref, bool& schedule) {
  auto& owned = owned_[owner];
  if (owned.count({topic, key})) return std::nullopt;
  auto normalized = detail::normalize_meta(meta_json);
  if (!normalized) {
    if (owned.empty()) owned_.erase(owner);
    return std::nullopt;
  }
  const std::uint64_t sequence = next_sequence_++;
  Meta meta{sequence, owner, node_prefix_ + std::to_string(sequence), {}};
  meta.json = detail::stamp_meta(*normalized, meta.phx_ref, previous_ref);
  TopicState& state = topics_[topic];
  state.live[key].push_back(meta);
  state.pending_joins.emplace(sequence, KeyedMeta{key, meta});
  owned.insert({topic, key});
  note_change_locked(state, schedule);
  return meta.phx_ref;
}

bool Presence::remove_locked(const std::string& topic, const std::string& key, const std::string& owner,
                             bool& schedule) {
  auto topic_state = topics_.find(topic);
  if (topic_state == topics_.end()) return false;
  TopicState& state = topic_state->second;
  auto metas = state.live.find(key);
  if (metas == state.live.end()) return false;
  auto mine = std::find_if(metas->second.begin(), metas->second.end(),
                           [&](const Meta& meta) { return meta.owner == owner; });
  if (mine == metas->second.end()) return false;
  erase_meta_locked(state, key, metas->second, mine, schedule);
  auto owned = owned_.find(owner);
  owned->second.erase({topic, key});
  if (owned->second.empty()) owned_.erase(owned);
  return true;
}

// A leave of a meta whose join is still pending cancels that join, unless a joiner was
// shown it (state_json_for): then the leave is published, and the join is dropped.
// Erases the key too when it was its last meta (`metas` is then dangling).
void Presence::erase_meta_locked(TopicState& state, const std::string& key, std::vector<Meta>& metas,
                                 std::vector<Meta>::iterator position, bool& schedule) {
  Meta meta = std::move(*position);
  metas.erase(position);
  if (metas.empty()) state.live.erase(key);
  auto pending = state.pending_joins.find(meta.sequence);
  const bool unseen_join = pending != state.pending_joins.end() && !pending->second.shown_in_state;
  if (pending != state.pending_joins.end()) state.pending_joins.erase(pending);
  if (!unseen_join) {
    const auto sequence = meta.sequence;
    if (meta.remote) state.pending_remote_leaves.emplace(meta.phx_ref, sequence);
    state.pending_leaves.emplace(sequence, KeyedMeta{key, std::move(meta)});
  }
  note_change_locked(state, schedule);
}

void Presence::note_change_locked(TopicState& state, bool& schedule) {
  if (state.flush_scheduled) return;
  state.flush_scheduled = true;
  schedule = true;
}

void Presence::schedule_flush(const std::string& topic) {
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(mutex_);
    delay = next_window_locked(topic);
  }
  std::weak_ptr<Presence> weak = weak_from_this();
  scheduler_->run_after(delay, [weak, topic] {
    if (auto self = weak.lock()) self->flush(topic);
  });
}

// The window of the flush being scheduled: doubled (up to max_window_) when this topic
// changed again before a quiet window had passed since its last flush, else the base
// window. Measured against the current window, not the base one: a server admitting a
// storm's joiners on one busy thread pauses now and then for longer than a base window
// (while it writes the diff to every subscriber), which must not count as the storm's end.
// A topic that went empty was erased by its flush, so it starts from the base window.
std::chrono::milliseconds Presence::next_window_locked(const std::string& topic) {
  auto found = topics_.find(topic);
  if (found == topics_.end()) return window_;
  TopicState& state = found->second;
  const bool busy = state.last_flush && state.window.count() > 0 &&
                    std::chrono::steady_clock::now() - *state.last_flush < state.window;
  state.window = busy ? std::min(state.window * 2, max_window_) : window_;
  return state.window;
}

// The state as of the last flush: live entries minus unpublished joins, plus unpublished
// leaves. Built once per window and shared by every joiner in it.
std::shared_ptr<const Presence::CommittedState> Presence::committed_locked(TopicState& state) const {
  if (state.committed_cache) return state.committed_cache;
  GroupedMetas grouped;
  for (const auto& [key, metas] : state.live) {
    for (const auto& meta : metas) {
      if (!state.pending_joins.count(meta.sequence)) grouped[key].emplace_back(meta.sequence, &meta.json);
    }
  }
  for (const auto& [sequence, keyed] : state.pending_leaves) grouped[keyed.key].emplace_back(sequence, &keyed.meta.json);
  auto committed = std::make_shared<CommittedState>();
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  detail::write_grouped(writer, buffer, grouped, &committed->metas_end);
  committed->json.assign(buffer.GetString(), buffer.GetSize());
  state.committed_cache = committed;
  return committed;
}

}  // namespace quest_live::presence
