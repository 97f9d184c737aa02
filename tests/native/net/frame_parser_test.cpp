// The incremental client-frame parser (RFC 6455 section 5, server rules), fed whole and
// byte by byte: every event it reports and every malformed case it refuses.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../../native/net/src/frame_parser.hpp"
#include "client_frame.hpp"

using quest_live::FrameKind;
using quest_live::net::FrameEvents;
using quest_live::net::FrameParser;
using quest_live::test::client_frame;
using quest_live::test::close_payload_bytes;

namespace {

using namespace quest_live::test::opcodes;

// Writes each event as one line: "text:hello", "ping:", "close:1000:bye", "error:1002".
struct Recorder : FrameEvents {
  std::vector<std::string> events;
  void on_message(FrameKind kind, std::string_view payload) override {
    events.push_back((kind == FrameKind::text ? "text:" : "binary:") + std::string(payload));
  }
  void on_ping(std::string_view payload) override { events.push_back("ping:" + std::string(payload)); }
  void on_pong(std::string_view payload) override { events.push_back("pong:" + std::string(payload)); }
  void on_close(std::uint16_t code, std::string_view reason) override {
    events.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
  }
  void on_protocol_error(std::uint16_t code, std::string_view) override {
    events.push_back("error:" + std::to_string(code));
  }
};

// Parses `bytes` in pieces of `piece` bytes (0: all at once).
std::vector<std::string> parse(std::string bytes, std::size_t piece = 0,
                               std::size_t max_message_bytes = 1 << 20) {
  FrameParser parser(max_message_bytes);
  Recorder recorder;
  if (piece == 0) piece = bytes.size();
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    parser.feed(bytes.data() + at, std::min(piece, bytes.size() - at), recorder);
  }
  return recorder.events;
}

// The same events whether the bytes come at once, byte by byte, or in odd pieces.
std::vector<std::string> parse_every_way(const std::string& bytes, std::size_t max = 1 << 20) {
  const auto whole = parse(bytes, 0, max);
  CHECK(parse(bytes, 1, max) == whole);
  CHECK(parse(bytes, 3, max) == whole);
  CHECK(parse(bytes, 7, max) == whole);
  return whole;
}

using Events = std::vector<std::string>;

}  // namespace

TEST_CASE("a masked text frame is unmasked and reported as one text message") {
  CHECK(parse_every_way(client_frame({fin | text, "hello, server"})) == Events{"text:hello, server"});
}

TEST_CASE("binary payloads with 7-, 16- and 64-bit lengths arrive intact") {
  for (const std::size_t size : {0u, 1u, 125u, 126u, 127u, 65535u, 65536u, 70001u}) {
    std::string payload;
    for (std::size_t i = 0; i < size; ++i) payload.push_back(static_cast<char>(i * 7));
    CHECK(parse(client_frame({fin | binary, payload})) == Events{"binary:" + payload});
    CHECK(parse(client_frame({fin | binary, payload}), 1) == Events{"binary:" + payload});
  }
  // A non-minimal length encoding is still a valid length.
  CHECK(parse_every_way(client_frame({fin | binary, "abc", true, 8})) == Events{"binary:abc"});
}

TEST_CASE("several frames in one read are all reported, in order") {
  const auto bytes = client_frame({fin | text, "one"}) + client_frame({fin | ping, "p"}) +
                     client_frame({fin | binary, "two"}) + client_frame({fin | pong, "q"});
  CHECK(parse_every_way(bytes) == Events{"text:one", "ping:p", "binary:two", "pong:q"});
}

TEST_CASE("a fragmented text message with pings between fragments is reassembled") {
  const auto bytes = client_frame({text, "Hel"}) + client_frame({fin | ping, "mid"}) +
                     client_frame({continuation, ""}) + client_frame({continuation, "lo "}) +
                     client_frame({fin | ping, ""}) + client_frame({fin | continuation, "world"});
  CHECK(parse_every_way(bytes) == Events{"ping:mid", "ping:", "text:Hello world"});
}

TEST_CASE("UTF-8 split across fragments is valid; the parser holds no bytes afterwards") {
  const std::string e_acute = "\xc3\xa9";
  const std::string start = std::string(40, '.') + "caf" + e_acute.substr(0, 1);
  const auto first = client_frame({text, start});
  const auto bytes = first + client_frame({fin | continuation, e_acute.substr(1)});
  CHECK(parse_every_way(bytes) == Events{"text:" + std::string(40, '.') + "caf\xc3\xa9"});
  FrameParser parser(1024);
  Recorder recorder;
  auto copy = bytes;
  parser.feed(copy.data(), first.size(), recorder);
  CHECK(parser.buffered_bytes() > 0);  // the first fragment is kept
  parser.feed(copy.data() + first.size(), copy.size() - first.size(), recorder);
  CHECK(recorder.events.size() == 1);
  CHECK(parser.buffered_bytes() == 0);  // and released with the message
}

TEST_CASE("an unmasked client frame is a protocol error (1002)") {
  CHECK(parse_every_way(client_frame({fin | text, "hi", false})) == Events{"error:1002"});
}

TEST_CASE("reserved bits set are a protocol error (1002)") {
  for (const unsigned char rsv : {0x40, 0x20, 0x10}) {
    CHECK(parse_every_way(client_frame({static_cast<unsigned char>(fin | rsv | text), "x"})) ==
          Events{"error:1002"});
  }
}

TEST_CASE("unknown opcodes are a protocol error (1002)") {
  for (const unsigned char opcode : {0x3, 0x7, 0xB, 0xF}) {
    CHECK(parse_every_way(client_frame({static_cast<unsigned char>(fin | opcode), ""})) ==
          Events{"error:1002"});
  }
}

TEST_CASE("control frames must be final and at most 125 bytes (1002)") {
  CHECK(parse_every_way(client_frame({ping, "x"})) == Events{"error:1002"});
  CHECK(parse_every_way(client_frame({fin | ping, std::string(126, 'x')})) == Events{"error:1002"});
  CHECK(parse_every_way(client_frame({fin | pong, std::string(125, 'x')})) ==
        Events{"pong:" + std::string(125, 'x')});
}

TEST_CASE("a continuation without a started message is a protocol error (1002)") {
  CHECK(parse_every_way(client_frame({fin | continuation, "x"})) == Events{"error:1002"});
}

TEST_CASE("a new data frame inside a fragmented message is a protocol error (1002)") {
  const auto bytes = client_frame({text, "a"}) + client_frame({fin | binary, "b"});
  CHECK(parse_every_way(bytes) == Events{"error:1002"});
}

TEST_CASE("a 64-bit length with the top bit set is a protocol error (1002)") {
  std::string bytes{static_cast<char>(fin | binary), static_cast<char>(0x80 | 127)};
  bytes += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8) + std::string("\x01\x02\x03\x04", 4);
  CHECK(parse_every_way(bytes) == Events{"error:1002"});
}

TEST_CASE("a message over max_message_bytes is refused with 1009 from its header alone") {
  CHECK(parse_every_way(client_frame({fin | binary, std::string(100, 'x')}), 100) ==
        Events{"binary:" + std::string(100, 'x')});
  // Only the header of a 101-byte frame: refused before any payload arrives.
  const auto header_only = client_frame({fin | binary, std::string(101, 'x')}).substr(0, 6);
  CHECK(parse_every_way(header_only, 100) == Events{"error:1009"});
  // Summed over fragments.
  const auto fragments = client_frame({text, std::string(60, 'a')}) +
                         client_frame({fin | continuation, std::string(41, 'a')});
  CHECK(parse_every_way(fragments, 100) == Events{"error:1009"});
}

TEST_CASE("invalid UTF-8 in a text message is refused with 1007, as soon as it is seen") {
  for (const std::string& bad : {std::string("\xc3\x28"), std::string("\xc0\xaf"),  // overlong
                                std::string("\xe0\x80\xaf"),                      // overlong
                                std::string("\xed\xa0\x80"),                      // surrogate
                                std::string("\xf4\x90\x80\x80"),                  // > U+10FFFF
                                std::string("\xf8\x88\x80\x80\x80"), std::string("\xff")}) {
    CHECK(parse_every_way(client_frame({fin | text, "ok " + bad})) == Events{"error:1007"});
  }
  // Fails fast: the first bad byte decides, long before the frame ends.
  const auto frame = client_frame({fin | text, "ab\xff" + std::string(500, 'c')});
  CHECK(parse(frame.substr(0, 2 + 2 + 4 + 3)) == Events{"error:1007"});
  // A message that ends inside a code point.
  CHECK(parse_every_way(client_frame({fin | text, "ends in \xe2\x82"})) == Events{"error:1007"});
  // Binary messages are not checked.
  CHECK(parse_every_way(client_frame({fin | binary, "\xff"})) == Events{"binary:\xff"});
  // The largest valid code points and a 4-byte sequence pass.
  CHECK(parse_every_way(client_frame({fin | text, "\xf4\x8f\xbf\xbf \xed\x9f\xbf \xf0\x9f\x98\x80"})) ==
        Events{"text:\xf4\x8f\xbf\xbf \xed\x9f\xbf \xf0\x9f\x98\x80"});
}

TEST_CASE("a close frame reports its code and reason; empty means 1005") {
  CHECK(parse_every_way(client_frame({fin | close_op, close_payload_bytes(1000, "bye")})) ==
        Events{"close:1000:bye"});
  CHECK(parse_every_way(client_frame({fin | close_op, ""})) == Events{"close:1005:"});
  for (const unsigned code : {1001u, 1003u, 1007u, 1011u, 1014u, 3000u, 4999u}) {
    CHECK(parse(client_frame({fin | close_op, close_payload_bytes(code)})) ==
          Events{"close:" + std::to_string(code) + ":"});
  }
}

TEST_CASE("bytes after a close frame are ignored") {
  const auto bytes = client_frame({fin | close_op, close_payload_bytes(1000)}) + client_frame({fin | text, "late"});
  CHECK(parse_every_way(bytes) == Events{"close:1000:"});
}

TEST_CASE("a 1-byte close payload and invalid close codes are protocol errors (1002)") {
  CHECK(parse_every_way(client_frame({fin | close_op, "\x03"})) == Events{"error:1002"});
  for (const unsigned code : {0u, 999u, 1004u, 1005u, 1006u, 1015u, 1016u, 2999u, 5000u, 65535u}) {
    CHECK(parse(client_frame({fin | close_op, close_payload_bytes(code)})) == Events{"error:1002"});
  }
}

TEST_CASE("a close reason that is not UTF-8 is refused with 1007") {
  CHECK(parse_every_way(client_frame({fin | close_op, close_payload_bytes(1000, "\xc3")})) ==
        Events{"error:1007"});
}

TEST_CASE("nothing is reported after a protocol error") {
  const auto bytes = client_frame({fin | text, "x", false}) + client_frame({fin | text, "after"});
  FrameParser parser(1024);
  Recorder recorder;
  auto copy = bytes;
  parser.feed(copy.data(), copy.size(), recorder);
  CHECK(parser.stopped());
  CHECK(recorder.events == Events{"error:1002"});
}
