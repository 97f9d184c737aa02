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
// quoted attribute values and comments when looking for tags. Forms get the target too
// (the client takes a form input's target from its form).
std::string with_component_targets(std::string_view source);

// Every template: the official client sends phx-change only for inputs inside a form
// (it throws otherwise), and serializes named fields only. The seed writes lone inputs
// (`<input phx-change="search">` reading payload["value"], the editor's
// `<textarea phx-change>`), so an <input>, <textarea> or <select> with phx-change
// outside any <form> of the template is wrapped in
// `<form style="display:contents" onsubmit="return false">...</form>` and, when it has
// no name, gets name="value".
std::string with_lone_inputs_in_forms(std::string_view source);

}  // namespace quest_bindings
