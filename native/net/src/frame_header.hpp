// The header of one unmasked, unfragmented WebSocket frame as a server sends it
// (RFC 6455 section 5.2): FIN + opcode, then the payload length in 7, 16 or 64 bits.
// The fan-out path frames data messages itself, straight into the gathered write
// buffer, instead of paying for one Beast write operation per message.
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

FrameHeader encode_frame_header(FrameKind kind, std::uint64_t payload_size);

}  // namespace quest_live::net
