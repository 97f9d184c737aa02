// The Phoenix Channels V2 JSON serializer: every text frame is one JSON array
// [join_ref, ref, topic, event, payload]. Refs are opaque strings echoed back verbatim.
//
// decode() reads the frame once without building a DOM (a SAX pass that validates JSON and
// UTF-8 and notes where the payload starts and ends) and never throws: a frame that is
// not exactly that shape comes back as a DecodeError naming what is wrong, plus whatever
// join_ref/ref/topic could still be read (so the endpoint can answer the sender with an
// error reply; see native/channels/README).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace quest_live::channels {

// Frames larger than this are refused without parsing (the transport should already cap
// message size; this is the protocol layer's own guard).
inline constexpr std::size_t default_max_frame_bytes = 1 << 20;

// Frames nested deeper than this ([ and { counted) are refused before parsing: what
// consumes a payload later (RapidJSON's Accept, value conversion) recurses per level.
inline constexpr std::size_t max_nesting_depth = 512;

enum class DecodeError {
  none,
  too_large,       // longer than the limit; not parsed
  too_deep,        // nested deeper than max_nesting_depth
  invalid_utf8,    // bytes that are not UTF-8
  not_json,        // JSON syntax error
  number_out_of_range,  // a number past the range of a double (it would read as infinity)
  not_array,       // valid JSON, but not an array
  wrong_arity,     // an array of other than five elements
  bad_join_ref,    // join_ref neither string nor null
  bad_ref,         // ref neither string nor null
  bad_topic,       // topic not a string
  bad_event,       // event not a string
  bad_payload,     // payload not a JSON object
};

// A short, stable, human-readable name: "not JSON", "payload must be an object", ...
std::string_view describe(DecodeError error);

// One decoded frame. The address (refs, topic, event) is copied out; the payload is not:
// `payload_json` is the exact text of element 4 as the client sent it (a JSON object,
// already validated), a view into the frame given to decode(), so it lives as long as
// that frame. Nothing of the payload is parsed into a DOM; parse_payload() does that for
// code that wants one.
struct Message {
  std::optional<std::string> join_ref;
  std::optional<std::string> ref;
  std::string topic;
  std::string event;
  std::string_view payload_json;
};

// The payload as a RapidJSON DOM (a convenience for C++ handlers; one parse of the
// payload's bytes, numbers converted exactly). `payload_json` must be valid JSON, as a
// decoded Message's is; anything else gives a Null document.
rapidjson::Document parse_payload(std::string_view payload_json);

struct DecodeResult {
  DecodeError error = DecodeError::none;
  std::optional<Message> message;  // set exactly when error == none

  // On error, the parts that could still be read from a well-formed array, for replying.
  std::optional<std::string> join_ref;
  std::optional<std::string> ref;
  std::optional<std::string> topic;

  bool ok() const { return error == DecodeError::none; }
};

DecodeResult decode(std::string_view frame, std::size_t max_frame_bytes = default_max_frame_bytes);

// Encodes one frame. `payload_json` must be one valid JSON value (normally an object); it
// is copied in verbatim, not re-parsed. Null refs are written as JSON null.
std::string encode(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                   std::string_view topic, std::string_view event, std::string_view payload_json);

// [join_ref, ref, topic, "phx_reply", {"status": status, "response": response_json}]
std::string encode_reply(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                         std::string_view topic, std::string_view status, std::string_view response_json);

// {"reason": reason} with reason JSON-escaped.
std::string reason_json(std::string_view reason);

// The header of a V2 binary client push (kind 0), as far as it can be read. Binary
// payloads are not supported; the endpoint uses this only to address its refusal.
struct BinaryPushHeader {
  std::optional<std::string> join_ref;
  std::string ref;
  std::string topic;
  std::string event;
};
std::optional<BinaryPushHeader> read_binary_push_header(std::string_view frame);

}  // namespace quest_live::channels
