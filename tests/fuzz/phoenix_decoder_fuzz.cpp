// The Phoenix Channels V2 decoder (native/channels/serializer): decode() never throws,
// says ok exactly when it returns a message of the documented shape, recovers only
// UTF-8 addresses on error, and an accepted frame encoded again decodes to the same
// parts (refs, topic, event, and the same payload, compared as canonical JSON text).
// The payload is `payload_json`, a view of the frame's own bytes: it must lie inside the
// frame and parse as an object.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>

#include "fuzz_check.hpp"
#include "quest_live/channels/serializer.hpp"
#include "utf8_reference.hpp"

namespace channels = quest_live::channels;
using fuzz_reference::Utf8Verdict;

namespace {

bool is_utf8(const std::optional<std::string>& text) {
  return !text || fuzz_reference::check_utf8(*text) == Utf8Verdict::valid;
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  // A limit below the input's size some of the time, to reach too_large.
  const std::size_t limit = size > 0 && data[0] == '\n' ? size / 2 : channels::default_max_frame_bytes;
  const channels::DecodeResult result = channels::decode(frame, limit);
  FUZZ_CHECK(!channels::describe(result.error).empty(), "every error has a description");
  FUZZ_CHECK(result.ok() == result.message.has_value(), "a message exactly when ok");
  if (!result.ok()) {
    FUZZ_CHECK(is_utf8(result.join_ref) && is_utf8(result.ref) && is_utf8(result.topic),
               "recovered addresses are UTF-8 (they are echoed back)");
    if (result.error == channels::DecodeError::too_large) FUZZ_CHECK(size > limit, "too_large only above the limit");
    channels::read_binary_push_header(frame);
    return 0;
  }
  FUZZ_CHECK(fuzz_reference::check_utf8(frame) == Utf8Verdict::valid, "an accepted frame is UTF-8");
  const channels::Message& message = *result.message;
  FUZZ_CHECK(message.payload_json.data() >= frame.data() &&
                 message.payload_json.data() + message.payload_json.size() <= frame.data() + frame.size(),
             "payload_json is a view into the frame");
  const rapidjson::Document payload = channels::parse_payload(message.payload_json);
  FUZZ_CHECK(!payload.HasParseError() && payload.IsObject(), "the payload is an object");

  const std::string canonical = to_json(payload);
  // Encoded once verbatim (as the endpoint echoes payloads) and once from the DOM.
  for (const std::string& payload_text : {std::string(message.payload_json), canonical}) {
    const std::string again = channels::encode(message.join_ref, message.ref, message.topic, message.event, payload_text);
    const channels::DecodeResult round = channels::decode(again);
    FUZZ_CHECK(round.ok(), "an encoded frame decodes");
    FUZZ_CHECK(round.message->join_ref == message.join_ref, "join_ref survives encoding");
    FUZZ_CHECK(round.message->ref == message.ref, "ref survives encoding");
    FUZZ_CHECK(round.message->topic == message.topic, "topic survives encoding");
    FUZZ_CHECK(round.message->event == message.event, "event survives encoding");
    // Compared as canonical text, not with the DOM's operator==: that looks members up by
    // name, so an object with a repeated key (which JSON allows and the decoder keeps)
    // is not even equal to itself.
    FUZZ_CHECK(to_json(channels::parse_payload(round.message->payload_json)) == canonical,
               "the payload survives encoding");
  }
  return 0;
}
