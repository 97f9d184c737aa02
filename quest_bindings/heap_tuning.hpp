// Process-wide glibc malloc settings for a long-running server (`quest serve`): a host's
// choice, not the engine's, so the native library never sets them itself. Call
// tune_heap_for_serving() first thing, before the server starts its threads.
#pragma once

namespace quest_bindings {

// Applies both settings below (the arena count only when the user chose none).
void tune_heap_for_serving();

// Whether the environment already fixes glibc's arena count: MALLOC_ARENA_MAX, or
// glibc.malloc.arena_max in GLIBC_TUNABLES. Either may be null (unset).
bool user_chose_arena_count(const char* malloc_arena_max, const char* glibc_tunables);

}  // namespace quest_bindings
