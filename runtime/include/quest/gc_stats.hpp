// Figures about the cycle collector of the calling thread (Vm::gc_stats, sys.gc_stats).
// A plain value: copying it holds nothing.
#pragma once

#include <array>
#include <cstddef>

namespace quest {

struct GcStats {
  static constexpr int kGenerations = 3;  // 0 young, 1 middle, 2 old
  std::array<std::size_t, kGenerations> tracked{};      // objects on each list now
  std::array<std::size_t, kGenerations> collections{};  // collections of each generation so far
  std::array<std::size_t, kGenerations> thresholds{};   // see GcHeap::set_thresholds
  std::size_t freed = 0;         // garbage objects freed by all collections so far
  std::size_t live_objects = 0;  // every heap object alive on this thread (Str included)
};

}  // namespace quest
