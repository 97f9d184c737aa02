// Unit tests for the pure parts of std/time, std/regex and std/io (calendar math,
// ISO parsing, Rust-regex dialect translation, glob matching).
#include <doctest/doctest.h>

#include "io_glob.hpp"
#include "regex_translate.hpp"
#include "time_calendar.hpp"

using namespace quest;

TEST_CASE("civil dates and day numbers round-trip") {
  CHECK(calendar::days_from_civil(1970, 1, 1) == 0);
  CHECK(calendar::days_from_civil(2000, 3, 1) == 11017);
  CHECK(calendar::days_from_civil(1969, 12, 31) == -1);
  for (int64_t days = -800000; days <= 800000; days += 997) {
    const calendar::Civil c = calendar::civil_from_days(days);
    REQUIRE(calendar::days_from_civil(c.year, c.month, c.day) == days);
  }
  CHECK(calendar::day_of_week(0) == 4);  // Thursday
  CHECK(calendar::day_of_week(calendar::days_from_civil(2025, 10, 1)) == 3);
  CHECK(calendar::is_leap_year(2000));
  CHECK_FALSE(calendar::is_leap_year(2100));
  CHECK_FALSE(calendar::valid_date(2023, 2, 29));
}

TEST_CASE("adding months clamps to the end of the month") {
  calendar::Civil jan31;
  jan31.year = 2023;
  jan31.month = 1;
  jan31.day = 31;
  const calendar::Civil feb = calendar::add_months(jan31, 1);
  CHECK(feb.month == 2);
  CHECK(feb.day == 28);
  const calendar::Civil back = calendar::add_months(jan31, -13);
  CHECK(back.year == 2021);
  CHECK(back.month == 12);
}

TEST_CASE("timezone offsets come from the tz database") {
  CHECK(calendar::offset_at("UTC", 0) == 0);
  CHECK(calendar::offset_at("+05:30", 0) == 19800);
  CHECK(calendar::offset_at("America/New_York", 1751371200) == -4 * 3600);  // July 2025
  CHECK(calendar::offset_at("America/New_York", 1736942400) == -5 * 3600);  // January 2025
  CHECK(calendar::offset_at("America/New_York", -2208988800) == -18000);  // 1900: EST
  CHECK(calendar::offset_at("America/New_York", -2840140800) == -17762);  // 1880: local mean time
  CHECK(calendar::offset_at("America/New_York", 4118083200) == -4 * 3600);  // July 2100: past the table
  CHECK(calendar::offset_at("Asia/Tokyo", 1751371200) == 9 * 3600);
  CHECK(calendar::offset_at("Europe/London", 1751371200) == 3600);
  CHECK(calendar::known_zone("Asia/Tokyo"));
  CHECK_FALSE(calendar::known_zone("../etc/passwd"));
  CHECK_FALSE(calendar::known_zone("Mars/Olympus"));
  calendar::Civil noon;
  noon.year = 2025;
  noon.month = 7;
  noon.day = 1;
  noon.hour = 12;
  CHECK(calendar::unix_from_local("America/New_York", noon) == 1751385600);
}

TEST_CASE("ISO 8601 parsing picks the value kind") {
  using Kind = calendar::ParsedDateTime::Kind;
  auto instant = calendar::parse_iso("2025-10-01T14:30:00.25-05:00");
  REQUIRE(instant.has_value());
  CHECK(instant->kind == Kind::instant);
  CHECK(*instant->offset_seconds == -18000);
  CHECK(instant->civil.nanosecond == 250000000);
  CHECK(calendar::parse_iso("2025-10-01")->kind == Kind::date);
  CHECK(calendar::parse_iso("14:30")->kind == Kind::time);
  CHECK(calendar::parse_iso("2025-10-01T14:30:00Z[Europe/Paris]")->kind == Kind::zoned);
  CHECK_FALSE(calendar::parse_iso("2025-10-01T14:30:00+0").has_value());
  CHECK_FALSE(calendar::parse_iso("2025-10-01X").has_value());
  CHECK_FALSE(calendar::parse_iso("").has_value());
}

TEST_CASE("strftime subset") {
  calendar::Civil c;
  c.year = 2025;
  c.month = 10;
  c.day = 1;
  c.hour = 0;
  c.minute = 5;
  CHECK(calendar::strftime_like("%I:%M %p %j %y %e|%q", c, -19800, "X") == "12:05 AM 274 25  1|%q");
  CHECK(calendar::strftime_like("%z", c, -19800, "X") == "-0530");
  CHECK(calendar::format_fraction(120000000) == ".120");
  CHECK(calendar::format_fraction(1000) == ".000001");
}

TEST_CASE("Rust regex syntax is translated for Boost") {
  CHECK(regex_dialect::pattern("(?P<year>\\d+)") == "(?<year>\\d+)");
  CHECK(regex_dialect::pattern("\\(?P<x>") == "\\(?P<x>");
  CHECK(regex_dialect::pattern("[(?P<]") == "[(?P<]");
  CHECK(regex_dialect::replacement("$1-${2}") == "${1}-${2}");
  CHECK(regex_dialect::replacement("$name and ${other}") == "$+{name} and $+{other}");
  CHECK(regex_dialect::replacement("cost: $$5 \\n") == "cost: $$5 \\\\n");
  CHECK(regex_dialect::replacement("trailing $") == "trailing $");
}

TEST_CASE("named groups are found outside classes and lookbehinds") {
  CHECK(regex_dialect::group_names("(?<year>\\d+)-(?<m>\\d)") == std::vector<std::string>{"year", "m"});
  CHECK(regex_dialect::group_names("[(?<x>](?<=a)(?<!b)\\(?<y>)").empty());
}

TEST_CASE("glob matching is per segment with ** spanning directories") {
  CHECK(glob::matches("src/main.q", "src/*.q"));
  CHECK_FALSE(glob::matches("src/a/main.q", "src/*.q"));
  CHECK(glob::matches("src/a/b/main.q", "src/**/*.q"));
  CHECK(glob::matches("src/main.q", "src/**/*.q"));
  CHECK_FALSE(glob::matches("src/.hidden.q", "src/*.q"));
  CHECK(glob::matches("file7.txt", "file[0-9].txt"));
}
