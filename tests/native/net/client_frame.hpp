// Client-side WebSocket frames built byte by byte for tests (RFC 6455 section 5.2):
// masked like a browser's, or deliberately malformed.
#pragma once

#include <string>

namespace quest_live::test {

namespace opcodes {
inline constexpr unsigned char fin = 0x80;
inline constexpr unsigned char continuation = 0x0, text = 0x1, binary = 0x2;
inline constexpr unsigned char close_op = 0x8, ping = 0x9, pong = 0xA;
}  // namespace opcodes

struct FrameSpec {
  unsigned char first_byte;  // FIN, RSV and opcode
  std::string payload;
  bool masked = true;
  int length_bytes = -1;  // force a 0/2/8-byte extended length; -1: the shortest
};

// A client frame as a browser would send it, masked with a fixed, non-trivial key.
inline std::string client_frame(const FrameSpec& spec) {
  const unsigned char mask[4] = {0x37, 0xfa, 0x21, 0x3d};
  const auto size = spec.payload.size();
  int length_bytes = spec.length_bytes;
  if (length_bytes < 0) length_bytes = size < 126 ? 0 : size <= 0xFFFF ? 2 : 8;
  std::string frame(1, static_cast<char>(spec.first_byte));
  const unsigned char mask_bit = spec.masked ? 0x80 : 0x00;
  if (length_bytes == 0) frame.push_back(static_cast<char>(mask_bit | size));
  if (length_bytes == 2) frame.push_back(static_cast<char>(mask_bit | 126));
  if (length_bytes == 8) frame.push_back(static_cast<char>(mask_bit | 127));
  for (int i = length_bytes - 1; i >= 0; --i) frame.push_back(static_cast<char>(size >> (8 * i)));
  if (spec.masked) frame.append(reinterpret_cast<const char*>(mask), 4);
  for (std::size_t i = 0; i < size; ++i) {
    const auto byte = static_cast<unsigned char>(spec.payload[i]);
    frame.push_back(static_cast<char>(spec.masked ? byte ^ mask[i % 4] : byte));
  }
  return frame;
}

// The payload of a close frame: big-endian code, then the reason.
inline std::string close_payload_bytes(unsigned code, std::string reason = {}) {
  std::string payload{static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  return payload + reason;
}

}  // namespace quest_live::test
