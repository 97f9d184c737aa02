#include "memory_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace quest_live::net {

bool MemoryTrimmer::trim_if_released() {
  if (releases_since_trim_.exchange(0, std::memory_order_relaxed) == 0) return false;
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  // Counted on other C libraries too: their allocators return memory on their own.
  trims_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

}  // namespace quest_live::net
