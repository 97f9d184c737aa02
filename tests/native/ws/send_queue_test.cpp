// The bounded send queue's accounting and limits, without sockets.
#include <doctest/doctest.h>

#include "quest_live/ws/send_queue.hpp"

using namespace quest_live;
using quest_live::ws::SendQueue;
using quest_live::ws::SendQueueLimits;
using Outcome = SendQueue::PushOutcome;

TEST_CASE("frames come out of take_all in the order they were pushed, with their kinds") {
  SendQueue queue;
  queue.push(make_frame("one"), FrameKind::text);
  queue.push(make_frame("two"), FrameKind::binary);
  queue.push(make_frame("three"), FrameKind::text);
  const auto batch = queue.take_all();
  REQUIRE(batch.size() == 3);
  CHECK(*batch[0].frame == "one");
  CHECK(batch[1].kind == FrameKind::binary);
  CHECK(*batch[2].frame == "three");
  CHECK_FALSE(queue.has_pending());
  CHECK(queue.take_all().empty());
}

TEST_CASE("taken frames stay counted until released") {
  SendQueue queue;
  queue.push(make_frame("12345"), FrameKind::text);
  queue.push(make_frame("678"), FrameKind::text);
  auto batch = queue.take_all();
  CHECK(queue.counted_bytes() == 8);
  CHECK(queue.counted_messages() == 2);
  queue.release(batch[0].frame->size());
  CHECK(queue.counted_bytes() == 3);
  CHECK(queue.counted_messages() == 1);
  queue.release(batch[1].frame->size());
  CHECK(queue.counted_bytes() == 0);
  CHECK(queue.counted_messages() == 0);
}

TEST_CASE("pushing past max_messages overflows and leaves the queue unchanged") {
  SendQueue queue(SendQueueLimits{1024, 2, 1024});
  CHECK(queue.push(make_frame("a"), FrameKind::text) == Outcome::queued);
  CHECK(queue.push(make_frame("b"), FrameKind::text) == Outcome::queued);
  CHECK(queue.push(make_frame("c"), FrameKind::text) == Outcome::overflow);
  CHECK(queue.counted_messages() == 2);
  CHECK(queue.take_all().size() == 2);
}

TEST_CASE("pushing past max_bytes overflows; exactly max_bytes fits") {
  SendQueue queue(SendQueueLimits{10, 100, 10});
  CHECK(queue.push(make_frame("12345"), FrameKind::text) == Outcome::queued);
  CHECK(queue.push(make_frame("67890"), FrameKind::text) == Outcome::queued);
  CHECK(queue.push(make_frame("x"), FrameKind::text) == Outcome::overflow);
  CHECK(queue.counted_bytes() == 10);
}

TEST_CASE("frames still in flight count against the limit: a stuck writer overflows") {
  SendQueue queue(SendQueueLimits{10, 100, 10});
  queue.push(make_frame("1234567890"), FrameKind::text);
  auto in_flight = queue.take_all();
  CHECK(queue.push(make_frame("1"), FrameKind::text) == Outcome::overflow);
  queue.release(in_flight[0].frame->size());
  CHECK(queue.push(make_frame("1"), FrameKind::text) == Outcome::queued);
}

TEST_CASE("past soft_bytes a push is accepted but reports backpressure") {
  SendQueue queue(SendQueueLimits{100, 100, 4});
  CHECK(queue.push(make_frame("1234"), FrameKind::text) == Outcome::queued);
  CHECK(queue.push(make_frame("5"), FrameKind::text) == Outcome::queued_past_soft_limit);
}

TEST_CASE("discard_pending forgets untaken frames but not the ones in flight") {
  SendQueue queue;
  queue.push(make_frame("in flight"), FrameKind::text);
  auto in_flight = queue.take_all();
  queue.push(make_frame("pending"), FrameKind::text);
  queue.discard_pending();
  CHECK_FALSE(queue.has_pending());
  CHECK(queue.counted_bytes() == in_flight[0].frame->size());
  CHECK(queue.counted_messages() == 1);
}

TEST_CASE("a null frame counts as empty and release never underflows") {
  SendQueue queue;
  CHECK(queue.push(nullptr, FrameKind::text) == Outcome::queued);
  queue.take_all();
  queue.release(0);
  queue.release(50);
  CHECK(queue.counted_bytes() == 0);
  CHECK(queue.counted_messages() == 0);
}

TEST_CASE("frames pushed after take_all form the next batch, in order, apart from the first") {
  SendQueue queue;
  queue.push(make_frame("a"), FrameKind::text);
  const auto first = queue.take_all();
  queue.push(make_frame("b"), FrameKind::text);
  queue.push(make_frame("c"), FrameKind::binary);
  const auto second = queue.take_all();
  REQUIRE(first.size() == 1);
  CHECK(*first[0].frame == "a");
  REQUIRE(second.size() == 2);
  CHECK(*second[0].frame == "b");
  CHECK(*second[1].frame == "c");
  CHECK(queue.counted_messages() == 3);  // nothing released yet
}
