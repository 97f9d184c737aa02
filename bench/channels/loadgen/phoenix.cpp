#include "phoenix.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

namespace loadgen::phoenix {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_ref(Writer& writer, std::uint64_t ref) { write_string(writer, std::to_string(ref)); }

}  // namespace

std::string numbered(std::string_view prefix, std::size_t index) {
  std::string name(prefix);
  name += std::to_string(index);
  return name;
}

std::string join_frame(std::uint64_t ref, std::string_view topic, std::string_view user) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartArray();
  write_ref(writer, ref);
  write_ref(writer, ref);
  write_string(writer, topic);
  write_string(writer, "phx_join");
  writer.StartObject();
  write_string(writer, "user");
  write_string(writer, user);
  writer.EndObject();
  writer.EndArray();
  return buffer.GetString();
}

std::string new_msg_frame(std::uint64_t join_ref, std::uint64_t ref, std::string_view topic,
                          std::uint64_t sequence, std::int64_t sent_ns) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartArray();
  write_ref(writer, join_ref);
  write_ref(writer, ref);
  write_string(writer, topic);
  write_string(writer, "new_msg");
  writer.StartObject();
  write_string(writer, "body");
  write_string(writer, std::to_string(sequence) + ":" + std::to_string(sent_ns));
  writer.EndObject();
  writer.EndArray();
  return buffer.GetString();
}

std::string_view Message::reply_status() const {
  if (event() != "phx_reply" || !payload().IsObject()) return {};
  auto status = payload().FindMember("status");
  if (status == payload().MemberEnd() || !status->value.IsString()) return {};
  return status->value.GetString();
}

Message parse(std::string_view frame) {
  Message message;
  message.document.Parse(frame.data(), frame.size());
  const auto& doc = message.document;
  message.ok = !doc.HasParseError() && doc.IsArray() && doc.Size() == 5 && doc[2].IsString() &&
               doc[3].IsString();
  return message;
}

std::optional<BodyStamp> find_body_stamp(std::string_view frame) {
  constexpr std::string_view key = "\"body\":\"";
  const auto at = frame.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const char* cursor = frame.data() + at + key.size();
  const char* end = frame.data() + frame.size();
  BodyStamp stamp{};
  auto [after_sequence, sequence_error] = std::from_chars(cursor, end, stamp.sequence);
  if (sequence_error != std::errc() || after_sequence == end || *after_sequence != ':')
    return std::nullopt;
  auto [after_time, time_error] = std::from_chars(after_sequence + 1, end, stamp.sent_ns);
  if (time_error != std::errc() || after_time == end || *after_time != '"') return std::nullopt;
  return stamp;
}

}  // namespace loadgen::phoenix
