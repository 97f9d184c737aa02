# The sanitizer build (`make asan`, `make fuzz`: build-san, clang-16). Every target gets
# AddressSanitizer + UndefinedBehaviorSanitizer (LeakSanitizer comes with ASan); a UBSan
# report stops the process, so a suite cannot pass over one.
#
# With clang the same objects also carry libFuzzer's coverage hooks (fuzzer-no-link:
# counters and comparison hooks, no-ops in a program without libFuzzer's main), so the
# fuzz executables of tests/fuzz link against the very libraries the suites test, and CI
# pays for one sanitizer build instead of two.
if(QUEST_FUZZ AND NOT QUEST_SANITIZE)
  message(FATAL_ERROR "QUEST_FUZZ needs QUEST_SANITIZE=ON (the fuzz targets live in the sanitizer tree)")
endif()
if(NOT QUEST_SANITIZE)
  return()
endif()

add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)

# Boost's assertions stay on here (no NDEBUG) and go through our handler, which aborts as
# assert() does except on an assertion Boost has since removed as wrong (listed, with the
# upstream fix, in sanitizer_boost_assert.cpp). Linked into every target made after this.
add_compile_definitions(BOOST_ENABLE_ASSERT_HANDLER)
add_library(quest_sanitizer_boost_assert STATIC ${CMAKE_CURRENT_LIST_DIR}/sanitizer_boost_assert.cpp)
link_libraries(quest_sanitizer_boost_assert)

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  add_compile_options(-fsanitize=fuzzer-no-link)
  # Third-party code UBSan does not instrument (ASan still does), with the reasons, in
  # sanitizer_ignorelist.txt. Its MD5 is on the command line because ccache hashes the
  # command line but not the list: a changed list must rebuild.
  set(QUEST_SAN_IGNORELIST ${CMAKE_CURRENT_LIST_DIR}/sanitizer_ignorelist.txt)
  file(MD5 ${QUEST_SAN_IGNORELIST} QUEST_SAN_IGNORELIST_MD5)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${QUEST_SAN_IGNORELIST})
  add_compile_options(-fsanitize-ignorelist=${QUEST_SAN_IGNORELIST} -DQUEST_SAN_IGNORELIST_MD5=${QUEST_SAN_IGNORELIST_MD5})
  # UBSan's `builtin` check (clz/ctz of 0) is off: RapidJSON 1.1's diyfp.h normalizes a
  # zero significand with __builtin_clzll(0) (harmless: the value shifted is 0), inline
  # in every file that parses a number at full precision, and clang 16 does not apply the
  # ignorelist to that check. None of our own code calls clz/ctz.
  add_compile_options(-fno-sanitize=builtin)
elseif(QUEST_FUZZ)
  message(FATAL_ERROR "QUEST_FUZZ needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-16), not ${CMAKE_CXX_COMPILER_ID}")
endif()
