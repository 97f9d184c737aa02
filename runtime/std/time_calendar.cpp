#include "time_calendar.hpp"

#include "time_zones.hpp"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <mutex>

namespace quest::calendar {

namespace {

const char* const kMonthNames[] = {"January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};
const char* const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::mutex& tz_mutex() {
  static std::mutex mutex;
  return mutex;
}

// Runs `body` with the C library's active zone set to `zone`, then restores it.
template <class Body>
auto with_zone(const std::string& zone, Body body) {
  std::lock_guard<std::mutex> lock(tz_mutex());
  const char* previous = std::getenv("TZ");
  const std::string saved = previous ? previous : "";
  ::setenv("TZ", zone.c_str(), 1);
  ::tzset();
  auto result = body();
  if (previous) ::setenv("TZ", saved.c_str(), 1);
  else ::unsetenv("TZ");
  ::tzset();
  return result;
}

std::optional<int64_t> fixed_offset(const std::string& zone) {
  if (zone == "UTC" || zone == "Z" || zone == "GMT" || zone == "Etc/UTC") return 0;
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
  for (size_t i : {1, 2, 4, 5}) {
    if (zone[i] < '0' || zone[i] > '9') return std::nullopt;
  }
  const int64_t minutes = std::stoi(zone.substr(1, 2)) * 60 + std::stoi(zone.substr(4, 2));
  return zone[0] == '-' ? -minutes * 60 : minutes * 60;
}

std::string two(int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string pad(int64_t value, size_t width) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return (value < 0 ? "-" : "") + digits;
}

}  // namespace

int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

Civil civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  Civil civil;
  civil.day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  civil.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  civil.year = year_of_era + era * 400 + (civil.month <= 2);
  return civil;
}

bool is_leap_year(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int64_t year, int month) {
  static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : lengths[month - 1];
}

int day_of_week(int64_t days) {
  const int64_t from_thursday = ((days % 7) + 7) % 7;  // 1970-01-01 was a Thursday
  return static_cast<int>((from_thursday + 3) % 7 + 1);
}

int day_of_year(const Civil& civil) {
  return static_cast<int>(days_from_civil(civil.year, civil.month, civil.day) - days_from_civil(civil.year, 1, 1) + 1);
}

bool valid_date(int64_t year, int month, int day) {
  return year >= -9999 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

Civil add_months(Civil civil, int64_t months) {
  const int64_t index = civil.year * 12 + (civil.month - 1) + months;
  civil.year = index >= 0 ? index / 12 : (index - 11) / 12;
  civil.month = static_cast<int>(index - civil.year * 12 + 1);
  civil.day = std::min(civil.day, days_in_month(civil.year, civil.month));
  return civil;
}

bool known_zone(const std::string& zone) {
  if (fixed_offset(zone)) return true;
  if (zone.empty() || zone.find("..") != std::string::npos || zone[0] == '/') return false;
  std::error_code error;
  return std::filesystem::is_regular_file("/usr/share/zoneinfo/" + zone, error);
}

std::string local_zone() {
  if (const char* tz = std::getenv("TZ"); tz && *tz && known_zone(tz[0] == ':' ? tz + 1 : tz)) return tz[0] == ':' ? tz + 1 : tz;
  std::error_code error;
  const std::string target = std::filesystem::read_symlink("/etc/localtime", error).string();
  const size_t at = target.find("zoneinfo/");
  if (!error && at != std::string::npos) return target.substr(at + 9);
  return "UTC";
}

int64_t offset_at(const std::string& zone, int64_t unix_seconds) {
  if (auto fixed = fixed_offset(zone)) return *fixed;
  if (auto from_table = tzdb_offset(zone, unix_seconds)) return *from_table;
  // Far-future instants (past the zone file's table): ask the C library.
  return with_zone(zone, [&] {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    ::localtime_r(&t, &local);
    return static_cast<int64_t>(local.tm_gmtoff);
  });
}

int64_t unix_from_local(const std::string& zone, const Civil& civil) {
  const int64_t as_utc = days_from_civil(civil.year, civil.month, civil.day) * kSecondsPerDay + civil.hour * 3600 +
                         civil.minute * 60 + civil.second;
  if (auto fixed = fixed_offset(zone)) return as_utc - *fixed;
  // Guess with the offset at the naive instant, then correct once for DST changes.
  const int64_t first = as_utc - offset_at(zone, as_utc);
  const int64_t second = as_utc - offset_at(zone, first);
  return std::min(first, second);
}

Civil civil_from_unix(int64_t unix_seconds, int64_t nanosecond, int64_t offset_seconds) {
  const int64_t local = unix_seconds + offset_seconds;
  const int64_t days = (local >= 0 ? local : local - kSecondsPerDay + 1) / kSecondsPerDay;
  const int64_t seconds_of_day = local - days * kSecondsPerDay;
  Civil civil = civil_from_days(days);
  civil.hour = static_cast<int>(seconds_of_day / 3600);
  civil.minute = static_cast<int>(seconds_of_day / 60 % 60);
  civil.second = static_cast<int>(seconds_of_day % 60);
  civil.nanosecond = nanosecond;
  return civil;
}

std::string format_offset(int64_t offset_seconds, bool colon) {
  const int64_t minutes = (offset_seconds < 0 ? -offset_seconds : offset_seconds) / 60;
  return (offset_seconds < 0 ? "-" : "+") + two(minutes / 60) + (colon ? ":" : "") + two(minutes % 60);
}

std::string format_fraction(int64_t nanosecond) {
  if (nanosecond == 0) return "";
  if (nanosecond % 1'000'000 == 0) return "." + pad(nanosecond / 1'000'000, 3);
  if (nanosecond % 1'000 == 0) return "." + pad(nanosecond / 1'000, 6);
  return "." + pad(nanosecond, 9);
}

std::string format_date(const Civil& c) { return pad(c.year, 4) + "-" + two(c.month) + "-" + two(c.day); }

std::string format_time(const Civil& c) {
  return two(c.hour) + ":" + two(c.minute) + ":" + two(c.second) + format_fraction(c.nanosecond);
}

std::string strftime_like(const std::string& pattern, const Civil& c, int64_t offset, const std::string& zone) {
  std::string out;
  const int weekday = day_of_week(days_from_civil(c.year, c.month, c.day));
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      out += pattern[i];
      continue;
    }
    switch (pattern[++i]) {
      case 'Y': out += pad(c.year, 4); break;
      case 'y': out += two(((c.year % 100) + 100) % 100); break;
      case 'm': out += two(c.month); break;
      case 'd': out += two(c.day); break;
      case 'e': out += (c.day < 10 ? " " : "") + std::to_string(c.day); break;
      case 'H': out += two(c.hour); break;
      case 'I': out += two(c.hour % 12 == 0 ? 12 : c.hour % 12); break;
      case 'M': out += two(c.minute); break;
      case 'S': out += two(c.second); break;
      case 'f': out += pad(c.nanosecond, 9); break;
      case 'p': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'A': out += kDayNames[weekday - 1]; break;
      case 'a': out += std::string(kDayNames[weekday - 1]).substr(0, 3); break;
      case 'B': out += kMonthNames[c.month - 1]; break;
      case 'b': out += std::string(kMonthNames[c.month - 1]).substr(0, 3); break;
      case 'j': out += pad(day_of_year(c), 3); break;
      case 'Z': out += zone; break;
      case 'z': out += format_offset(offset, false); break;
      case 'F': out += format_date(c); break;
      case 'T': out += two(c.hour) + ":" + two(c.minute) + ":" + two(c.second); break;
      case '%': out += '%'; break;
      default: out += '%', out += pattern[i];
    }
  }
  return out;
}

}  // namespace quest::calendar
