// Channel routing patterns, as Phoenix writes them: an exact topic ("lobby") or a
// prefix ending in one trailing "*" ("room:*" matches "room:lobby" and "room:").
// A "*" anywhere else is an ordinary character.
#pragma once

#include <string>
#include <string_view>

namespace quest_live::channels {

class TopicPattern {
 public:
  explicit TopicPattern(std::string pattern);

  bool matches(std::string_view topic) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  bool is_wildcard_;  // text_ ends in '*': match text_ minus that '*' as a prefix
};

}  // namespace quest_live::channels
