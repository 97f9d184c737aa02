// stack_floor (stack_guard.hpp): read once per thread from pthread's view of the stack.
#include "stack_guard.hpp"

#include <algorithm>
#include <cstddef>
#include <pthread.h>

namespace quest::detail {

namespace {

// A quarter of the stack, between 256 KiB and 16 MiB: an 8 MiB main thread keeps 2 MiB
// for the error path (an ASan build's raise, unwind and stack capture need well over
// 100 KiB), the 1 GiB run_on_big_stack thread 16 MiB, a 512 KiB host thread 256 KiB.
constexpr std::size_t kMinReserve = std::size_t(256) << 10;
constexpr std::size_t kMaxReserve = std::size_t(16) << 20;

std::uintptr_t compute_floor() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return 0;
  void* low = nullptr;
  std::size_t size = 0;
  const int got = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (got != 0 || low == nullptr || size == 0) return 0;
  // A small stack (a host's own thread) keeps half of itself in reserve instead.
  const std::size_t reserve = std::clamp(size / 4, std::min(kMinReserve, size / 2), kMaxReserve);
  return reinterpret_cast<std::uintptr_t>(low) + reserve;
}

}  // namespace

std::uintptr_t stack_floor() {
  static thread_local const std::uintptr_t floor = compute_floor();
  return floor;
}

}  // namespace quest::detail
