// Interned topic names: every channel instance on a topic shares one string, so 10,000
// subscribers of "room:lobby-with-a-long-name" hold 16 bytes each instead of a copy.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace quest_live::channels::detail {

using TopicName = std::shared_ptr<const std::string>;

class TopicNames {
 public:
  // The shared string for `topic`; a new one if nobody holds it any more. Thread-safe.
  TopicName intern(std::string_view topic);
  std::size_t size() const;

 private:
  void prune_locked();

  mutable std::mutex mutex_;
  // Entries of topics nobody holds expire; they are swept once the table has doubled
  // since the last sweep, so the cost stays amortized O(1) per intern.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, std::weak_ptr<const std::string>, Hash, std::equal_to<>> names_;
  std::size_t sweep_at_ = 64;
};

}  // namespace quest_live::channels::detail
