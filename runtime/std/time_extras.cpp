// The parts of upstream's std/time that its docs do not list but its programs use:
// Timestamp/Zoned iso() and unix() (the QEP-054 seed calls them), Date.at_time,
// Time.since, DateRange (time.range), time.parse_duration and time.from_iso_week.
#include <cctype>

#include "std_support.hpp"
#include "time_types.hpp"

namespace quest {

namespace {

constexpr int64_t kNs = calendar::kNanosPerSecond;
using calendar::Civil;

class DateRangeObject final : public NativeObject {
 public:
  DateRangeObject(const NativeClass* cls, int64_t first, int64_t last) : NativeObject(cls), first(first), last(last) {}
  std::string to_display() const override {
    return calendar::format_date(calendar::civil_from_days(first)) + ".." + calendar::format_date(calendar::civil_from_days(last));
  }
  const int64_t first, last;  // days since 1970-01-01, both included
};

const InstantObject& self_instant(const Args& a, const char* fn) { return self_native<InstantObject>(a, fn, "Timestamp or Zoned"); }
const DateRangeObject& self_range(const Args& a, const char* fn) { return self_native<DateRangeObject>(a, fn, "DateRange"); }
int64_t date_arg(const Args& a, size_t pos, const char* fn) { return arg_native<DateObject>(a, pos, fn, "Date").days; }

void register_instant_extras(Vm& vm, const std::string& cls) {
  // RFC 3339: what str() shows for a Timestamp; a Zoned keeps its offset, not its zone name.
  vm.register_method(cls, "iso", [](Vm&, const Args& a) {
    const InstantObject& at = self_instant(a, "iso");
    if (at.is_timestamp()) return make_str(at.to_display());
    const Civil c = at.civil();
    return make_str(calendar::format_date(c) + "T" + calendar::format_time(c) + calendar::format_offset(at.offset(), true));
  }, 0, 0);
  vm.register_method(cls, "unix", [](Vm&, const Args& a) { return Value::integer(self_instant(a, "unix").seconds); }, 0, 0);
}

void register_date_time_extras(Vm& vm) {
  vm.register_method("Date", "at_time", [](Vm& vm, const Args& a) {
    Civil c = calendar::civil_from_days(self_native<DateObject>(a, "at_time", "Date").days);
    const Civil t = arg_native<TimeObject>(a, 1, "at_time", "Time").civil();
    const std::string zone = opt_str(a, 2, "at_time", "UTC");
    if (!calendar::known_zone(zone)) throw_error("ValueErr", "at_time: unknown timezone '" + zone + "'");
    c.hour = t.hour;
    c.minute = t.minute;
    c.second = t.second;
    c.nanosecond = t.nanosecond;
    return make_instant(vm, calendar::unix_from_local(zone, c), c.nanosecond, zone, false);
  }, 1, 2);
  vm.register_method("Time", "since", [](Vm& vm, const Args& a) {
    const int64_t self = self_native<TimeObject>(a, "since", "Time").nanos_of_day;
    return make_span(vm, 0, 0, 0, self - arg_native<TimeObject>(a, 1, "since", "Time").nanos_of_day);
  }, 1, 1);
}

void register_date_range(Vm& vm) {
  vm.define_class("DateRange", "The calendar days from a start Date to an end Date, both included.");
  vm.register_method("DateRange", "start", [](Vm& vm, const Args& a) { return make_date(vm, self_range(a, "start").first); }, 0, 0);
  vm.register_method("DateRange", "end", [](Vm& vm, const Args& a) { return make_date(vm, self_range(a, "end").last); }, 0, 0);
  vm.register_method("DateRange", "contains", [](Vm&, const Args& a) {
    const DateRangeObject& r = self_range(a, "contains");
    const int64_t day = date_arg(a, 1, "contains");
    return Value::boolean(day >= r.first && day <= r.last);
  }, 1, 1);
  vm.register_method("DateRange", "overlaps", [](Vm&, const Args& a) {
    const DateRangeObject& r = self_range(a, "overlaps");
    const DateRangeObject& other = arg_native<DateRangeObject>(a, 1, "overlaps", "DateRange");
    return Value::boolean(r.first <= other.last && other.first <= r.last);
  }, 1, 1);
  vm.register_method("DateRange", "duration", [](Vm& vm, const Args& a) {
    const DateRangeObject& r = self_range(a, "duration");
    return make_span(vm, 0, 0, r.last - r.first, 0);
  }, 0, 0);
  vm.register_method("DateRange", "days", [](Vm& vm, const Args& a) {
    const DateRangeObject& r = self_range(a, "days");
    if (r.last - r.first > 1'000'000) throw_error("ValueErr", "days: range longer than 1000000 days");
    std::vector<Value> days;
    for (int64_t d = r.first; d <= r.last; ++d) days.push_back(make_date(vm, d));
    return make_array(std::move(days));
  }, 0, 0);
}

// "2h30m", "90s", "1d 12h": days, hours, minutes and seconds; zero is an error (upstream).
Value parse_duration(Vm& vm, const std::string& text) {
  int64_t total = 0, number = 0;
  bool have_number = false;
  for (char ch : text) {
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      if (__builtin_mul_overflow(number, 10, &number) || __builtin_add_overflow(number, ch - '0', &number))
        throw_error("ValueErr", "parse_duration: number too large in '" + text + "'");
      have_number = true;
    } else if (std::isspace(static_cast<unsigned char>(ch))) {
      continue;
    } else {
      const int64_t unit = ch == 'd' ? 86400 : ch == 'h' ? 3600 : ch == 'm' ? 60 : ch == 's' ? 1 : 0;
      if (!unit) throw_error("ValueErr", std::string("parse_duration: unknown unit '") + ch + "' (use d, h, m, s)");
      if (!have_number) throw_error("ValueErr", "parse_duration: number expected before '" + std::string(1, ch) + "'");
      int64_t part = 0;
      if (__builtin_mul_overflow(number, unit, &part) || __builtin_add_overflow(total, part, &total) || total > 100'000'000'000)
        throw_error("ValueErr", "parse_duration: duration too large");
      number = 0;
      have_number = false;
    }
  }
  if (have_number) throw_error("ValueErr", "parse_duration: '" + text + "' must end with a unit (d, h, m, s)");
  if (total == 0) throw_error("ValueErr", "parse_duration: duration cannot be zero or empty");
  return make_span(vm, 0, 0, 0, total * kNs);
}

// ISO 8601 week date: week 1 holds the year's first Thursday; weekday 1 = Monday.
Value from_iso_week(Vm& vm, int64_t year, int64_t week, int64_t weekday) {
  if (year < -9999 || year > 9999) throw_error("ValueErr", "from_iso_week: year out of range");
  if (weekday < 1 || weekday > 7) throw_error("ValueErr", "from_iso_week: weekday must be 1 (Monday) .. 7 (Sunday)");
  const int64_t jan4 = calendar::days_from_civil(year, 1, 4);
  const int64_t week1_monday = jan4 - (calendar::day_of_week(jan4) - 1);
  const int64_t next_week1 = calendar::days_from_civil(year + 1, 1, 4);
  const int64_t weeks_in_year = (next_week1 - (calendar::day_of_week(next_week1) - 1) - week1_monday) / 7;
  if (week < 1 || week > weeks_in_year)
    throw_error("ValueErr", "from_iso_week: week must be 1.." + std::to_string(weeks_in_year) + " in " + std::to_string(year));
  return make_date(vm, week1_monday + (week - 1) * 7 + (weekday - 1));
}

}  // namespace

void register_time_extras(Vm& vm) {
  register_instant_extras(vm, "Timestamp");
  register_instant_extras(vm, "Zoned");
  register_date_time_extras(vm);
  register_date_range(vm);
}

void add_time_extra_functions(Vm& vm, ModuleBuilder& m) {
  m.function("range", [](Vm& vm, const Args& a) {
    const int64_t first = date_arg(a, 1, "range"), last = date_arg(a, 2, "range");
    return Value(make_ref<DateRangeObject>(vm.native_class("DateRange"), first, last));
  }, 2, 2, "The DateRange from a start Date to an end Date (both included).");
  m.function("parse_duration", [](Vm& vm, const Args& a) { return parse_duration(vm, arg_str(a, 1, "parse_duration")); }, 1, 1,
             "A Span from text like \"2h30m\" or \"1d 12h\".");
  m.function("from_iso_week", [](Vm& vm, const Args& a) {
    return from_iso_week(vm, arg_int(a, 1, "from_iso_week"), arg_int(a, 2, "from_iso_week"), arg_int(a, 3, "from_iso_week"));
  }, 3, 3, "The Date of an ISO 8601 week date (year, week, weekday 1 = Monday).");
}

}  // namespace quest
