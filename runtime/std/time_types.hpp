// The value types of std/time. An instant is Unix seconds + nanoseconds; Timestamp is
// an instant shown in UTC, Zoned an instant plus a timezone name. Both classes get the
// same methods (upstream's docs call Zoned methods on parsed Timestamps). Date is a
// civil day, Time a time of day, Span a calendar part (years, months, days) plus an
// exact part in nanoseconds.
#pragma once

#include "quest/vm.hpp"
#include "time_calendar.hpp"

namespace quest {

class InstantObject final : public NativeObject {
 public:
  InstantObject(const NativeClass* cls, int64_t seconds, int64_t nanos, std::string zone)
      : NativeObject(cls), seconds(seconds), nanos(nanos), zone(std::move(zone)) {}
  std::string to_display() const override;
  int64_t offset() const { return calendar::offset_at(zone, seconds); }
  calendar::Civil civil() const { return calendar::civil_from_unix(seconds, nanos, offset()); }
  bool is_timestamp() const { return type_name() == "Timestamp"; }

  const int64_t seconds;
  const int64_t nanos;      // 0 .. 999'999'999
  const std::string zone;   // "UTC" for Timestamp
};

class DateObject final : public NativeObject {
 public:
  DateObject(const NativeClass* cls, int64_t days) : NativeObject(cls), days(days) {}
  std::string to_display() const override { return calendar::format_date(calendar::civil_from_days(days)); }
  const int64_t days;  // since 1970-01-01
};

class TimeObject final : public NativeObject {
 public:
  TimeObject(const NativeClass* cls, int64_t nanos_of_day) : NativeObject(cls), nanos_of_day(nanos_of_day) {}
  std::string to_display() const override;
  calendar::Civil civil() const;
  const int64_t nanos_of_day;
};

class SpanObject final : public NativeObject {
 public:
  SpanObject(const NativeClass* cls, int64_t years, int64_t months, int64_t days, int64_t nanos)
      : NativeObject(cls), years(years), months(months), days(days), nanos(nanos) {}
  std::string to_display() const override;  // ISO 8601 duration, e.g. P1DT2H30M
  // Calendar days count as 24 hours, months as 30 days, years as 365 days.
  double total_seconds() const;
  const int64_t years, months, days, nanos;
};

// Constructors (they look up the classes defined by register_time_classes).
Value make_instant(Vm& vm, int64_t seconds, int64_t nanos, const std::string& zone, bool as_timestamp);
Value make_date(Vm& vm, int64_t days);
Value make_time_of_day(Vm& vm, int64_t nanos_of_day);
Value make_span(Vm& vm, int64_t years, int64_t months, int64_t days, int64_t nanos);

void register_time_classes(Vm& vm);  // defines the classes and all their methods
void register_instant_methods(Vm& vm, const std::string& class_name);  // time_instant.cpp
void register_date_time_span_methods(Vm& vm);                          // time_values.cpp
// time_extras.cpp: iso/unix, Date.at_time, Time.since, DateRange; and the module
// functions range, parse_duration, from_iso_week.
void register_time_extras(Vm& vm);
void add_time_extra_functions(Vm& vm, ModuleBuilder& m);

}  // namespace quest
