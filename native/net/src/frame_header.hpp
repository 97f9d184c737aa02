// The header of one unmasked, unfragmented WebSocket frame as a server sends it
// (RFC 6455 section 5.2): FIN + opcode, then the payload length in 7, 16 or 64 bits.
// The session frames everything it writes itself, straight into its gathered writes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "quest_live/connection.hpp"

namespace quest_live::net {

struct FrameHeader {
  std::array<unsigned char, 10> bytes{};
  std::size_t size = 0;
};

enum class ControlFrame : std::uint8_t { close = 0x8, ping = 0x9, pong = 0xA };

FrameHeader encode_frame_header(FrameKind kind, std::uint64_t payload_size);
FrameHeader encode_control_frame_header(ControlFrame kind, std::uint64_t payload_size);

}  // namespace quest_live::net
