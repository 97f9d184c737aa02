// The seam between transports and protocols.
//
// A Connection is one live client as protocol code sees it: an id, a way to queue an
// outgoing frame, a way to close. The WebSocket server (native/net, native/ws) implements
// it over real sockets; channels, presence and LiveView code only ever see this
// interface, which is why they can be unit-tested with an in-memory fake and no sockets.
//
// Threading contract: every member function is safe to call from any thread and returns
// at once. send() never blocks and never runs user callbacks; it queues the frame on the
// connection's own strand and reports what the bounded send queue did with it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace quest_live {

// An immutable, serialized message. A broadcast is serialized once and the same
// Frame is handed to every subscriber's queue: no per-subscriber copies.
using Frame = std::shared_ptr<const std::string>;

inline Frame make_frame(std::string bytes) {
  return std::make_shared<const std::string>(std::move(bytes));
}

enum class SendResult {
  ok,            // queued; will be written in order after everything queued before it
  backpressure,  // queued, but the queue is past its soft limit: consider slowing down
  dropped,       // not queued: the connection is closed, closing, or overflowed its queue
};

enum class FrameKind { text, binary };

// WebSocket close codes this project uses on purpose (RFC 6455 section 7.4).
namespace close_code {
inline constexpr std::uint16_t normal = 1000;
inline constexpr std::uint16_t going_away = 1001;        // graceful server shutdown
inline constexpr std::uint16_t protocol_error = 1002;
inline constexpr std::uint16_t invalid_payload = 1007;   // e.g. text frame with invalid UTF-8
inline constexpr std::uint16_t policy_violation = 1008;  // e.g. heartbeat timeout
inline constexpr std::uint16_t message_too_big = 1009;
inline constexpr std::uint16_t internal_error = 1011;
inline constexpr std::uint16_t slow_consumer = 4008;     // send queue overflowed
}  // namespace close_code

class Connection {
 public:
  virtual ~Connection() = default;

  // Stable for the connection's lifetime: a random (v4) UUID in canonical text form.
  virtual const std::string& id() const = 0;

  virtual SendResult send(Frame frame, FrameKind kind = FrameKind::text) = 0;

  // Starts a close handshake after everything already queued has been written.
  // Idempotent: later calls are ignored.
  virtual void close(std::uint16_t code, std::string reason) = 0;
};

using ConnectionPtr = std::shared_ptr<Connection>;

}  // namespace quest_live
