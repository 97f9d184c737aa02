// An incremental parser for the frames a WebSocket client sends (RFC 6455 section 5),
// with the server's rules: bytes go in as they arrive, in pieces of any size; whole
// events come out.
//
// Pure code: no sockets, no Asio, one behaviour per call, so it is unit-tested byte by
// byte. The session feeds it from a per-thread scratch buffer; the parser unmasks in
// place and hands out views. It only keeps bytes of its own for an incomplete frame or a
// fragmented message, and releases them as soon as the message is complete, so an idle
// connection's parser holds no heap memory.
//
// After a close frame or an error the parser stops: later bytes are ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "quest_live/connection.hpp"
#include "utf8_validator.hpp"

namespace quest_live::net {

// What the parser reports. Views are valid only during the call.
class FrameEvents {
 public:
  virtual void on_message(FrameKind kind, std::string_view payload) = 0;
  virtual void on_ping(std::string_view payload) = 0;
  virtual void on_pong(std::string_view payload) = 0;
  // A well-formed close frame; code 1005 (no status) when it carried no code.
  virtual void on_close(std::uint16_t code, std::string_view reason) = 0;
  // The peer broke the protocol; `code` is what to close with (1002, 1007 or 1009).
  virtual void on_protocol_error(std::uint16_t code, std::string_view reason) = 0;

 protected:
  ~FrameEvents() = default;
};

// Close codes a peer may send (RFC 6455 section 7.4): 1000-1003, 1007-1014, 3000-4999.
bool is_valid_received_close_code(std::uint16_t code);

class FrameParser {
 public:
  // Messages larger than this (summed over fragments) are refused with 1009, decided
  // from each frame's header before any of its payload is kept.
  explicit FrameParser(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  // Parses `size` bytes at `data`, unmasking them in place, and reports every event they
  // complete, in order.
  void feed(char* data, std::size_t size, FrameEvents& events);

  // True after a close frame or a protocol error.
  bool stopped() const { return stage_ == Stage::stopped; }
  // Heap bytes held for an incomplete message or control frame (0 between messages).
  std::size_t buffered_bytes() const {
    return kept_ ? sizeof(Kept) + heap_bytes(kept_->message) + heap_bytes(kept_->control) : 0;
  }

 private:
  enum class Stage : std::uint8_t { header, payload, stopped };

  std::size_t take_header_bytes(const char* data, std::size_t size);
  bool check_first_two_bytes(FrameEvents& events);
  std::size_t header_size() const;
  bool start_frame(FrameEvents& events);
  std::size_t take_payload(char* data, std::size_t size, FrameEvents& events);
  void finish_frame(std::string_view direct_payload, bool have_direct, FrameEvents& events);
  void finish_control_frame(std::string_view payload, FrameEvents& events);
  void finish_close_frame(std::string_view payload, FrameEvents& events);
  void fail(std::uint16_t code, std::string_view reason, FrameEvents& events);
  void unmask(char* data, std::size_t size);
  bool is_control() const { return opcode_ >= 0x8; }
  static std::size_t heap_bytes(const std::string& buffer) {
    return buffer.capacity() > std::string().capacity() ? buffer.capacity() : 0;
  }

  std::size_t max_message_bytes_;
  Stage stage_ = Stage::header;

  // The frame being read.
  unsigned char header_[14]{};
  std::uint8_t header_have_ = 0;
  std::uint8_t opcode_ = 0;
  bool fin_ = false;
  std::uint64_t payload_size_ = 0;
  std::uint64_t payload_seen_ = 0;
  unsigned char mask_[4]{};

  // The message being assembled: opcode 1 (text) or 2 (binary), 0 between messages.
  std::uint8_t message_opcode_ = 0;
  std::uint64_t message_bytes_ = 0;
  Utf8Validator utf8_;
  // Bytes kept between reads, allocated only while a message or control frame is split.
  struct Kept {
    std::string message;  // payload of earlier fragments / reads
    std::string control;  // a control frame split across reads
  };
  std::unique_ptr<Kept> kept_;
  Kept& kept();
  void release_kept_if_empty();
};

}  // namespace quest_live::net
