#include "live_component_source.hpp"

#include <array>
#include <cctype>

namespace quest_bindings {

namespace {

// Bindings the client sends as events (a form's phx-change/phx-submit included).
constexpr std::array<std::string_view, 11> kEventBindings = {
    "phx-click=", "phx-submit=", "phx-change=", "phx-blur=", "phx-focus=", "phx-keyup=",
    "phx-keydown=", "phx-window-keyup=", "phx-window-keydown=", "phx-click-away=", "phx-capture-click="};

bool needs_target(std::string_view tag) {
  if (tag.find("phx-target") != std::string_view::npos) return false;
  for (auto binding : kEventBindings)
    if (tag.find(binding) != std::string_view::npos) return true;
  return false;
}

// Index just past the "%>" closing the template tag that starts at `i` ("<%").
std::size_t skip_template_tag(std::string_view s, std::size_t i) {
  const std::size_t end = s.find("%>", i + 2);
  return end == std::string_view::npos ? s.size() : end + 2;
}

}  // namespace

std::string with_component_targets(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 64);
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "<%") == 0) {
      const std::size_t end = skip_template_tag(s, i);
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    if (s.compare(i, 4, "<!--") == 0) {
      std::size_t end = s.find("-->", i + 4);
      end = end == std::string_view::npos ? s.size() : end + 3;
      out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    if (s[i] == '<' && i + 1 < s.size() && std::isalpha(static_cast<unsigned char>(s[i + 1]))) {
      // A start tag: find its '>' outside quotes and template tags.
      std::size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-')) ++j;
      const std::size_t name_end = j;
      char quote = 0;
      while (j < s.size()) {
        if (s.compare(j, 2, "<%") == 0) {
          j = skip_template_tag(s, j);
          continue;
        }
        if (quote) {
          if (s[j] == quote) quote = 0;
        } else if (s[j] == '"' || s[j] == '\'') {
          quote = s[j];
        } else if (s[j] == '>') {
          break;
        }
        ++j;
      }
      const std::size_t end = j < s.size() ? j + 1 : s.size();
      std::string_view tag = s.substr(i, end - i);
      if (needs_target(tag)) {
        out.append(s.substr(i, name_end - i));
        out.append(" phx-target=\"<%= ").append(kMyselfAssign).append(" %>\"");
        out.append(s.substr(name_end, end - name_end));
      } else {
        out.append(tag);
      }
      i = end;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace quest_bindings
