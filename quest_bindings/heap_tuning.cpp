#include "heap_tuning.hpp"

#include <cstdlib>
#include <malloc.h>
#include <string_view>

namespace quest_bindings {
namespace {

// A server's large allocations are short-lived frames: a presence_state of a big room is
// hundreds of KiB, one per joiner, freed once written. glibc raises its mmap threshold to
// the size of every mmapped block freed (up to 32 MiB), so after the first such frame the
// rest come from the heap and leave it fragmented: 5,000 idle joined connections with
// presence held 10 KiB of RSS each, 5.3 with the threshold fixed (bench/channels memory,
// room:idle). A fixed threshold keeps them mmapped and returned to the system when freed.
void keep_large_frames_mmapped() { mallopt(M_MMAP_THRESHOLD, 128 * 1024); }

// glibc gives each allocating thread its own arena, and a chunk freed in one arena is
// reused only by the threads of that arena. Under connection churn a closing client's
// memory often goes back to one thread's arena while its successor is built in another,
// so free chunks pile up between live ones in every arena. In the 10-minute soak
// (bench/README.md) RSS grew 1.02% after minute 1 with per-thread arenas and 0.73% with
// one, from a 460 KiB lower start. One arena costs the fan-out nothing measurable (three
// interleaved pairs of saturated runs to 10,000 subscribers: 506k against 502k
// deliveries/s on average): glibc's per-thread cache serves most small allocations
// without taking the arena's lock.
void share_one_arena() { mallopt(M_ARENA_MAX, 1); }

}  // namespace

bool user_chose_arena_count(const char* malloc_arena_max, const char* glibc_tunables) {
  if (malloc_arena_max != nullptr) return true;
  return glibc_tunables != nullptr &&
         std::string_view(glibc_tunables).find("glibc.malloc.arena_max=") != std::string_view::npos;
}

void tune_heap_for_serving() {
  keep_large_frames_mmapped();
  if (!user_chose_arena_count(std::getenv("MALLOC_ARENA_MAX"), std::getenv("GLIBC_TUNABLES"))) {
    share_one_arena();
  }
}

}  // namespace quest_bindings
