// HTML of Rendered trees. Used for dead renders and as the oracle's "server truth";
// the live path never builds HTML.
#include <stdexcept>

#include "quest_live/live/html.hpp"

namespace quest_live::live {
namespace {

using Components = std::map<int, std::unique_ptr<RenderedNode>>;

void append_node(std::string& out, const RenderedNode& node, const Components& components, int depth);

void append_dynamics(std::string& out, const Statics& statics, const std::vector<RenderedDynamic>& dynamics,
                     const Components& components, int depth) {
  if (dynamics.size() + 1 != statics.parts.size()) throw std::logic_error("to_html: slots do not fit the statics");
  for (std::size_t i = 0; i < dynamics.size(); ++i) {
    out += statics.parts[i];
    const RenderedDynamic& dynamic = dynamics[i];
    if (const auto* text = std::get_if<std::string>(&dynamic)) {
      out += *text;
    } else if (const auto* node = std::get_if<std::unique_ptr<RenderedNode>>(&dynamic)) {
      append_node(out, **node, components, depth);
    } else if (const auto* list = std::get_if<std::unique_ptr<RenderedComprehension>>(&dynamic)) {
      for (const auto& entry : (*list)->entries) append_dynamics(out, *(*list)->statics, entry.dynamics, components, depth);
    } else if (const auto* component = std::get_if<ComponentRef>(&dynamic)) {
      auto found = components.find(component->cid);
      if (found == components.end()) throw std::logic_error("to_html: missing component " + std::to_string(component->cid));
      // A component may hold components, but never itself: bound the depth.
      if (depth > 64) throw std::logic_error("to_html: components nested too deeply");
      append_node(out, *found->second, components, depth + 1);
    } else {
      throw std::logic_error("to_html: an Unchanged slot has no HTML");
    }
  }
  out += statics.parts.back();
}

void append_node(std::string& out, const RenderedNode& node, const Components& components, int depth) {
  append_dynamics(out, *node.statics, node.dynamics, components, depth);
}

}  // namespace

void append_escaped_html(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped_html(out, text);
  return out;
}

std::string to_html(const RenderedNode& root, const Components& components) {
  std::string out;
  append_node(out, root, components, 0);
  return out;
}

std::string dead_render(const ContainerAttributes& container, std::string_view inner_html) {
  std::string out = "<" + container.tag + " id=\"";
  append_escaped_html(out, container.id);
  out += "\"";
  if (container.main) out += " data-phx-main";
  out += " data-phx-session=\"";
  append_escaped_html(out, container.session_token);
  out += "\"";
  if (!container.static_token.empty()) {
    out += " data-phx-static=\"";
    append_escaped_html(out, container.static_token);
    out += "\"";
  }
  out += ">";
  out += inner_html;
  out += "</" + container.tag + ">";
  return out;
}

}  // namespace quest_live::live
