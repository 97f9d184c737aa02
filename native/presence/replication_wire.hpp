// The bodies of presence's control messages between nodes (kind "presence"), as JSON:
//
//   {"type":"heartbeat","incarnation":I,"seq":N}
//   {"type":"delta","incarnation":I,"seq":N,"joins":[[topic,key,owner,ref,meta],...],
//    "leaves":[[topic,key,ref],...]}
//   {"type":"state","incarnation":I,"seq":N,"entries":[[topic,key,owner,ref,meta],...]}
//   {"type":"sync","to":"<node id>" | "*"}
//   {"type":"goodbye","incarnation":I}
//
// `incarnation` is random per Replicator (a node restarted under the same id is a new
// incarnation); `seq` counts the node's deltas (a state message carries the seq it reflects).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quest_live/presence/presence.hpp"

namespace quest_live::presence::wire {

inline constexpr std::string_view control_kind = "presence";

enum class Type { heartbeat, delta, state, sync, goodbye };

struct Message {
  Type type = Type::heartbeat;
  std::string incarnation;
  std::uint64_t seq = 0;
  std::string to;                      // sync
  std::vector<ReplicatedEntry> joins;  // delta; state: the entries
  std::vector<ReplicatedEntry> leaves;
};

std::string encode_heartbeat(const std::string& incarnation, std::uint64_t seq);
std::string encode_delta(const std::string& incarnation, std::uint64_t seq, const LocalChanges& changes);
std::string encode_state(const std::string& incarnation, std::uint64_t seq, const std::vector<ReplicatedEntry>& entries);
std::string encode_sync(const std::string& to);
std::string encode_goodbye(const std::string& incarnation);

// nullopt, with `error` saying why, for anything that is not one of the shapes above
// (metas must be JSON objects).
std::optional<Message> decode(std::string_view body, std::string& error);

}  // namespace quest_live::presence::wire
