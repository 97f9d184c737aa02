// The one call a host makes to give a Vm the web modules: `_native/web`, `_native/ws`,
// the WebSocket and WebSocketTestClient classes, and the WebApp behind them.
#pragma once

#include <memory>

#include "quest/vm.hpp"

namespace quest_bindings {

class WebApp;

// Creates the Vm's WebApp and registers the modules. The WebApp is owned by the Vm's
// module table (it lives as long as the Vm); the returned pointer is for hosts that
// serve (quest serve) and must not outlive the Vm.
std::shared_ptr<WebApp> install_web_bindings(quest::Vm& vm);

}  // namespace quest_bindings
