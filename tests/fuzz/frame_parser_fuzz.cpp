// The RFC 6455 client-frame parser, three ways over the same bytes:
//  - fed whole, its events must equal those of a plain reference reading of the stream
//    written below from the RFC's rules (so no frame it accepts breaks them: masking,
//    reserved bits, opcodes, control frame limits, fragmentation order, the message size
//    limit, UTF-8 of text and close reasons, close codes);
//  - fed in fuzzer-chosen pieces, its events must equal those of the whole feed.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

#include "frame_parser.hpp"
#include "fuzz_check.hpp"
#include "utf8_reference.hpp"

using quest_live::FrameKind;
using quest_live::net::FrameEvents;
using quest_live::net::FrameParser;
using fuzz_reference::Utf8Verdict;

namespace {

using Events = std::vector<std::string>;

struct Recorder : FrameEvents {
  Events events;
  void on_message(FrameKind kind, std::string_view payload) override {
    events.push_back((kind == FrameKind::text ? "text:" : "binary:") + std::string(payload));
  }
  void on_ping(std::string_view payload) override { events.push_back("ping:" + std::string(payload)); }
  void on_pong(std::string_view payload) override { events.push_back("pong:" + std::string(payload)); }
  void on_close(std::uint16_t code, std::string_view reason) override {
    events.push_back("close:" + std::to_string(code) + ":" + std::string(reason));
  }
  void on_protocol_error(std::uint16_t code, std::string_view reason) override {
    FUZZ_CHECK(code == 1002 || code == 1007 || code == 1009, "protocol errors close with 1002/1007/1009");
    FUZZ_CHECK(!reason.empty(), "a protocol error says why");
    events.push_back("error:" + std::to_string(code));
  }
};

// The stream read the way RFC 6455 section 5 describes it, whole, frame after frame.
// Stops quietly where the bytes end inside a frame, as a parser waiting for more would,
// except that a text message whose bytes so far cannot become UTF-8 fails at once.
Events reference_events(const std::string& stream, std::uint64_t max_message_bytes) {
  Events events;
  const auto* bytes = reinterpret_cast<const unsigned char*>(stream.data());
  const std::size_t size = stream.size();
  std::size_t at = 0;
  int message_opcode = 0;  // 0: no fragmented message open
  std::string message;     // payload of its earlier fragments
  const auto error = [&](int code) { events.push_back("error:" + std::to_string(code)); return events; };
  while (size - at >= 2) {
    const bool fin = bytes[at] & 0x80;
    const int reserved = bytes[at] & 0x70;
    const int opcode = bytes[at] & 0x0F;
    const bool masked = bytes[at + 1] & 0x80;
    const int length7 = bytes[at + 1] & 0x7F;
    const bool control = opcode >= 8;
    if (reserved != 0) return error(1002);
    if (!(opcode <= 2 || (opcode >= 8 && opcode <= 10))) return error(1002);
    if (!masked) return error(1002);
    if (control && (!fin || length7 > 125)) return error(1002);
    if (opcode == 0 && message_opcode == 0) return error(1002);
    if (!control && opcode != 0 && message_opcode != 0) return error(1002);
    const std::size_t length_bytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    if (size - at < 2 + length_bytes + 4) return events;
    std::uint64_t length = static_cast<std::uint64_t>(length7);
    if (length_bytes > 0) {
      length = 0;
      for (std::size_t i = 0; i < length_bytes; ++i) length = (length << 8) | bytes[at + 2 + i];
    }
    if (length >> 63) return error(1002);
    if (!control && length + message.size() > max_message_bytes) return error(1009);
    const unsigned char* mask = bytes + at + 2 + length_bytes;
    at += 2 + length_bytes + 4;
    const std::size_t available = static_cast<std::size_t>(std::min<std::uint64_t>(length, size - at));
    std::string payload(available, '\0');
    for (std::size_t i = 0; i < available; ++i) payload[i] = static_cast<char>(bytes[at + i] ^ mask[i % 4]);
    at += available;
    const int kind = control ? opcode : (opcode == 0 ? message_opcode : opcode);
    if (kind == 1 && fuzz_reference::check_utf8(message + payload) == Utf8Verdict::invalid) {
      return error(1007);
    }
    if (available < length) return events;  // the frame's end has not arrived
    if (opcode == 9) { events.push_back("ping:" + payload); continue; }
    if (opcode == 10) { events.push_back("pong:" + payload); continue; }
    if (opcode == 8) {
      if (payload.size() == 1) return error(1002);
      if (payload.empty()) { events.push_back("close:1005:"); return events; }
      const int code = (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]);
      const bool valid_code = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                              (code >= 3000 && code <= 4999);
      if (!valid_code) return error(1002);
      const std::string reason = payload.substr(2);
      if (fuzz_reference::check_utf8(reason) != Utf8Verdict::valid) return error(1007);
      events.push_back("close:" + std::to_string(code) + ":" + reason);
      return events;
    }
    message_opcode = kind;
    message += payload;
    if (!fin) continue;
    if (kind == 1 && fuzz_reference::check_utf8(message) != Utf8Verdict::valid) return error(1007);
    events.push_back((kind == 1 ? "text:" : "binary:") + message);
    message.clear();
    message_opcode = 0;
  }
  return events;
}

bool ends_the_connection(const Events& events) {
  return !events.empty() && (events.back().rfind("close:", 0) == 0 || events.back().rfind("error:", 0) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  // The limit is small often (to reach 1009 with small inputs), sometimes the default.
  const std::size_t max_message_bytes =
      input.ConsumeBool() ? std::size_t{1} << 20 : input.ConsumeIntegralInRange<std::size_t>(0, 300);
  std::vector<std::size_t> pieces;
  const auto piece_count = input.ConsumeIntegralInRange<int>(0, 12);
  for (int i = 0; i < piece_count; ++i) pieces.push_back(input.ConsumeIntegralInRange<std::size_t>(0, 40));
  const std::string stream = input.ConsumeRemainingBytesAsString();

  const Events expected = reference_events(stream, max_message_bytes);

  // The parser unmasks in place: each run gets its own copy.
  std::string whole_bytes = stream;
  FrameParser whole_parser(max_message_bytes);
  Recorder whole;
  whole_parser.feed(whole_bytes.data(), whole_bytes.size(), whole);
  FUZZ_CHECK(whole.events == expected, "fed whole, the parser reports what the RFC reading gives");
  FUZZ_CHECK(whole_parser.stopped() == ends_the_connection(expected), "stops exactly after close or error");

  std::string split_bytes = stream;
  FrameParser split_parser(max_message_bytes);
  Recorder split;
  std::size_t at = 0;
  for (std::size_t piece = 0; at < split_bytes.size(); ++piece) {
    const std::size_t length = piece < pieces.size() ? std::min(pieces[piece], split_bytes.size() - at)
                                                     : split_bytes.size() - at;
    split_parser.feed(split_bytes.data() + at, length, split);
    at += length;
  }
  FUZZ_CHECK(split.events == whole.events, "the same bytes in pieces give the same events");
  FUZZ_CHECK(split_parser.stopped() == whole_parser.stopped(), "pieces stop like the whole");
  return 0;
}
