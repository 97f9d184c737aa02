// Calendar arithmetic for std/time, independent of Quest values: proleptic Gregorian
// civil dates <-> days since 1970-01-01 (Howard Hinnant's algorithms), timezone
// offsets, strftime-style formatting and ISO 8601 parsing.
//
// Timezones: "UTC"/"Z", fixed offsets ("+05:30") and IANA names from the system
// tz database, read directly from its TZif files (time_zones.cpp). Only instants past
// a zone file's transition table fall back to the C library (TZ + localtime_r under a
// mutex), the one place that touches process-wide state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quest::calendar {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

struct Civil {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int64_t nanosecond = 0;
};

int64_t days_from_civil(int64_t year, int month, int day);
Civil civil_from_days(int64_t days);  // time of day fields zero
bool is_leap_year(int64_t year);
int days_in_month(int64_t year, int month);
int day_of_week(int64_t days);  // 1 = Monday .. 7 = Sunday
int day_of_year(const Civil& civil);
bool valid_date(int64_t year, int month, int day);

// Adds months keeping the day when possible, clamping to the month's last day.
Civil add_months(Civil civil, int64_t months);

// True when `zone` names a zone we can use (UTC, an offset, or a tz database entry).
bool known_zone(const std::string& zone);
// The process's local zone name (TZ, /etc/localtime), "UTC" when unknown.
std::string local_zone();
// UTC offset in seconds of `zone` at the instant `unix_seconds`.
int64_t offset_at(const std::string& zone, int64_t unix_seconds);
// Instant (Unix seconds) of wall-clock `civil` in `zone`; picks the earlier instant
// in a DST fold and shifts forward across a gap.
int64_t unix_from_local(const std::string& zone, const Civil& civil);

Civil civil_from_unix(int64_t unix_seconds, int64_t nanosecond, int64_t offset_seconds);

std::string format_offset(int64_t offset_seconds, bool colon);  // "+05:30" / "+0530"
std::string format_fraction(int64_t nanosecond);                // "", ".123", ".123456", ".123456789"
std::string format_date(const Civil& civil);                    // 2025-10-01
std::string format_time(const Civil& civil);                    // 14:30:45[.fff]
// strftime subset: %Y %m %d %H %I %M %S %p %A %a %B %b %Z %z %j %f %e %y %F %T %%.
std::string strftime_like(const std::string& pattern, const Civil& civil, int64_t offset_seconds,
                          const std::string& zone_name);

struct ParsedDateTime {
  enum class Kind { instant, zoned, date, time } kind = Kind::instant;
  Civil civil;
  std::optional<int64_t> offset_seconds;  // present for instants with Z / +hh:mm
  std::string zone;                       // [Area/City] annotation
};
std::optional<ParsedDateTime> parse_iso(std::string_view text);

}  // namespace quest::calendar
