// What one phoenix.js client believes about a topic's presence, rebuilt from the
// presence_state / presence_diff frames it received, with the client's rules:
//   - presence_state replaces the view, then diffs queued before it are applied;
//   - a diff applies joins first (metas keyed by phx_ref, so a join of a meta already
//     held is not counted twice), then leaves (by phx_ref); a key with no metas is gone.
// Storage is compact because a join storm holds one view per client: keys of the form
// "u<index>" with index < expected_users use a dense slot (one meta hash), anything else
// (or a second meta for the same key) goes to a small overflow map.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loadgen {

class PresenceView {
 public:
  explicit PresenceView(std::size_t expected_users);

  void apply_state(const rapidjson::Value& state);
  // Diffs that arrive before the first presence_state are queued, as phoenix.js does.
  void apply_diff(const rapidjson::Value& diff, std::string_view raw_frame);

  std::size_t key_count() const { return key_count_; }
  bool has_state() const { return has_state_; }
  bool malformed() const { return malformed_; }  // a frame did not have the expected shape

 private:
  struct Slot {
    std::vector<std::uint32_t> meta_refs;  // hashes of the phx_refs held for this key
  };

  void clear();
  void apply_diff_now(const rapidjson::Value& diff);
  void join_metas(std::string_view key, const rapidjson::Value& presence);
  void leave_metas(std::string_view key, const rapidjson::Value& presence);
  void add_ref(std::string_view key, std::uint32_t ref);
  void remove_ref(std::string_view key, std::uint32_t ref);
  // Dense index of "u<n>", or SIZE_MAX for keys stored in overflow_.
  std::size_t dense_index(std::string_view key) const;

  std::vector<std::uint32_t> dense_;  // 0 = no meta; otherwise the one meta's ref hash
  std::unordered_map<std::string, Slot> overflow_;
  std::vector<std::string> pending_diffs_;
  std::size_t key_count_ = 0;
  bool has_state_ = false;
  bool malformed_ = false;
};

}  // namespace loadgen
