// Every key of the phoenix_live_view 1.2 Rendered format, in one place.
//
// Checked against the client's own source (assets/js/phoenix_live_view/constants.ts and
// rendered.js of phoenix_live_view 1.2.12):
//   s   statics of a node: an array of N+1 strings, or an integer index into the nearest
//       `p` table of the same message. A node that carries `s` REPLACES what the client
//       held at that position; a node without it is merged key by key.
//   p   templates: {"0": [...statics...], ...}. The client resolves integer `s` against
//       it while rendering the same message and then discards it, so every message
//       carries the templates it references.
//   r   on a node: its HTML is exactly one element, the client adds attributes to it.
//       Every component root needs it. At the top level of a diff `r` is the hook reply.
//   k   a comprehension's entries by position "0".."kc-1". An entry is an object
//       (merge into the entry held at that position), an integer j (the entry held at
//       old position j, unchanged) or [j, {diff}] (moved from j, then merged).
//   kc  entry count, required in every `k`: positions >= kc are dropped.
//   km  true when any entry of `k` is a move; the 1.2.8+ client snapshots the old
//       entries only then and throws on a move without it.
//   c   components: {"<cid>": node}; a slot holding an integer renders component cid.
//   t   new page title, e push events [[name, payload(, true = before patch)]].
#pragma once

namespace quest_live::live::wire {

inline constexpr const char* statics = "s";
inline constexpr const char* templates = "p";
inline constexpr const char* root = "r";
inline constexpr const char* keyed = "k";
inline constexpr const char* keyed_count = "kc";
inline constexpr const char* keyed_moved = "km";
inline constexpr const char* components = "c";
inline constexpr const char* title = "t";
inline constexpr const char* events = "e";
inline constexpr const char* reply = "r";

}  // namespace quest_live::live::wire
