// Component templates: events from a component's elements must reach the component
// without the user writing phx-target (the seed's components never do). The official
// client routes an event to a component only when the element carries phx-target with
// its cid, so a component's template source is rewritten once (cached by content):
// every start tag with a phx-<event> binding and no phx-target gets
// ` phx-target="<%= __live_myself %>"`, and the component's renders bind that name.
#pragma once

#include <string>
#include <string_view>

namespace quest_bindings {

inline constexpr const char* kMyselfAssign = "__live_myself";

// The rewritten source (unchanged when no tag needs a target). Skips <% ... %> blocks,
// quoted attribute values and comments when looking for tags.
std::string with_component_targets(std::string_view source);

}  // namespace quest_bindings
