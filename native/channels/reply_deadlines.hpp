// Reply deadlines: a join or event that waits for an asynchronous answer (a Quest handler
// answers from the interpreter's loop) is answered with its timeout once
// EndpointOptions::reply_timeout passes.
//
// One timer per request, what this replaces, cost an asio timer, its wait operation and
// a closure (about 300 bytes) for the whole timeout, 10 s by default, even when the
// answer came a millisecond later: at 60,000 events/s, 600,000 live timers. Every request
// shares the one timeout, so requests expire in the order they began. They form a doubly
// linked list in that order, and one scheduled sweep waits for the list's head. A request
// costs three pointers and a time stamp while it waits, and nothing once answered: it
// unlinks itself when its last responder lets go of it.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>

#include "quest_live/channels/scheduler.hpp"

namespace quest_live::channels::detail {

class ReplyDeadlines;

// A request that waits for its answer (PendingJoin, PendingEvent). Owned by shared_ptrs
// (its responders); the list only points at it.
class AwaitingReply : public std::enable_shared_from_this<AwaitingReply> {
 public:
  AwaitingReply() = default;
  AwaitingReply(const AwaitingReply&) = delete;
  AwaitingReply& operator=(const AwaitingReply&) = delete;
  virtual ~AwaitingReply();  // leaves the list

  // The deadline passed: answer with the timeout. Called once, on the scheduler's
  // thread, with no lock held; the request may have been answered meanwhile.
  virtual void expire() = 0;

 private:
  friend class ReplyDeadlines;
  std::shared_ptr<ReplyDeadlines> deadlines_;  // set while in the list
  AwaitingReply* previous_ = nullptr;
  AwaitingReply* next_ = nullptr;
  std::chrono::steady_clock::time_point deadline_;
};

class ReplyDeadlines : public std::enable_shared_from_this<ReplyDeadlines> {
 public:
  // Create with std::make_shared (the scheduled sweep holds a weak reference). A zero or
  // negative timeout means requests never time out.
  ReplyDeadlines(std::shared_ptr<Scheduler> scheduler, std::chrono::milliseconds timeout);

  // Starts `request`'s clock (at most once per request).
  void add(AwaitingReply& request);
  // Requests waiting in the list (tests and diagnostics).
  std::size_t waiting() const;

 private:
  friend class AwaitingReply;
  using Clock = std::chrono::steady_clock;

  // Expires every request due by `due` (a scheduler runs a task no sooner than asked,
  // so `due` has passed by its clock, which may be a test's) or by now.
  void sweep(Clock::time_point due);
  void unlink_locked(AwaitingReply& request);
  void schedule_locked(Clock::time_point due);

  const std::shared_ptr<Scheduler> scheduler_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  AwaitingReply* head_ = nullptr;  // oldest first
  AwaitingReply* tail_ = nullptr;
  std::size_t waiting_ = 0;
  bool sweep_scheduled_ = false;
};

}  // namespace quest_live::channels::detail
