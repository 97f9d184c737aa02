// How close the current thread is to the end of its C++ stack. The interpreter recurses
// on the C++ stack, and a frame's size is not a constant: sanitizer builds make frames
// several times larger, and a host may run a Vm on a thread with a small stack. The call
// depth limit (VmOptions::max_call_depth) alone cannot know either, so every Quest call
// also checks the real remaining stack and raises the same clean RuntimeErr in time.
#pragma once

#include <cstdint>

namespace quest::detail {

// The lowest address this thread's stack may reach before a call must be refused: the
// stack's end plus a reserve large enough for raising and unwinding the error. Computed
// once per thread; 0 (never refuse) when the thread's bounds cannot be read.
std::uintptr_t stack_floor();

// True when the caller's frame lies below the floor. __builtin_frame_address is the real
// machine stack even when AddressSanitizer moves locals to its fake stack.
inline bool stack_nearly_exhausted() {
  return reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)) < stack_floor();
}

}  // namespace quest::detail
