// A bounded, per-connection queue of outgoing frames.
//
// Plain data, no I/O and no locking: the WebSocket session guards it with its own mutex
// and drains it from its strand. Bytes and messages are counted from push() until the
// writer calls release() after the frame is on the wire, so frames already taken for
// writing still count against the limits: a client that stops reading overflows even
// while one batch is stuck in flight.
//
// Policy when a limit is hit: push() refuses the frame and reports overflow. The owner
// then closes the connection with close_code::slow_consumer (4008); it never blocks the
// caller and never drops frames silently from the middle of the stream.
#pragma once

#include <cstddef>
#include <vector>

#include "quest_live/connection.hpp"

namespace quest_live::ws {

struct SendQueueLimits {
  std::size_t max_bytes = 4 * 1024 * 1024;  // hard limit: overflow past this
  std::size_t max_messages = 4096;          // hard limit: overflow past this
  std::size_t soft_bytes = 1024 * 1024;     // past this, push() reports backpressure
};

struct OutgoingFrame {
  Frame frame;
  FrameKind kind = FrameKind::text;
};

class SendQueue {
 public:
  enum class PushOutcome { queued, queued_past_soft_limit, overflow };

  explicit SendQueue(SendQueueLimits limits = {}) : limits_(limits) {}

  // Appends the frame unless that would exceed a hard limit. Constant time.
  PushOutcome push(Frame frame, FrameKind kind);

  // Moves every pending frame out, in order, for one drain. They stay counted until
  // release() is called for each.
  std::vector<OutgoingFrame> take_all();

  // The writer calls this once per frame taken, after it has been written (or abandoned).
  void release(std::size_t frame_bytes);

  // Forgets the frames not yet taken (used when the connection is being torn down).
  void discard_pending();

  bool has_pending() const { return !pending_.empty(); }
  std::size_t counted_bytes() const { return bytes_; }
  std::size_t counted_messages() const { return messages_; }
  const SendQueueLimits& limits() const { return limits_; }

 private:
  SendQueueLimits limits_;
  // A vector, not a deque: an empty one allocates nothing (most connections are idle),
  // and take_all() hands the whole buffer over without copying.
  std::vector<OutgoingFrame> pending_;
  std::size_t bytes_ = 0;
  std::size_t messages_ = 0;
};

}  // namespace quest_live::ws
