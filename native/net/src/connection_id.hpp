// Connection ids: random (version 4) UUIDs from libuuid, canonical lower-case text.
#pragma once

#include <string>

namespace quest_live::net {

std::string new_connection_id();

}  // namespace quest_live::net
