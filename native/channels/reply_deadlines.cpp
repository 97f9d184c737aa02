// The reply deadline list (see reply_deadlines.hpp).
#include "reply_deadlines.hpp"

#include <algorithm>
#include <vector>

namespace quest_live::channels::detail {

AwaitingReply::~AwaitingReply() {
  if (!deadlines_) return;
  std::lock_guard lock(deadlines_->mutex_);
  // A sweep may have taken it out meanwhile (it then holds a reference, so it cannot
  // be destroying us); check under the lock.
  if (previous_ || next_ || deadlines_->head_ == this) deadlines_->unlink_locked(*this);
}

ReplyDeadlines::ReplyDeadlines(std::shared_ptr<Scheduler> scheduler, std::chrono::milliseconds timeout)
    : scheduler_(std::move(scheduler)), timeout_(timeout) {}

void ReplyDeadlines::add(AwaitingReply& request) {
  if (timeout_.count() <= 0 || request.deadlines_) return;
  request.deadlines_ = shared_from_this();
  std::lock_guard lock(mutex_);
  request.deadline_ = Clock::now() + timeout_;
  request.previous_ = tail_;
  request.next_ = nullptr;
  if (tail_) tail_->next_ = &request;
  else head_ = &request;
  tail_ = &request;
  ++waiting_;
  if (!sweep_scheduled_) schedule_locked(request.deadline_);
}

std::size_t ReplyDeadlines::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_;
}

void ReplyDeadlines::unlink_locked(AwaitingReply& request) {
  if (request.previous_) request.previous_->next_ = request.next_;
  else head_ = request.next_;
  if (request.next_) request.next_->previous_ = request.previous_;
  else tail_ = request.previous_;
  request.previous_ = request.next_ = nullptr;
  --waiting_;
}

void ReplyDeadlines::schedule_locked(Clock::time_point due) {
  sweep_scheduled_ = true;
  const auto wait = std::max(std::chrono::milliseconds(0), std::chrono::ceil<std::chrono::milliseconds>(due - Clock::now()));
  scheduler_->run_after(wait, [weak = weak_from_this(), due] {
    if (auto self = weak.lock()) self->sweep(due);
  });
}

void ReplyDeadlines::sweep(Clock::time_point due) {
  std::vector<std::shared_ptr<AwaitingReply>> expired;
  {
    std::lock_guard lock(mutex_);
    sweep_scheduled_ = false;
    const auto limit = std::max(due, Clock::now());
    AwaitingReply* request = head_;
    while (request && request->deadline_ <= limit) {
      AwaitingReply* next = request->next_;
      // One whose last owner is letting go is skipped: its destructor, waiting for this
      // lock, unlinks it.
      if (auto alive = request->weak_from_this().lock()) {
        unlink_locked(*request);
        expired.push_back(std::move(alive));
      }
      request = next;
    }
    if (request) schedule_locked(request->deadline_);
    else if (head_) schedule_locked(limit + timeout_);  // only dying ones are left: look again later
  }
  for (const auto& request : expired) request->expire();
}

}  // namespace quest_live::channels::detail
