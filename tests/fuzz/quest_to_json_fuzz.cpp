// Quest values -> JSON text -> Quest values (runtime/std/json_convert.cpp, quest/json.hpp). The fuzzer's
// bytes build a value (nil, Bool, Int, Float including NaN/Infinity/-0.0/denormals, Str
// with any bytes, Array, Dict, and nesting around the depth limit). stringify raises
// ValueErr exactly for a non-finite float or more than kMaxDepth nested containers;
// otherwise its text parses back to a strictly equal value.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "fuzz_check.hpp"
#include "quest/json.hpp"
#include "quest/error.hpp"
#include "quest_value_equality.hpp"
#include "utf8_reference.hpp"

namespace {

struct Built {
  bool went_deep = false;  // one deep chain per input is enough
  // Values left to build: four children per container eight levels deep is 87,000
  // values from a short input, which made one execution take 0.3 s; a few thousand
  // reach every shape the property cares about.
  int budget = 3000;
};

// What stringify must refuse, read off the finished value (not while building it: a
// repeated Dict key replaces an earlier value, which may have been the NaN or the deep
// chain). `containers` counts the containers around `value`.
struct Refusal {
  bool non_finite = false;
  std::size_t deepest_containers = 0;  // most containers nested on one path
};

void find_refusal(const quest::Value& value, std::size_t containers, Refusal& found) {
  if (value.is_float() && !std::isfinite(value.as_float())) found.non_finite = true;
  if (value.is_array()) {
    found.deepest_containers = std::max(found.deepest_containers, containers + 1);
    for (const quest::Value& item : value.as_array().items) find_refusal(item, containers + 1, found);
  } else if (value.is_dict()) {
    found.deepest_containers = std::max(found.deepest_containers, containers + 1);
    value.as_dict().for_each(
        [&](const std::string&, const quest::Value& item) { find_refusal(item, containers + 1, found); });
  }
}

// Quest text is UTF-8 (every Str the runtime makes is), so a Str built from other bytes
// is not a value a program can hold; json.parse refuses, for one, what such a Str would
// write (a lone surrogate's bytes). Such bytes become the empty string.
std::string any_text(FuzzedDataProvider& input, std::size_t max_length) {
  std::string text = input.ConsumeRandomLengthString(max_length);
  if (fuzz_reference::check_utf8(text) != fuzz_reference::Utf8Verdict::valid) text.clear();
  return text;
}

double any_double(FuzzedDataProvider& input) {
  switch (input.ConsumeIntegralInRange<int>(0, 4)) {
    case 0: return std::numeric_limits<double>::quiet_NaN();
    case 1: return input.ConsumeBool() ? HUGE_VAL : -HUGE_VAL;
    case 2: return -0.0;
    case 3: {
      const auto bits = input.ConsumeIntegral<std::uint64_t>();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      return d;
    }
    default: return input.ConsumeFloatingPoint<double>();
  }
}

quest::Value build(FuzzedDataProvider& input, std::size_t containers, Built& built) {
  if (--built.budget < 0) return quest::Value::nil();
  switch (input.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return quest::Value::nil();
    case 1: return quest::Value::boolean(input.ConsumeBool());
    case 2: return quest::Value::integer(input.ConsumeIntegral<std::int64_t>());
    case 3: {
      return quest::Value::number(any_double(input));
    }
    case 4: return quest::make_str(any_text(input, 24));
    case 5: {
      if (containers >= 8) return quest::Value::nil();
      std::vector<quest::Value> items;
      const int count = input.ConsumeIntegralInRange<int>(0, 4);
      for (int i = 0; i < count; ++i) items.push_back(build(input, containers + 1, built));
      return quest::make_array(std::move(items));
    }
    case 6: {
      if (containers >= 8) return quest::Value::nil();
      quest::Value dict = quest::make_dict();
      const int count = input.ConsumeIntegralInRange<int>(0, 4);
      for (int i = 0; i < count; ++i) {
        const std::string key = any_text(input, 12);
        dict.as_dict().set(key, build(input, containers + 1, built));
      }
      return dict;
    }
    default: {
      // A chain of arrays around the depth limit, with a leaf inside.
      if (built.went_deep) return quest::Value::nil();
      built.went_deep = true;
      const std::size_t chain = input.ConsumeIntegralInRange<std::size_t>(995, 1005);
      quest::Value value = build(input, containers + chain, built);
      for (std::size_t i = 0; i < chain; ++i) value = quest::make_array({value});
      return value;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quest::Vm vm;
  FuzzedDataProvider input(data, size);
  const int indent = input.ConsumeBool() ? -1 : input.ConsumeIntegralInRange<int>(0, 4);
  Built built;
  const quest::Value value = build(input, 0, built);
  Refusal refusal;
  find_refusal(value, 0, refusal);
  const bool refusable = refusal.non_finite || refusal.deepest_containers > quest::json::kMaxDepth;

  // An indented chain of ~1,000 arrays writes depth^2 * indent / 2 bytes (about 2 MB), and
  // parsing that took most of every execution; the chain is written compact, as the
  // indenting code is the same at depth 1,000 as at depth 8.
  const int used_indent = built.went_deep ? -1 : indent;
  std::string written;
  try {
    written = quest::json::stringify(vm, value, used_indent);
  } catch (const quest::QuestError& error) {
    FUZZ_CHECK(error.type() == "ValueErr", "stringify refuses with ValueErr");
    FUZZ_CHECK(refusable, "stringify refuses only NaN/Infinity and too deep nesting");
    return 0;
  }
  FUZZ_CHECK(!refusable, "stringify refuses NaN/Infinity and too deep nesting");
  const quest::json::ParseResult parsed = quest::json::parse(written);
  FUZZ_CHECK(parsed.ok, "what stringify writes parses");
  FUZZ_CHECK(fuzz_support::strictly_equal(value, parsed.value), "value -> JSON -> value is equal");
  return 0;
}
