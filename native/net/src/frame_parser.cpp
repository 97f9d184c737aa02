#include "frame_parser.hpp"

#include <algorithm>
#include <cstring>

namespace quest_live::net {

namespace {

constexpr std::uint8_t opcode_continuation = 0x0;
constexpr std::uint8_t opcode_text = 0x1;
constexpr std::uint8_t opcode_binary = 0x2;
constexpr std::uint8_t opcode_close = 0x8;
constexpr std::uint8_t opcode_ping = 0x9;
constexpr std::uint8_t opcode_pong = 0xA;
constexpr std::size_t max_control_payload = 125;

std::uint64_t read_big_endian(const unsigned char* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

bool is_known_opcode(std::uint8_t opcode) {
  return opcode <= opcode_binary || (opcode >= opcode_close && opcode <= opcode_pong);
}

}  // namespace

bool is_valid_received_close_code(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

void FrameParser::feed(char* data, std::size_t size, FrameEvents& events) {
  std::size_t position = 0;
  while (stage_ != Stage::stopped) {
    if (stage_ == Stage::header) {
      if (header_have_ < 2) {
        position += take_header_bytes(data + position, std::min(size - position, 2 - std::size_t{header_have_}));
        if (header_have_ < 2 || !check_first_two_bytes(events)) return;
      }
      const std::size_t needed = header_size() - header_have_;
      position += take_header_bytes(data + position, std::min(size - position, needed));
      if (header_have_ < header_size() || !start_frame(events)) return;
      continue;
    }
    // A frame whose payload is still to come needs bytes; an empty one completes now.
    if (position == size && payload_seen_ < payload_size_) return;
    position += take_payload(data + position, size - position, events);
  }
}

std::size_t FrameParser::take_header_bytes(const char* data, std::size_t count) {
  std::memcpy(header_ + header_have_, data, count);
  header_have_ = static_cast<std::uint8_t>(header_have_ + count);
  return count;
}

// Everything that can be decided from FIN/RSV/opcode and the 7-bit length, so a bad
// frame is refused before its extended length or mask arrives.
bool FrameParser::check_first_two_bytes(FrameEvents& events) {
  fin_ = (header_[0] & 0x80) != 0;
  opcode_ = header_[0] & 0x0F;
  const unsigned short_length = header_[1] & 0x7F;
  if ((header_[0] & 0x70) != 0) return fail(1002, "reserved bits set", events), false;
  if (!is_known_opcode(opcode_)) return fail(1002, "unknown opcode", events), false;
  if ((header_[1] & 0x80) == 0) return fail(1002, "client frame not masked", events), false;
  if (is_control()) {
    if (!fin_) return fail(1002, "fragmented control frame", events), false;
    if (short_length > max_control_payload) {
      return fail(1002, "control frame too long", events), false;
    }
  } else if (opcode_ == opcode_continuation && message_opcode_ == 0) {
    return fail(1002, "continuation frame without a message", events), false;
  } else if (opcode_ != opcode_continuation && message_opcode_ != 0) {
    return fail(1002, "new message inside a fragmented one", events), false;
  }
  return true;
}

std::size_t FrameParser::header_size() const {
  const unsigned short_length = header_[1] & 0x7F;
  const std::size_t length_bytes = short_length == 126 ? 2 : short_length == 127 ? 8 : 0;
  return 2 + length_bytes + 4;  // client frames always carry a 4-byte mask key
}

bool FrameParser::start_frame(FrameEvents& events) {
  const unsigned short_length = header_[1] & 0x7F;
  std::size_t at = 2;
  payload_size_ = short_length;
  if (short_length == 126) {
    payload_size_ = read_big_endian(header_ + 2, 2);
    at = 4;
  } else if (short_length == 127) {
    payload_size_ = read_big_endian(header_ + 2, 8);
    at = 10;
    if (payload_size_ >> 63) return fail(1002, "frame length has the top bit set", events), false;
  }
  std::memcpy(mask_, header_ + at, 4);
  payload_seen_ = 0;
  if (!is_control()) {
    if (payload_size_ > max_message_bytes_ - message_bytes_) {
      return fail(1009, "message too big", events), false;
    }
    if (opcode_ != opcode_continuation) message_opcode_ = opcode_;
    message_bytes_ += payload_size_;
  }
  stage_ = Stage::payload;
  return true;
}

std::size_t FrameParser::take_payload(char* data, std::size_t size, FrameEvents& events) {
  const std::size_t count =
      static_cast<std::size_t>(std::min<std::uint64_t>(payload_size_ - payload_seen_, size));
  unmask(data, count);
  const std::string_view chunk(data, count);
  // The whole payload is in this piece: hand it out without copying when nothing of the
  // message was kept before.
  const bool whole_here = payload_seen_ == 0 && count == payload_size_;
  bool direct = whole_here;
  if (is_control()) {
    if (!whole_here) kept().control.append(chunk);
  } else {
    if (message_opcode_ == opcode_text && !utf8_.feed(chunk)) {
      fail(1007, "invalid UTF-8", events);
      return count;
    }
    direct = whole_here && fin_ && (!kept_ || kept_->message.empty());
    if (!direct) {
      auto& message = kept().message;
      if (message.empty() && fin_) message.reserve(static_cast<std::size_t>(message_bytes_));
      message.append(chunk);
    }
  }
  payload_seen_ += count;
  if (payload_seen_ == payload_size_) finish_frame(chunk, direct, events);
  return count;
}

void FrameParser::finish_frame(std::string_view direct_payload, bool have_direct,
                               FrameEvents& events) {
  stage_ = Stage::header;
  header_have_ = 0;
  if (is_control()) {
    finish_control_frame(have_direct ? direct_payload : std::string_view(kept_->control), events);
    if (kept_) kept_->control.clear();
    release_kept_if_empty();
    return;
  }
  if (!fin_) return;
  if (message_opcode_ == opcode_text && !utf8_.complete()) {
    return fail(1007, "invalid UTF-8", events);
  }
  const auto kind = message_opcode_ == opcode_text ? FrameKind::text : FrameKind::binary;
  events.on_message(kind, have_direct ? direct_payload : std::string_view(kept_->message));
  message_opcode_ = 0;
  message_bytes_ = 0;
  utf8_.reset();
  if (kept_) std::string().swap(kept_->message);
  release_kept_if_empty();
}

void FrameParser::finish_control_frame(std::string_view payload, FrameEvents& events) {
  if (opcode_ == opcode_ping) return events.on_ping(payload);
  if (opcode_ == opcode_pong) return events.on_pong(payload);
  finish_close_frame(payload, events);
}

void FrameParser::finish_close_frame(std::string_view payload, FrameEvents& events) {
  if (payload.size() == 1) return fail(1002, "close frame with a 1-byte payload", events);
  std::uint16_t code = 1005;  // no status code present
  std::string_view reason;
  if (payload.size() >= 2) {
    code = static_cast<std::uint16_t>(read_big_endian(
        reinterpret_cast<const unsigned char*>(payload.data()), 2));
    reason = payload.substr(2);
    if (!is_valid_received_close_code(code)) return fail(1002, "invalid close code", events);
    if (!is_valid_utf8(reason)) return fail(1007, "close reason is not UTF-8", events);
  }
  stage_ = Stage::stopped;
  events.on_close(code, reason);
}

void FrameParser::fail(std::uint16_t code, std::string_view reason, FrameEvents& events) {
  stage_ = Stage::stopped;
  events.on_protocol_error(code, reason);
}

FrameParser::Kept& FrameParser::kept() {
  if (!kept_) kept_ = std::make_unique<Kept>();
  return *kept_;
}

void FrameParser::release_kept_if_empty() {
  if (kept_ && kept_->message.empty() && kept_->control.empty()) kept_.reset();
}

// XORs with the mask key, eight bytes at a time. `payload_seen_` says where in the
// 4-byte key this piece starts.
void FrameParser::unmask(char* data, std::size_t size) {
  unsigned char rotated[8];
  for (std::size_t k = 0; k < 8; ++k) rotated[k] = mask_[(payload_seen_ + k) & 3];
  std::uint64_t key;
  std::memcpy(&key, rotated, 8);
  std::size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    word ^= key;
    std::memcpy(data + i, &word, 8);
  }
  for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ rotated[i & 7]);
}

}  // namespace quest_live::net
