// What one Redis pub/sub message between nodes looks like (our own format, version 1):
//
//   QL1 B <origin> <topic bytes> <event bytes> <payload offset> <payload bytes> <frame bytes>\n
//       <topic><event><frame>
//   QL1 C <origin> <kind bytes> <body bytes>\n<kind><body>
//
// B is a broadcast. Its payload is not sent twice when it sits inside the frame (as in a
// Phoenix frame): the offset says where; otherwise the offset is "-" and the payload
// follows the frame. C is a control message for replication (e.g. presence). Lengths are
// decimal byte counts, so every field may hold any bytes. The origin is a node id without
// spaces.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "quest_live/pubsub/pubsub.hpp"

namespace quest_live::pubsub::redis_wire {

std::string encode_broadcast(std::string_view origin, const Broadcast& message);
std::string encode_control(std::string_view origin, std::string_view kind, std::string_view body);

struct Decoded {
  bool is_broadcast = false;
  std::string_view origin;
  // Broadcast:
  std::string_view topic, event, payload, frame;
  // Control:
  std::string_view kind, body;
};
// nullopt for anything that is not exactly one of the two shapes.
std::optional<Decoded> decode(std::string_view message);

}  // namespace quest_live::pubsub::redis_wire
