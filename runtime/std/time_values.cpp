// Date, Time and Span methods, the display forms of every std/time value, and the
// class registration entry point.
#include <cmath>

#include "std_support.hpp"
#include "time_types.hpp"

namespace quest {

namespace {

using calendar::Civil;
constexpr int64_t kNs = calendar::kNanosPerSecond;

const DateObject& self_date(const Args& a, const char* fn) { return self_native<DateObject>(a, fn, "Date"); }
const SpanObject& self_span(const Args& a, const char* fn) { return self_native<SpanObject>(a, fn, "Span"); }

void register_date_methods(Vm& vm) {
  using Getter = int64_t (*)(const Civil&, int64_t days);
  const std::pair<const char*, Getter> getters[] = {
      {"year", [](const Civil& c, int64_t) { return c.year; }},
      {"month", [](const Civil& c, int64_t) -> int64_t { return c.month; }},
      {"day", [](const Civil& c, int64_t) -> int64_t { return c.day; }},
      {"quarter", [](const Civil& c, int64_t) -> int64_t { return (c.month - 1) / 3 + 1; }},
      {"day_of_year", [](const Civil& c, int64_t) -> int64_t { return calendar::day_of_year(c); }},
      {"day_of_week", [](const Civil&, int64_t days) -> int64_t { return calendar::day_of_week(days); }},
  };
  for (const auto& [name, getter] : getters) {
    vm.register_method("Date", name, [name, getter](Vm&, const Args& a) {
      const int64_t days = self_date(a, name).days;
      return Value::integer(getter(calendar::civil_from_days(days), days));
    }, 0, 0);
  }
  vm.register_method("Date", "add_days", [](Vm& vm, const Args& a) { return make_date(vm, self_date(a, "add_days").days + arg_int(a, 1, "add_days")); }, 1, 1);
  vm.register_method("Date", "subtract_days", [](Vm& vm, const Args& a) {
    return make_date(vm, self_date(a, "subtract_days").days - arg_int(a, 1, "subtract_days"));
  }, 1, 1);
  for (const auto& [name, per_unit] : {std::pair{"add_months", 1}, std::pair{"add_years", 12}}) {
    vm.register_method("Date", name, [name, per_unit](Vm& vm, const Args& a) {
      const Civil moved = calendar::add_months(calendar::civil_from_days(self_date(a, name).days), arg_int(a, 1, name) * per_unit);
      return make_date(vm, calendar::days_from_civil(moved.year, moved.month, moved.day));
    }, 1, 1);
  }
  vm.register_method("Date", "since", [](Vm& vm, const Args& a) {
    return make_span(vm, 0, 0, self_date(a, "since").days - arg_native<DateObject>(a, 1, "since", "Date").days, 0);
  }, 1, 1);
  using Compare = bool (*)(int64_t, int64_t);
  const std::pair<const char*, Compare> comparisons[] = {
      {"equals", [](int64_t x, int64_t y) { return x == y; }}, {"eq", [](int64_t x, int64_t y) { return x == y; }},
      {"before", [](int64_t x, int64_t y) { return x < y; }},  {"after", [](int64_t x, int64_t y) { return x > y; }},
  };
  for (const auto& [name, compare] : comparisons) {
    vm.register_method("Date", name, [name, compare](Vm&, const Args& a) {
      const DateObject* other = arg_any(a, 1, name).native_as<DateObject>();
      return Value::boolean(other && compare(self_date(a, name).days, other->days));
    }, 1, 1);
  }
  vm.register_method("Date", "format", [](Vm&, const Args& a) {
    return make_str(calendar::strftime_like(arg_str(a, 1, "format"), calendar::civil_from_days(self_date(a, "format").days), 0, "UTC"));
  }, 1, 1);
}

void register_time_of_day_methods(Vm& vm) {
  using Getter = int64_t (*)(const Civil&);
  const std::pair<const char*, Getter> getters[] = {
      {"hour", [](const Civil& c) -> int64_t { return c.hour; }},
      {"minute", [](const Civil& c) -> int64_t { return c.minute; }},
      {"second", [](const Civil& c) -> int64_t { return c.second; }},
      {"millisecond", [](const Civil& c) { return c.nanosecond / 1'000'000; }},
      {"microsecond", [](const Civil& c) { return c.nanosecond / 1'000; }},
      {"nanosecond", [](const Civil& c) { return c.nanosecond; }},
  };
  for (const auto& [name, getter] : getters) {
    vm.register_method("Time", name, [name, getter](Vm&, const Args& a) {
      return Value::integer(getter(self_native<TimeObject>(a, name, "Time").civil()));
    }, 0, 0);
  }
}

std::string plural(int64_t count, const char* unit) {
  return std::to_string(count) + " " + unit + (count == 1 ? "" : "s");
}

std::string humanize(const SpanObject& span) {
  const double seconds = span.total_seconds();
  const double magnitude = std::fabs(seconds);
  const std::pair<const char*, double> units[] = {{"year", 365 * 86400.0}, {"month", 30 * 86400.0}, {"day", 86400.0},
                                                  {"hour", 3600.0},        {"minute", 60.0},          {"second", 1.0}};
  std::string amount = plural(0, "second");
  for (const auto& [unit, size] : units) {
    if (magnitude >= size) {
      amount = plural(static_cast<int64_t>(magnitude / size), unit);
      break;
    }
  }
  return seconds < 0 ? amount + " ago" : "in " + amount;
}

void register_span_methods(Vm& vm) {
  const std::pair<const char*, int64_t> exact[] = {{"hours", 3600 * kNs}, {"minutes", 60 * kNs}, {"seconds", kNs}, {"milliseconds", 1'000'000}};
  for (const auto& [name, unit] : exact) {
    vm.register_method("Span", name, [name, unit](Vm&, const Args& a) { return Value::integer(self_span(a, name).nanos / unit); }, 0, 0);
  }
  vm.register_method("Span", "years", [](Vm&, const Args& a) { return Value::integer(self_span(a, "years").years); }, 0, 0);
  vm.register_method("Span", "months", [](Vm&, const Args& a) { return Value::integer(self_span(a, "months").months); }, 0, 0);
  vm.register_method("Span", "days", [](Vm&, const Args& a) { return Value::integer(self_span(a, "days").days); }, 0, 0);
  const std::pair<const char*, double> totals[] = {{"as_hours", 3600.0}, {"as_minutes", 60.0}, {"as_seconds", 1.0}, {"as_millis", 0.001}};
  for (const auto& [name, unit] : totals) {
    vm.register_method("Span", name, [name, unit](Vm&, const Args& a) { return Value::number(self_span(a, name).total_seconds() / unit); }, 0, 0);
  }
  for (int sign : {1, -1}) {
    const char* name = sign > 0 ? "add" : "subtract";
    vm.register_method("Span", name, [name, sign](Vm& vm, const Args& a) {
      const SpanObject& x = self_span(a, name);
      const SpanObject& y = arg_native<SpanObject>(a, 1, name, "Span");
      return make_span(vm, x.years + sign * y.years, x.months + sign * y.months, x.days + sign * y.days, x.nanos + sign * y.nanos);
    }, 1, 1);
  }
  vm.register_method("Span", "multiply", [](Vm& vm, const Args& a) {
    const SpanObject& s = self_span(a, "multiply");
    const int64_t n = arg_int(a, 1, "multiply");
    return make_span(vm, s.years * n, s.months * n, s.days * n, s.nanos * n);
  }, 1, 1);
  vm.register_method("Span", "divide", [](Vm& vm, const Args& a) {
    const SpanObject& s = self_span(a, "divide");
    const double n = arg_float(a, 1, "divide");
    if (n == 0) throw_error("RuntimeErr", "divide: division by zero");
    const double nanos = s.total_seconds() * static_cast<double>(kNs) / n;
    return make_span(vm, 0, 0, 0, static_cast<int64_t>(nanos));
  }, 1, 1);
  vm.register_method("Span", "humanize", [](Vm&, const Args& a) { return make_str(humanize(self_span(a, "humanize"))); }, 0, 0);
}

}  // namespace

std::string InstantObject::to_display() const {
  const Civil c = civil();
  const std::string local = calendar::format_date(c) + "T" + calendar::format_time(c);
  if (is_timestamp()) return local + "Z";
  return local + calendar::format_offset(offset(), true) + "[" + zone + "]";
}

Civil TimeObject::civil() const {
  Civil c;
  const int64_t seconds = nanos_of_day / kNs;
  c.hour = static_cast<int>(seconds / 3600);
  c.minute = static_cast<int>(seconds / 60 % 60);
  c.second = static_cast<int>(seconds % 60);
  c.nanosecond = nanos_of_day % kNs;
  return c;
}

std::string TimeObject::to_display() const { return calendar::format_time(civil()); }

double SpanObject::total_seconds() const {
  return static_cast<double>(years) * 365 * 86400 + static_cast<double>(months) * 30 * 86400 +
         static_cast<double>(days) * 86400 + static_cast<double>(nanos) / static_cast<double>(kNs);
}

std::string SpanObject::to_display() const {
  const bool negative = total_seconds() < 0;
  const auto magnitude = [](int64_t v) { return v < 0 ? -v : v; };
  std::string out = negative ? "-P" : "P";
  if (years) out += std::to_string(magnitude(years)) + "Y";
  if (months) out += std::to_string(magnitude(months)) + "M";
  if (days) out += std::to_string(magnitude(days)) + "D";
  const int64_t exact = magnitude(nanos);
  if (exact || out.size() <= 2) {
    out += "T";
    const int64_t seconds = exact / kNs;
    if (seconds >= 3600) out += std::to_string(seconds / 3600) + "H";
    if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "M";
    if (seconds % 60 || exact % kNs || seconds == 0) out += std::to_string(seconds % 60) + calendar::format_fraction(exact % kNs) + "S";
  }
  return out;
}

Value make_instant(Vm& vm, int64_t seconds, int64_t nanos, const std::string& zone, bool as_timestamp) {
  return Value(make_ref<InstantObject>(vm.native_class(as_timestamp ? "Timestamp" : "Zoned"), seconds, nanos,
                                       as_timestamp ? "UTC" : zone));
}
Value make_date(Vm& vm, int64_t days) { return Value(make_ref<DateObject>(vm.native_class("Date"), days)); }
Value make_time_of_day(Vm& vm, int64_t nanos) { return Value(make_ref<TimeObject>(vm.native_class("Time"), nanos)); }
Value make_span(Vm& vm, int64_t years, int64_t months, int64_t days, int64_t nanos) {
  return Value(make_ref<SpanObject>(vm.native_class("Span"), years, months, days, nanos));
}

void register_time_classes(Vm& vm) {
  vm.define_class("Timestamp", "An instant in time, shown in UTC.");
  vm.define_class("Zoned", "An instant in time in a named timezone.");
  vm.define_class("Date", "A calendar date.");
  vm.define_class("Time", "A time of day.");
  vm.define_class("Span", "A duration: calendar years/months/days plus an exact part.");
  register_instant_methods(vm, "Timestamp");
  register_instant_methods(vm, "Zoned");
  register_date_methods(vm);
  register_time_of_day_methods(vm);
  register_span_methods(vm);
  register_time_extras(vm);
}

}  // namespace quest
