// IANA timezone offsets read from the tz database files (see time_zones.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace quest::calendar {

// Offset of `zone` at `unix_seconds`, or nullopt when the zone file is missing, not
// TZif v2+, or the instant lies more than a year past its last transition.
std::optional<int64_t> tzdb_offset(const std::string& zone, int64_t unix_seconds);

}  // namespace quest::calendar
