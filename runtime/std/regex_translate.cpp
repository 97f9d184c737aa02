#include "regex_translate.hpp"

namespace quest::regex_dialect {

namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

std::string reference(std::string_view name) {
  if (all_digits(name)) return "${" + std::string(name) + "}";
  return "$+{" + std::string(name) + "}";
}

}  // namespace

std::string pattern(std::string_view rust_pattern) {
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < rust_pattern.size(); ++i) {
    const char c = rust_pattern[i];
    if (c == '\\' && i + 1 < rust_pattern.size()) {
      out += c;
      out += rust_pattern[++i];
      continue;
    }
    if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (rust_pattern.substr(i, 4) == "(?P<") {
      out += "(?<";
      i += 3;
      continue;
    }
    out += c;
  }
  return out;
}

std::vector<std::string> group_names(std::string_view pattern) {
  std::vector<std::string> names;
  bool in_class = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (pattern.substr(i, 3) == "(?<" && i + 3 < pattern.size() && is_name_char(pattern[i + 3])) {
      const size_t close = pattern.find('>', i + 3);
      if (close == std::string_view::npos) break;
      names.emplace_back(pattern.substr(i + 3, close - i - 3));
      i = close;
    }
  }
  return names;
}

std::string replacement(std::string_view rust_replacement) {
  std::string out;
  for (size_t i = 0; i < rust_replacement.size(); ++i) {
    const char c = rust_replacement[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c != '$' || i + 1 >= rust_replacement.size()) {
      out += c;
    } else if (rust_replacement[i + 1] == '$') {
      out += "$$";
      ++i;
    } else if (rust_replacement[i + 1] == '{') {
      const size_t close = rust_replacement.find('}', i + 2);
      if (close == std::string_view::npos) {
        out += "$$";
        continue;
      }
      out += reference(rust_replacement.substr(i + 2, close - i - 2));
      i = close;
    } else {
      size_t end = i + 1;
      while (end < rust_replacement.size() && is_name_char(rust_replacement[end])) ++end;
      if (end == i + 1) {
        out += "$$";  // a lone '$' is literal
        continue;
      }
      out += reference(rust_replacement.substr(i + 1, end - i - 1));
      i = end - 1;
    }
  }
  return out;
}

}  // namespace quest::regex_dialect
