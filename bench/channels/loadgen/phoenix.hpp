// Phoenix Channels V2 frames as the load generator writes and reads them:
// [join_ref, ref, topic, event, payload]. Refs are decimal strings.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen::phoenix {

inline constexpr std::string_view socket_path = "/socket/websocket?vsn=2.0.0";

// "<prefix><index>", e.g. user names "u17". (Built by append rather than operator+,
// which trips a GCC 12 -Wrestrict false positive.)
std::string numbered(std::string_view prefix, std::size_t index);

// phx_join with payload {"user": user}; the join's ref doubles as its join_ref.
std::string join_frame(std::uint64_t ref, std::string_view topic, std::string_view user);

// new_msg push whose body is "<sequence>:<send time in ns>" (see BodyStamp).
std::string new_msg_frame(std::uint64_t join_ref, std::uint64_t ref, std::string_view topic,
                          std::uint64_t sequence, std::int64_t sent_ns);

// A parsed frame; `ok` is false unless it is a 5-element array with string topic/event.
struct Message {
  bool ok = false;
  rapidjson::Document document;
  std::string_view topic() const { return document[2].GetString(); }
  std::string_view event() const { return document[3].GetString(); }
  const rapidjson::Value& payload() const { return document[4]; }
  // "ok"/"error"/... of a phx_reply, empty otherwise.
  std::string_view reply_status() const;
};

Message parse(std::string_view frame);

// Sequence number and send time carried in a new_msg broadcast body.
struct BodyStamp {
  std::uint64_t sequence;
  std::int64_t sent_ns;
};

// Fast path for the fan-out hot loop: finds `"body":"<seq>:<ns>"` without building a
// DOM. Returns nothing for any other frame (replies, other events).
std::optional<BodyStamp> find_body_stamp(std::string_view frame);

}  // namespace loadgen::phoenix
