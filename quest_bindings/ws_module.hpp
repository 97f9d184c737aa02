// _native/ws (Layer 1: sockets, fan-out, test client) and _native/web (HTTP, routes,
// servers): the two native modules behind lib/std/web.q and lib/std/web/ws.q.
#pragma once

#include <memory>
#include <string_view>

#include "quest/vm.hpp"
#include "test_clients.hpp"

namespace quest_bindings {

class WebApp;

// Defines the WebSocket and WebSocketTestClient classes and registers _native/ws.
void install_ws_module(quest::Vm& vm, const std::shared_ptr<WebApp>& app);
// Registers _native/web.
void install_web_module(quest::Vm& vm, const std::shared_ptr<WebApp>& app);
// A Dict of Str -> Str as header pairs (nil -> none); TypeErr from `fn` otherwise.
HeaderPairs header_pairs_from(const quest::Value& headers, std::string_view fn);

}  // namespace quest_bindings
