// TEMPORARY (removed once the engine's HTTP hook is in main): weak stand-ins for the two
// Server hooks whose definitions land with the engine work, so every commit links. The
// engine's strong definitions replace them at link time.
#include "quest_live/net/server.hpp"

namespace quest_live::net {

__attribute__((weak)) void Server::on_request(HttpHandler) {}
__attribute__((weak)) void Server::on_upgrade_async(AsyncUpgradeHook) {}

}  // namespace quest_live::net
