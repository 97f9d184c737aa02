// The server-side WebSocket frame header the gathered write path encodes itself
// (RFC 6455 section 5.2), checked byte by byte at every length-encoding boundary.
#include <doctest/doctest.h>

#include <vector>

#include "../../../native/net/src/frame_header.hpp"

using quest_live::FrameKind;
using quest_live::net::encode_frame_header;

namespace {
std::vector<unsigned> bytes_of(FrameKind kind, std::uint64_t size) {
  const auto header = encode_frame_header(kind, size);
  return {header.bytes.begin(), header.bytes.begin() + static_cast<long>(header.size)};
}
}  // namespace

TEST_CASE("FIN and the opcode follow the frame kind") {
  CHECK(bytes_of(FrameKind::text, 0) == std::vector<unsigned>{0x81, 0x00});
  CHECK(bytes_of(FrameKind::binary, 0) == std::vector<unsigned>{0x82, 0x00});
}

TEST_CASE("lengths up to 125 fit in the second byte, unmasked") {
  CHECK(bytes_of(FrameKind::text, 1) == std::vector<unsigned>{0x81, 1});
  CHECK(bytes_of(FrameKind::text, 125) == std::vector<unsigned>{0x81, 125});
}

TEST_CASE("lengths 126 to 65535 use the 16-bit big-endian form") {
  CHECK(bytes_of(FrameKind::text, 126) == std::vector<unsigned>{0x81, 126, 0x00, 0x7E});
  CHECK(bytes_of(FrameKind::binary, 0x1234) == std::vector<unsigned>{0x82, 126, 0x12, 0x34});
  CHECK(bytes_of(FrameKind::text, 65535) == std::vector<unsigned>{0x81, 126, 0xFF, 0xFF});
}

TEST_CASE("lengths from 65536 use the 64-bit big-endian form") {
  CHECK(bytes_of(FrameKind::text, 65536) ==
        std::vector<unsigned>{0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0});
  CHECK(bytes_of(FrameKind::binary, 0x0102030405060708ULL) ==
        std::vector<unsigned>{0x82, 127, 1, 2, 3, 4, 5, 6, 7, 8});
}
