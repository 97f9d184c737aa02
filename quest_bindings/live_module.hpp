// _native/liveview: the native half of std/web/liveview (lib/std/web/liveview.q).
// Templates compiled once by content (native/live TemplateCache), rendered through
// QuestEvaluator into ViewRenderer join/update/html, and the signed session tokens.
#pragma once

#include "quest/vm.hpp"

namespace quest_bindings {

// Registers `_native/liveview` and its classes (LiveTemplate, LiveRenderer) in `vm`.
void install_live_module(quest::Vm& vm);

}  // namespace quest_bindings
