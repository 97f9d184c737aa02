#include "live_component_source.hpp"

#include <array>
#include <cctype>

namespace quest_bindings {

namespace {

// Bindings the client sends as events (a form's phx-change/phx-submit included).
constexpr std::array<std::string_view, 11> kEventBindings = {
    "phx-click=", "phx-submit=", "phx-change=", "phx-blur=", "phx-focus=", "phx-keyup=",
    "phx-keydown=", "phx-window-keyup=", "phx-window-keydown=", "phx-click-away=", "phx-capture-click="};

bool is_tag(std::string_view tag, std::string_view name) {
  return tag.size() > name.size() + 1 && tag.compare(1, name.size(), name) == 0 &&
         !std::isalnum(static_cast<unsigned char>(tag[name.size() + 1]));
}

bool needs_target(std::string_view tag) {
  if (tag.find("phx-target") != std::string_view::npos) return false;
  if (is_tag(tag, "form")) return true;
  for (auto binding : kEventBindings)
    if (tag.find(binding) != std::string_view::npos) return true;
  return false;
}

// Index just past the "%>" closing the template tag that starts at `i` ("<%").
std::size_t skip_template_tag(std::string_view s, std::size_t i) {
  const std::size_t end = s.find("%>", i + 2);
  return end == std::string_view::npos ? s.size() : end + 2;
}


// Walks `s`, copying it to the result, and lets `on_tag(tag, name_end, out)` write each
// start tag (it may change it); `on_end_tag(tag, out)` sees closing tags and returns
// true when it wrote the tag itself.
template <class OnTag, class OnEndTag>
std::string rewrite_tags(std::string_view s, OnTag on_tag, OnEndTag on_end_tag) {
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
      on_tag(s.substr(i, end - i), name_end - i, out);
      i = end;
      continue;
    }
    if (s.compare(i, 2, "</") == 0) {
      std::size_t end = s.find('>', i);
      end = end == std::string_view::npos ? s.size() : end + 1;
      if (!on_end_tag(s.substr(i, end - i), out)) out.append(s.substr(i, end - i));
      i = end;
      continue;
    }
    out.push_back(s[i]);
    ++i;
  }
  return out;
}

}  // namespace

std::string with_component_targets(std::string_view s) {
  return rewrite_tags(
      s,
      [](std::string_view tag, std::size_t name_end, std::string& out) {
        if (needs_target(tag)) {
          out.append(tag.substr(0, name_end));
          out.append(" phx-target=\"<%= ").append(kMyselfAssign).append(" %>\"");
          out.append(tag.substr(name_end));
        } else {
          out.append(tag);
        }
      },
      [](std::string_view, std::string&) { return false; });
}

std::string with_lone_inputs_in_forms(std::string_view s) {
  if (s.find("phx-change") == std::string_view::npos) return std::string(s);
  int form_depth = 0;
  // A lone <textarea>/<select> is closed by its end tag: the wrapping form closes after it.
  std::string_view open_field;
  std::string result = rewrite_tags(
      s,
      [&](std::string_view tag, std::size_t name_end, std::string& out) {
        if (is_tag(tag, "form")) ++form_depth;
        const bool field = is_tag(tag, "input") || is_tag(tag, "textarea") || is_tag(tag, "select");
        const bool lone = form_depth == 0 && open_field.empty() && field &&
                          tag.find("phx-change=") != std::string_view::npos;
        if (!lone) {
          out.append(tag);
          return;
        }
        out.append("<form style=\"display:contents\" onsubmit=\"return false\">");
        if (tag.find(" name=") == std::string_view::npos && tag.find("\nname=") == std::string_view::npos) {
          out.append(tag.substr(0, name_end)).append(" name=\"value\"").append(tag.substr(name_end));
        } else {
          out.append(tag);
        }
        if (is_tag(tag, "input")) {
          out.append("</form>");
        } else {
          open_field = is_tag(tag, "textarea") ? "</textarea" : "</select";
        }
      },
      [&](std::string_view tag, std::string& out) {
        if (tag.size() >= 6 && tag.compare(0, 6, "</form") == 0 && form_depth > 0) --form_depth;
        if (!open_field.empty() && tag.compare(0, open_field.size(), open_field) == 0) {
          out.append(tag).append("</form>");
          open_field = {};
          return true;
        }
        return false;
      });
  return result;
}

}  // namespace quest_bindings
