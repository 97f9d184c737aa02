// Phoenix V2 JSON frames with RapidJSON. Decoding validates UTF-8 while parsing; a frame
// that fails is parsed once more without validation only to recover where to send the
// error reply (see README: "Malformed frames").
#include "quest_live/channels/serializer.hpp"

#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace quest_live::channels {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

bool is_valid_utf8(std::string_view text) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  while (stream.Tell() < text.size()) {
    unsigned codepoint = 0;
    if (!rapidjson::UTF8<>::Decode(stream, &codepoint)) return false;
  }
  return true;
}

// A string element that is safe to echo back, if element `index` is one.
std::optional<std::string> echoable_string(const rapidjson::Value& array, rapidjson::SizeType index) {
  if (index >= array.Size() || !array[index].IsString()) return std::nullopt;
  std::string text(array[index].GetString(), array[index].GetStringLength());
  if (!is_valid_utf8(text)) return std::nullopt;
  return text;
}

// Fills in join_ref/ref/topic from whatever array the frame holds.
void recover_address(const rapidjson::Value& root, DecodeResult& result) {
  if (!root.IsArray()) return;
  result.join_ref = echoable_string(root, 0);
  result.ref = echoable_string(root, 1);
  result.topic = echoable_string(root, 2);
}

// Iterative parses only: a frame of 1 MiB of '[' must not recurse a million levels deep on
// an I/O thread's stack.
constexpr unsigned iterative = rapidjson::kParseIterativeFlag;

void recover_address_leniently(std::string_view frame, DecodeResult& result) {
  rapidjson::Document lenient;
  lenient.Parse<iterative>(frame.data(), frame.size());
  if (!lenient.HasParseError()) recover_address(lenient, result);
}

// True when some [ or { (outside strings) opens more than `limit` levels deep.
bool nests_deeper_than(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

bool is_optional_string(const rapidjson::Value& value) { return value.IsNull() || value.IsString(); }

std::optional<std::string> optional_string(const rapidjson::Value& value) {
  if (value.IsNull()) return std::nullopt;
  return std::string(value.GetString(), value.GetStringLength());
}

DecodeError check_shape(const rapidjson::Document& root) {
  if (!root.IsArray()) return DecodeError::not_array;
  if (root.Size() != 5) return DecodeError::wrong_arity;
  if (!is_optional_string(root[0])) return DecodeError::bad_join_ref;
  if (!is_optional_string(root[1])) return DecodeError::bad_ref;
  if (!root[2].IsString()) return DecodeError::bad_topic;
  if (!root[3].IsString()) return DecodeError::bad_event;
  if (!root[4].IsObject()) return DecodeError::bad_payload;
  return DecodeError::none;
}

void write_optional(Writer& writer, const std::optional<std::string>& text) {
  if (text) {
    writer.String(text->data(), static_cast<rapidjson::SizeType>(text->size()));
  } else {
    writer.Null();
  }
}

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

std::string_view describe(DecodeError error) {
  switch (error) {
    case DecodeError::none: return "ok";
    case DecodeError::too_large: return "frame too large";
    case DecodeError::too_deep: return "nesting too deep";
    case DecodeError::invalid_utf8: return "invalid UTF-8";
    case DecodeError::not_json: return "not JSON";
    case DecodeError::not_array: return "not a JSON array";
    case DecodeError::wrong_arity: return "expected [join_ref, ref, topic, event, payload]";
    case DecodeError::bad_join_ref: return "join_ref must be a string or null";
    case DecodeError::bad_ref: return "ref must be a string or null";
    case DecodeError::bad_topic: return "topic must be a string";
    case DecodeError::bad_event: return "event must be a string";
    case DecodeError::bad_payload: return "payload must be an object";
  }
  return "unknown error";
}

DecodeResult decode(std::string_view frame, std::size_t max_frame_bytes) {
  DecodeResult result;
  if (frame.size() > max_frame_bytes) {
    result.error = DecodeError::too_large;
    return result;
  }
  // RapidJSON validates UTF-8 only inside strings, and its (pointer, length) parse skips a
  // stray leading byte such as 0xBB (found by fuzzing): check the whole frame first.
  if (!is_valid_utf8(frame)) {
    result.error = DecodeError::invalid_utf8;
    recover_address_leniently(frame, result);
    return result;
  }
  if (nests_deeper_than(frame, max_nesting_depth)) {
    result.error = DecodeError::too_deep;
    recover_address_leniently(frame, result);
    return result;
  }
  rapidjson::Document root;
  // Full precision: a payload's numbers are relayed to other clients, so they must come out
  // as the doubles the sender wrote (the default fast path can be off by one ULP: -3e30).
  root.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseFullPrecisionFlag | iterative>(
      frame.data(), frame.size());
  if (root.HasParseError()) {
    const bool bad_encoding = root.GetParseError() == rapidjson::kParseErrorStringInvalidEncoding;
    result.error = bad_encoding ? DecodeError::invalid_utf8 : DecodeError::not_json;
    if (bad_encoding) recover_address_leniently(frame, result);
    return result;
  }
  result.error = check_shape(root);
  if (!result.ok()) {
    recover_address(root, result);
    return result;
  }
  Message message;
  message.join_ref = optional_string(root[0]);
  message.ref = optional_string(root[1]);
  message.topic.assign(root[2].GetString(), root[2].GetStringLength());
  message.event.assign(root[3].GetString(), root[3].GetStringLength());
  message.document = std::move(root);
  result.message = std::move(message);
  return result;
}

// The header goes through RapidJSON for escaping; the payload is appended as is, so a large
// payload (a presence_state) is copied exactly once.
std::string encode(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                   std::string_view topic, std::string_view event, std::string_view payload_json) {
  rapidjson::StringBuffer header;
  Writer writer(header);
  writer.StartArray();
  write_optional(writer, join_ref);
  write_optional(writer, ref);
  write_string(writer, topic);
  write_string(writer, event);
  // The writer is left with an open array; the frame is finished by hand below.
  std::string frame;
  frame.reserve(header.GetSize() + payload_json.size() + 2);
  frame.append(header.GetString(), header.GetSize());
  frame += ',';
  frame += payload_json;
  frame += ']';
  return frame;
}

std::string encode_reply(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                         std::string_view topic, std::string_view status, std::string_view response_json) {
  std::string payload;
  payload.reserve(response_json.size() + status.size() + 32);
  payload += R"({"status":)";
  rapidjson::StringBuffer status_buffer;
  Writer status_writer(status_buffer);
  write_string(status_writer, status);
  payload.append(status_buffer.GetString(), status_buffer.GetSize());
  payload += R"(,"response":)";
  payload += response_json;
  payload += '}';
  return encode(join_ref, ref, topic, "phx_reply", payload);
}

std::string reason_json(std::string_view reason) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("reason");
  write_string(writer, reason);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<BinaryPushHeader> read_binary_push_header(std::string_view frame) {
  constexpr std::size_t header_bytes = 5;  // kind, then four one-byte lengths
  if (frame.size() < header_bytes || frame[0] != 0) return std::nullopt;
  std::size_t lengths[4];
  std::size_t offset = header_bytes;
  for (int i = 0; i < 4; ++i) lengths[i] = static_cast<unsigned char>(frame[1 + i]);
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    if (frame.size() - offset < lengths[i]) return std::nullopt;
    fields[i] = frame.substr(offset, lengths[i]);
    offset += lengths[i];
  }
  for (auto field : fields) {
    if (!is_valid_utf8(field)) return std::nullopt;
  }
  BinaryPushHeader header;
  if (!fields[0].empty()) header.join_ref = std::string(fields[0]);
  header.ref = std::string(fields[1]);
  header.topic = std::string(fields[2]);
  header.event = std::string(fields[3]);
  if (header.ref.empty() || header.topic.empty()) return std::nullopt;
  return header;
}

}  // namespace quest_live::channels
