#include "quest_live/channels/topic_pattern.hpp"

#include <utility>

namespace quest_live::channels {

TopicPattern::TopicPattern(std::string pattern)
    : text_(std::move(pattern)), is_wildcard_(!text_.empty() && text_.back() == '*') {}

bool TopicPattern::matches(std::string_view topic) const {
  if (!is_wildcard_) return topic == text_;
  const std::string_view prefix(text_.data(), text_.size() - 1);
  return topic.substr(0, prefix.size()) == prefix;
}

}  // namespace quest_live::channels
