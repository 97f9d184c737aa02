// A one-byte lock for the tiny critical sections of a connection's send queue (append a
// frame, take the batch, release a written batch). A std::mutex is 40 bytes on every
// connection and a futex round trip when contended; these sections are a few
// instructions long, so spinning briefly and then yielding is cheaper in both.
// Satisfies BasicLockable (use with std::lock_guard). Not for sections that block.
#pragma once

#include <atomic>
#include <thread>

namespace quest_live::net {

class SpinLock {
 public:
  void lock() noexcept {
    for (int attempt = 0; locked_.exchange(true, std::memory_order_acquire); ++attempt) {
      while (locked_.load(std::memory_order_relaxed)) {
        // The holder may have been preempted (more threads than cores): give it the core.
        if (++attempt > 64) std::this_thread::yield();
      }
    }
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

}  // namespace quest_live::net
