#include "memory_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace quest_live::net {

void MemoryTrimmer::trim_if_released() {
  if (!released_.exchange(false, std::memory_order_relaxed)) return;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  // Counted on other C libraries too: their allocators return memory on their own.
  trims_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace quest_live::net
