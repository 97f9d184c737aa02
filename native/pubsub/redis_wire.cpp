#include "redis_wire.hpp"

#include <charconv>
#include <cstddef>
#include <vector>

namespace quest_live::pubsub::redis_wire {
namespace {

void append_number(std::string& out, std::size_t value) {
  out += ' ';
  out += std::to_string(value);
}

// Splits the header line into space-separated words.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= line.size()) {
    const std::size_t end = std::min(line.find(' ', start), line.size());
    out.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::optional<std::size_t> number(std::string_view text) {
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_broadcast(std::string_view origin, const Broadcast& message) {
  const std::string& frame = message.frame ? *message.frame : std::string();
  const std::string& payload = message.payload_json;
  // A Phoenix frame ends with the payload and one ']'.
  const bool inside = frame.size() > payload.size() &&
                      frame.compare(frame.size() - 1 - payload.size(), payload.size(), payload) == 0;
  std::string out = "QL1 B ";
  out += origin;
  append_number(out, message.topic.size());
  append_number(out, message.event.size());
  if (inside) {
    append_number(out, frame.size() - 1 - payload.size());
  } else {
    out += " -";
  }
  append_number(out, payload.size());
  append_number(out, frame.size());
  out += '\n';
  out.reserve(out.size() + message.topic.size() + message.event.size() + frame.size() + (inside ? 0 : payload.size()));
  out += message.topic;
  out += message.event;
  out += frame;
  if (!inside) out += payload;
  return out;
}

std::string encode_control(std::string_view origin, std::string_view kind, std::string_view body) {
  std::string out = "QL1 C ";
  out += origin;
  append_number(out, kind.size());
  append_number(out, body.size());
  out += '\n';
  out += kind;
  out += body;
  return out;
}

std::optional<Decoded> decode(std::string_view message) {
  const std::size_t newline = message.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  const auto header = words(message.substr(0, newline));
  std::string_view rest = message.substr(newline + 1);
  if (header.size() < 3 || header[0] != "QL1" || header[2].empty()) return std::nullopt;
  Decoded out;
  out.origin = header[2];
  auto take = [&](std::size_t count) -> std::optional<std::string_view> {
    if (rest.size() < count) return std::nullopt;
    auto field = rest.substr(0, count);
    rest.remove_prefix(count);
    return field;
  };
  if (header[1] == "C" && header.size() == 5) {
    const auto kind_bytes = number(header[3]), body_bytes = number(header[4]);
    if (!kind_bytes || !body_bytes) return std::nullopt;
    const auto kind = take(*kind_bytes), body = take(*body_bytes);
    if (!kind || !body || !rest.empty()) return std::nullopt;
    out.kind = *kind;
    out.body = *body;
    return out;
  }
  if (header[1] != "B" || header.size() != 8) return std::nullopt;
  const auto topic_bytes = number(header[3]), event_bytes = number(header[4]);
  const auto payload_bytes = number(header[6]), frame_bytes = number(header[7]);
  if (!topic_bytes || !event_bytes || !payload_bytes || !frame_bytes) return std::nullopt;
  const auto topic = take(*topic_bytes), event = take(*event_bytes), frame = take(*frame_bytes);
  if (!topic || !event || !frame) return std::nullopt;
  out.is_broadcast = true;
  out.topic = *topic;
  out.event = *event;
  out.frame = *frame;
  if (header[5] == "-") {
    const auto payload = take(*payload_bytes);
    if (!payload) return std::nullopt;
    out.payload = *payload;
  } else {
    const auto offset = number(header[5]);
    if (!offset || *offset > frame->size() || frame->size() - *offset < *payload_bytes) return std::nullopt;
    out.payload = frame->substr(*offset, *payload_bytes);
  }
  if (!rest.empty()) return std::nullopt;
  out.is_broadcast = true;
  return out;
}

}  // namespace quest_live::pubsub::redis_wire
