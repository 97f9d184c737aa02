// Quest values <-> JSON text (RapidJSON underneath; no RapidJSON type appears here).
// Parsing is SAX-driven into an explicit stack (no recursion, so hostile nesting cannot
// overflow the C++ stack); objects become insertion-ordered Dicts, integers that fit
// become Int, other numbers Float. Writing walks the Values straight into the output
// (no intermediate document), so a host can serialize a broadcast once into its frame
// buffer. Call everything on the Vm's thread (it creates and reads Values).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "quest/vm.hpp"

namespace quest::json {

// Deepest nesting accepted by parse and stringify; deeper input is a ValueErr.
inline constexpr std::size_t kMaxDepth = 1000;

struct ParseResult {
  bool ok = false;
  Value value;        // nil when !ok
  std::string error;  // "... at offset N" when !ok
};

// Never throws for bad input: the error is in the result.
ParseResult parse(std::string_view text);

// Like parse, but bad input raises ValueErr("invalid JSON: <error>").
Value parse_or_raise(std::string_view text);

// Raises ValueErr for NaN/Infinity, for nesting deeper than kMaxDepth (which is how
// a cyclic structure shows up) and TypeErr for values with no JSON form (functions).
// Native objects (Uuid, Timestamp...) are written as their str().
std::string stringify(Vm& vm, const Value& value, int indent);  // indent < 0: compact

// Appends the compact JSON of `value` to `out` (same rules as stringify). On an error
// `out` keeps what was written before the failing value; callers that need all or
// nothing remember out.size() and truncate on a throw.
void append(Vm& vm, const Value& value, std::string& out);

}  // namespace quest::json
