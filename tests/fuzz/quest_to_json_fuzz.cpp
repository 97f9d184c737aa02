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

namespace {

struct Built {
  bool non_finite = false;
  std::size_t deepest_containers = 0;  // containers on the deepest path
  bool went_deep = false;              // one deep chain per input is enough
};

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
  built.deepest_containers = std::max(built.deepest_containers, containers);
  switch (input.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: return quest::Value::nil();
    case 1: return quest::Value::boolean(input.ConsumeBool());
    case 2: return quest::Value::integer(input.ConsumeIntegral<std::int64_t>());
    case 3: {
      const double d = any_double(input);
      built.non_finite |= !std::isfinite(d);
      return quest::Value::number(d);
    }
    case 4: return quest::make_str(input.ConsumeRandomLengthString(24));
    case 5: {
      if (containers >= 8) return quest::Value::nil();
      std::vector<quest::Value> items;
      const int count = input.ConsumeIntegralInRange<int>(0, 4);
      for (int i = 0; i < count; ++i) items.push_back(build(input, containers + 1, built));
      built.deepest_containers = std::max(built.deepest_containers, containers + 1);
      return quest::make_array(std::move(items));
    }
    case 6: {
      if (containers >= 8) return quest::Value::nil();
      quest::Value dict = quest::make_dict();
      const int count = input.ConsumeIntegralInRange<int>(0, 4);
      for (int i = 0; i < count; ++i) {
        const std::string key = input.ConsumeRandomLengthString(12);
        dict.as_dict().set(key, build(input, containers + 1, built));
      }
      built.deepest_containers = std::max(built.deepest_containers, containers + 1);
      return dict;
    }
    default: {
      // A chain of arrays around the depth limit, with a leaf inside.
      if (built.went_deep) return quest::Value::nil();
      built.went_deep = true;
      const std::size_t chain = input.ConsumeIntegralInRange<std::size_t>(995, 1005);
      quest::Value value = build(input, containers + chain, built);
      for (std::size_t i = 0; i < chain; ++i) value = quest::make_array({value});
      built.deepest_containers = std::max(built.deepest_containers, containers + chain);
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
  const bool refusable = built.non_finite || built.deepest_containers > quest::json::kMaxDepth;

  std::string written;
  try {
    written = quest::json::stringify(vm, value, indent);
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
