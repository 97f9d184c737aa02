// HTML output: escaping, the full HTML of a Rendered tree, and the dead render container.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "quest_live/live/rendered.hpp"

namespace quest_live::live {

// Escapes & < > " ' (safe in text and in quoted attribute values).
std::string escape_html(std::string_view text);
void append_escaped_html(std::string& out, std::string_view text);

// The HTML of a complete tree; component slots expand to their trees in `components`.
// Throws std::logic_error on an Unchanged slot or a missing component.
std::string to_html(const RenderedNode& root,
                    const std::map<int, std::unique_ptr<RenderedNode>>& components = {});

// What the client needs on the container of a dead-rendered view.
struct ContainerAttributes {
  std::string tag = "div";
  std::string id;             // the client joins "lv:" + id
  std::string session_token;  // data-phx-session (signed)
  std::string static_token;   // data-phx-static (signed), omitted when empty
  bool main = true;           // data-phx-main
};

std::string dead_render(const ContainerAttributes& container, std::string_view inner_html);

}  // namespace quest_live::live
