// JSON text -> Quest values (runtime/std/json_convert.cpp, quest/json.hpp): any bytes parse or give an error
// with an offset; a parsed value stringifies (compact and indented) and parses back to an
// equal value, and a second stringify is byte-identical to the first (a fixed point).
// Parsed from UTF-8 text (what a Quest Str holds), every Str and key is UTF-8: \u escapes
// cannot smuggle in a lone surrogate (the phoenix_decoder target found that gap, which
// this target's properties could not see).
#include <cstring>
#include <string>

#include "fuzz_check.hpp"
#include "quest/json.hpp"
#include "quest_value_equality.hpp"
#include "utf8_reference.hpp"

namespace {

bool all_text_utf8(const quest::Value& value) {
  auto utf8 = [](std::string_view text) { return fuzz_reference::check_utf8(text) == fuzz_reference::Utf8Verdict::valid; };
  if (value.is_str()) return utf8(value.as_str());
  bool ok = true;
  if (value.is_dict()) {
    value.as_dict().for_each(
        [&](const std::string& key, const quest::Value& item) { ok = ok && utf8(key) && all_text_utf8(item); });
  } else if (value.is_array()) {
    for (const quest::Value& item : value.as_array().items) ok = ok && all_text_utf8(item);
  }
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quest::Vm vm;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const quest::json::ParseResult parsed = quest::json::parse(text);
  if (!parsed.ok) {
    FUZZ_CHECK(!parsed.error.empty(), "a parse error says what is wrong");
    return 0;
  }
  if (fuzz_reference::check_utf8(text) == fuzz_reference::Utf8Verdict::valid)
    FUZZ_CHECK(all_text_utf8(parsed.value), "parsed from UTF-8 text, every Str and key is UTF-8");
  for (int indent : {-1, 2}) {
    const std::string written = quest::json::stringify(vm, parsed.value, indent);
    const quest::json::ParseResult again = quest::json::parse(written);
    FUZZ_CHECK(again.ok, "what stringify writes parses");
    FUZZ_CHECK(fuzz_support::strictly_equal(parsed.value, again.value), "parse -> stringify -> parse is equal");
    FUZZ_CHECK(quest::json::stringify(vm, again.value, indent) == written, "stringify is a fixed point");
  }
  return 0;
}
