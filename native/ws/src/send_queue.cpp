#include "quest_live/ws/send_queue.hpp"

namespace quest_live::ws {

SendQueue::PushOutcome SendQueue::push(Frame frame, FrameKind kind) {
  const std::size_t size = frame ? frame->size() : 0;
  if (messages_ + 1 > limits_.max_messages || bytes_ + size > limits_.max_bytes) {
    return PushOutcome::overflow;
  }
  pending_.push_back(OutgoingFrame{std::move(frame), kind});
  bytes_ += size;
  messages_ += 1;
  return bytes_ > limits_.soft_bytes ? PushOutcome::queued_past_soft_limit
                                     : PushOutcome::queued;
}

std::vector<OutgoingFrame> SendQueue::take_all() {
  std::vector<OutgoingFrame> batch;
  batch.swap(pending_);
  return batch;
}

void SendQueue::release(std::size_t frame_bytes) {
  bytes_ -= frame_bytes <= bytes_ ? frame_bytes : bytes_;
  if (messages_ > 0) messages_ -= 1;
}

void SendQueue::discard_pending() {
  for (const auto& item : pending_) release(item.frame ? item.frame->size() : 0);
  std::vector<OutgoingFrame>().swap(pending_);
}

}  // namespace quest_live::ws
