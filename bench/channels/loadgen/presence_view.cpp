#include "presence_view.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace loadgen {
namespace {

constexpr std::size_t not_dense = std::numeric_limits<std::size_t>::max();

std::uint32_t hash_ref(std::string_view ref) {
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : ref) hash = (hash ^ c) * 16777619u;
  return hash == 0 ? 1 : hash;
}

std::string_view as_view(const rapidjson::Value& value) {
  return {value.GetString(), value.GetStringLength()};
}

}  // namespace

PresenceView::PresenceView(std::size_t expected_users) : dense_(expected_users, 0) {}

void PresenceView::clear() {
  std::fill(dense_.begin(), dense_.end(), 0);
  overflow_.clear();
  key_count_ = 0;
}

void PresenceView::apply_state(const rapidjson::Value& state) {
  if (!state.IsObject()) {
    malformed_ = true;
    return;
  }
  clear();
  for (const auto& entry : state.GetObject()) join_metas(as_view(entry.name), entry.value);
  has_state_ = true;
  for (const auto& raw : pending_diffs_) {
    rapidjson::Document frame;
    frame.Parse(raw.data(), raw.size());
    if (!frame.HasParseError() && frame.IsArray() && frame.Size() == 5) apply_diff_now(frame[4]);
  }
  pending_diffs_.clear();
}

void PresenceView::apply_diff(const rapidjson::Value& diff, std::string_view raw_frame) {
  if (!has_state_) {
    pending_diffs_.emplace_back(raw_frame);
    return;
  }
  apply_diff_now(diff);
}

void PresenceView::apply_diff_now(const rapidjson::Value& diff) {
  if (!diff.IsObject() || !diff.HasMember("joins") || !diff.HasMember("leaves") ||
      !diff["joins"].IsObject() || !diff["leaves"].IsObject()) {
    malformed_ = true;
    return;
  }
  for (const auto& entry : diff["joins"].GetObject()) join_metas(as_view(entry.name), entry.value);
  for (const auto& entry : diff["leaves"].GetObject()) leave_metas(as_view(entry.name), entry.value);
}

void PresenceView::join_metas(std::string_view key, const rapidjson::Value& presence) {
  if (!presence.IsObject() || !presence.HasMember("metas") || !presence["metas"].IsArray()) {
    malformed_ = true;
    return;
  }
  for (const auto& meta : presence["metas"].GetArray()) {
    if (!meta.IsObject() || !meta.HasMember("phx_ref") || !meta["phx_ref"].IsString()) {
      malformed_ = true;
      continue;
    }
    add_ref(key, hash_ref(as_view(meta["phx_ref"])));
  }
}

void PresenceView::leave_metas(std::string_view key, const rapidjson::Value& presence) {
  if (!presence.IsObject() || !presence.HasMember("metas") || !presence["metas"].IsArray()) {
    malformed_ = true;
    return;
  }
  for (const auto& meta : presence["metas"].GetArray()) {
    if (meta.IsObject() && meta.HasMember("phx_ref") && meta["phx_ref"].IsString())
      remove_ref(key, hash_ref(as_view(meta["phx_ref"])));
  }
}

void PresenceView::add_ref(std::string_view key, std::uint32_t ref) {
  const auto index = dense_index(key);
  const bool in_overflow = !overflow_.empty() && overflow_.count(std::string(key)) > 0;
  if (index != not_dense && !in_overflow) {
    auto& held = dense_[index];
    if (held == 0) {
      held = ref;
      ++key_count_;
    } else if (held != ref) {  // a second meta for this key: keep both in the overflow map
      overflow_[std::string(key)].meta_refs = {held, ref};
      held = 0;
    }
    return;
  }
  auto& refs = overflow_[std::string(key)].meta_refs;
  if (refs.empty()) ++key_count_;
  if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
}

void PresenceView::remove_ref(std::string_view key, std::uint32_t ref) {
  const auto index = dense_index(key);
  if (index != not_dense && dense_[index] != 0) {
    if (dense_[index] == ref) {
      dense_[index] = 0;
      --key_count_;
    }
    return;
  }
  auto slot = overflow_.find(std::string(key));
  if (slot == overflow_.end()) return;
  auto& refs = slot->second.meta_refs;
  refs.erase(std::remove(refs.begin(), refs.end(), ref), refs.end());
  if (refs.empty()) {
    overflow_.erase(slot);
    --key_count_;
  }
}

std::size_t PresenceView::dense_index(std::string_view key) const {
  if (key.size() < 2 || key[0] != 'u') return not_dense;
  std::size_t index = 0;
  auto [end, error] = std::from_chars(key.data() + 1, key.data() + key.size(), index);
  if (error != std::errc() || end != key.data() + key.size() || index >= dense_.size())
    return not_dense;
  return index;
}

}  // namespace loadgen
