#include "frame_header.hpp"

namespace quest_live::net {

namespace {

FrameHeader encode(std::uint8_t opcode, std::uint64_t payload_size) {
  constexpr unsigned char fin = 0x80;
  FrameHeader header;
  header.bytes[0] = fin | opcode;
  if (payload_size < 126) {
    header.bytes[1] = static_cast<unsigned char>(payload_size);
    header.size = 2;
    return header;
  }
  // Longer lengths are big-endian in 2 bytes (marker 126) or 8 bytes (marker 127).
  const std::size_t length_bytes = payload_size <= 0xFFFF ? 2 : 8;
  header.bytes[1] = length_bytes == 2 ? 126 : 127;
  for (std::size_t i = 0; i < length_bytes; ++i) {
    header.bytes[1 + length_bytes - i] = static_cast<unsigned char>(payload_size >> (8 * i));
  }
  header.size = 2 + length_bytes;
  return header;
}

}  // namespace

FrameHeader encode_frame_header(FrameKind kind, std::uint64_t payload_size) {
  constexpr std::uint8_t text_opcode = 0x1;
  constexpr std::uint8_t binary_opcode = 0x2;
  return encode(kind == FrameKind::text ? text_opcode : binary_opcode, payload_size);
}

FrameHeader encode_control_frame_header(ControlFrame kind, std::uint64_t payload_size) {
  return encode(static_cast<std::uint8_t>(kind), payload_size);
}

}  // namespace quest_live::net
