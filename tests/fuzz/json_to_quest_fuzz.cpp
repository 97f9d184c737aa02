// JSON text -> Quest values (runtime/std/json_convert.cpp, quest/json.hpp): any bytes parse or give an error
// with an offset; a parsed value stringifies (compact and indented) and parses back to an
// equal value, and a second stringify is byte-identical to the first (a fixed point).
#include <cstring>
#include <string>

#include "fuzz_check.hpp"
#include "quest/json.hpp"
#include "quest_value_equality.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quest::Vm vm;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const quest::json::ParseResult parsed = quest::json::parse(text);
  if (!parsed.ok) {
    FUZZ_CHECK(!parsed.error.empty(), "a parse error says what is wrong");
    return 0;
  }
  for (int indent : {-1, 2}) {
    const std::string written = quest::json::stringify(vm, parsed.value, indent);
    const quest::json::ParseResult again = quest::json::parse(written);
    FUZZ_CHECK(again.ok, "what stringify writes parses");
    FUZZ_CHECK(fuzz_support::strictly_equal(parsed.value, again.value), "parse -> stringify -> parse is equal");
    FUZZ_CHECK(quest::json::stringify(vm, again.value, indent) == written, "stringify is a fixed point");
  }
  return 0;
}
