// Quest value <-> JSON text, with RapidJSON. Parsing is SAX-driven into an explicit
// stack (no recursion, so hostile nesting cannot overflow the C++ stack); objects
// become insertion-ordered Dicts, integers that fit become Int, other numbers Float.
#pragma once

#include <string>
#include <string_view>

#include "quest/vm.hpp"

namespace quest::json {

// Deepest nesting accepted by parse and stringify; deeper input is a ValueErr.
inline constexpr size_t kMaxDepth = 1000;

struct ParseResult {
  bool ok = false;
  Value value;
  std::string error;  // "... at offset N" when !ok
};

ParseResult parse(std::string_view text);

// Raises ValueErr for NaN/Infinity, for nesting deeper than kMaxDepth (which is how
// a cyclic structure shows up) and TypeErr for values with no JSON form (functions).
// Native objects (Uuid, Timestamp...) are written as their str().
std::string stringify(Vm& vm, const Value& value, int indent);  // indent < 0: compact

}  // namespace quest::json
