// What every fuzz target shares: a property check that stops the run with a message
// (libFuzzer then saves the input as a crash artifact), whatever NDEBUG says.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                    \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "fuzz property violated: %s\n  at %s:%d: %s\n", what,        \
                   __FILE__, __LINE__, #condition);                                    \
      std::abort();                                                                    \
    }                                                                                  \
  } while (0)
