// Trimming, splitting, replacing and counting for Str (declared in str_text.hpp).
#include "str_text.hpp"

namespace quest::text {

std::string trim_left(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = pos;
    if (!is_space(next_code_point(text, next))) break;
    pos = next;
  }
  return std::string(text.substr(pos));
}

std::string trim_right(std::string_view text) {
  size_t keep = 0;  // byte length up to the end of the last non-space char
  size_t pos = 0;
  while (pos < text.size()) {
    if (!is_space(next_code_point(text, pos))) keep = pos;
  }
  return std::string(text.substr(0, keep));
}

std::string trim(std::string_view text) { return trim_right(trim_left(text)); }

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(text);
  std::string out;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(from, pos)) != std::string_view::npos; pos = hit + from.size()) {
    out.append(text.substr(pos, hit - pos));
    out.append(to);
  }
  out.append(text.substr(pos));
  return out;
}

size_t count_occurrences(std::string_view text, std::string_view needle) {
  if (needle.empty()) return char_count(text) + 1;
  size_t count = 0;
  for (size_t pos = text.find(needle); pos != std::string_view::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

std::vector<std::string> split(std::string_view text, std::string_view delimiter) {
  if (delimiter.empty()) return split_chars(text);
  std::vector<std::string> parts;
  size_t pos = 0;
  for (size_t hit; (hit = text.find(delimiter, pos)) != std::string_view::npos;
       pos = hit + delimiter.size()) {
    parts.emplace_back(text.substr(pos, hit - pos));
  }
  parts.emplace_back(text.substr(pos));
  return parts;
}

std::string expand_tabs(std::string_view text, int64_t tab_size) {
  return replace_all(text, "\t", std::string(static_cast<size_t>(tab_size > 0 ? tab_size : 0), ' '));
}

}  // namespace quest::text
