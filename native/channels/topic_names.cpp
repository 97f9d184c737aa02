#include "topic_names.hpp"

#include <algorithm>

namespace quest_live::channels::detail {

TopicName TopicNames::intern(std::string_view topic) {
  std::lock_guard lock(mutex_);
  auto found = names_.find(topic);
  if (found != names_.end()) {
    if (auto shared = found->second.lock()) return shared;
  }
  auto name = std::make_shared<const std::string>(topic);
  if (found != names_.end()) {
    found->second = name;
    return name;
  }
  names_.emplace(std::string(topic), name);
  if (names_.size() >= sweep_at_) prune_locked();
  return name;
}

void TopicNames::prune_locked() {
  std::erase_if(names_, [](const auto& entry) { return entry.second.expired(); });
  sweep_at_ = std::max<std::size_t>(64, 2 * names_.size());
}

std::size_t TopicNames::size() const {
  std::lock_guard lock(mutex_);
  return names_.size();
}

}  // namespace quest_live::channels::detail
