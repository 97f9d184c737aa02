// heap_tuning.hpp: `quest serve` picks the arena count only when the user has not.
#include <doctest/doctest.h>

#include "heap_tuning.hpp"

using quest_bindings::user_chose_arena_count;

TEST_CASE("no arena setting in the environment: quest serve chooses") {
  CHECK_FALSE(user_chose_arena_count(nullptr, nullptr));
  CHECK_FALSE(user_chose_arena_count(nullptr, "glibc.malloc.tcache_count=16"));
  CHECK_FALSE(user_chose_arena_count(nullptr, ""));
}

TEST_CASE("MALLOC_ARENA_MAX set, to anything: the user's choice stands") {
  CHECK(user_chose_arena_count("8", nullptr));
  CHECK(user_chose_arena_count("", nullptr));
}

TEST_CASE("glibc.malloc.arena_max among the tunables: the user's choice stands") {
  CHECK(user_chose_arena_count(nullptr, "glibc.malloc.arena_max=4"));
  CHECK(user_chose_arena_count(nullptr, "glibc.malloc.tcache_count=0:glibc.malloc.arena_max=2"));
  // arena_test is another tunable, not the arena count.
  CHECK_FALSE(user_chose_arena_count(nullptr, "glibc.malloc.arena_test=2"));
}
