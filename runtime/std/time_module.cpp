// std/time: clocks, constructors and parsing for the std/time value types
// (time_types.hpp), span helpers, sleep, ticks_ms and is_leap_year.
#include <chrono>
#include <cmath>
#include <thread>

#include "std_support.hpp"
#include "time_types.hpp"

namespace quest {

namespace {

using calendar::Civil;
constexpr int64_t kNs = calendar::kNanosPerSecond;
// About +-5000 years around 1970: keeps every derived nanosecond count inside int64.
constexpr int64_t kMaxUnixSeconds = 100'000'000'000;

std::pair<int64_t, int64_t> now_parts() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  const int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
  return {nanos / kNs, nanos % kNs};
}

std::string checked_zone(const std::string& zone, const char* fn) {
  if (!calendar::known_zone(zone)) throw_error("ValueErr", std::string(fn) + ": unknown timezone '" + zone + "'");
  return zone;
}

int component(const Args& a, size_t pos, const char* fn, int64_t low, int64_t high) {
  const int64_t value = arg_int(a, pos, fn);
  if (value < low || value > high) {
    throw_error("ValueErr", std::string(fn) + ": argument " + std::to_string(pos) + " must be in " + std::to_string(low) +
                                ".." + std::to_string(high) + ", got " + std::to_string(value));
  }
  return static_cast<int>(value);
}

Civil civil_date_args(const Args& a, const char* fn) {
  Civil c;
  c.year = component(a, 1, fn, -9999, 9999);
  c.month = component(a, 2, fn, 1, 12);
  c.day = component(a, 3, fn, 1, 31);
  if (!calendar::valid_date(c.year, c.month, c.day)) throw_error("ValueErr", std::string(fn) + ": no such date");
  return c;
}

Value parse_value(Vm& vm, const std::string& text) {
  const auto parsed = calendar::parse_iso(text);
  if (!parsed) throw_error("ValueErr", "parse: unrecognised date/time '" + text + "'");
  const Civil& c = parsed->civil;
  using Kind = calendar::ParsedDateTime::Kind;
  if (parsed->kind == Kind::date) return make_date(vm, calendar::days_from_civil(c.year, c.month, c.day));
  if (parsed->kind == Kind::time) return make_time_of_day(vm, (c.hour * 3600 + c.minute * 60 + c.second) * kNs + c.nanosecond);
  int64_t seconds = parsed->offset_seconds
      ? calendar::unix_from_local("UTC", c) - *parsed->offset_seconds
      : calendar::unix_from_local(parsed->kind == Kind::zoned ? parsed->zone : "UTC", c);
  return make_instant(vm, seconds, c.nanosecond, parsed->zone, parsed->kind == Kind::instant);
}

// Unix time in units of 1/per_second seconds; Floats keep their fraction.
Value from_scaled(Vm& vm, const Args& a, const char* fn, int64_t per_second) {
  const Value& count_value = arg_any(a, 1, fn);
  if (count_value.is_float()) {
    const double seconds = count_value.as_float() / static_cast<double>(per_second);
    if (!std::isfinite(seconds) || std::fabs(seconds) > static_cast<double>(kMaxUnixSeconds)) throw_error("ValueErr", std::string(fn) + ": out of range");
    const double whole = std::floor(seconds);
    return make_instant(vm, static_cast<int64_t>(whole), static_cast<int64_t>((seconds - whole) * kNs), "UTC", true);
  }
  const int64_t count = arg_int(a, 1, fn);
  int64_t seconds = count / per_second;
  if (count % per_second < 0) --seconds;  // floor division
  if (seconds > kMaxUnixSeconds || seconds < -kMaxUnixSeconds) throw_error("ValueErr", std::string(fn) + ": out of range");
  return make_instant(vm, seconds, (count - seconds * per_second) * (kNs / per_second), "UTC", true);
}

// time.span accepts named arguments (years:, hours: ...) or the same order positionally.
Value build_span(Vm& vm, const Args& a) {
  static const char* names[] = {"years", "months", "days", "hours", "minutes", "seconds", "millis", "micros", "nanos"};
  static const int64_t nanos_per[] = {0, 0, 0, 3600 * kNs, 60 * kNs, kNs, 1'000'000, 1'000, 1};
  int64_t values[9] = {};
  for (size_t i = 0; i < 9; ++i) {
    if (i < a.size()) values[i] = arg_int(a, i + 1, "span");
    const Value* named = a.named() ? a.named()->find(names[i]) : nullptr;
    if (named && named->is_int()) values[i] = named->as_int();
    else if (named) throw_error("TypeErr", std::string("span: ") + names[i] + " must be Int, got " + type_name_of(*named));
  }
  int64_t nanos = 0;
  for (size_t i = 3; i < 9; ++i) nanos += values[i] * nanos_per[i];
  return make_span(vm, values[0], values[1], values[2], nanos);
}

void register_clocks(ModuleBuilder& m) {
  m.function("now", [](Vm& vm, const Args&) {
    const auto [seconds, nanos] = now_parts();
    return make_instant(vm, seconds, nanos, "UTC", true);
  }, 0, 0);
  m.function("now_local", [](Vm& vm, const Args&) {
    const auto [seconds, nanos] = now_parts();
    return make_instant(vm, seconds, nanos, calendar::local_zone(), false);
  }, 0, 0);
  m.function("today", [](Vm& vm, const Args&) {
    const auto [seconds, nanos] = now_parts();
    const Civil c = calendar::civil_from_unix(seconds, nanos, calendar::offset_at(calendar::local_zone(), seconds));
    return make_date(vm, calendar::days_from_civil(c.year, c.month, c.day));
  }, 0, 0);
  m.function("time_now", [](Vm& vm, const Args&) {
    const auto [seconds, nanos] = now_parts();
    const Civil c = calendar::civil_from_unix(seconds, nanos, calendar::offset_at(calendar::local_zone(), seconds));
    return make_time_of_day(vm, (c.hour * 3600 + c.minute * 60 + c.second) * kNs + c.nanosecond);
  }, 0, 0);
  m.function("ticks_ms", [](Vm&, const Args&) {
    return Value::integer(std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch()).count());
  }, 0, 0);
  m.function("sleep", [](Vm&, const Args& a) {
    const double seconds = arg_float(a, 1, "sleep");
    if (!(seconds >= 0) || seconds > 86400.0 * 365) throw_error("ValueErr", "sleep: seconds must be between 0 and one year");
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    return Value::nil();
  }, 1, 1);
}

void register_constructors(ModuleBuilder& m) {
  m.function("parse", [](Vm& vm, const Args& a) { return parse_value(vm, arg_str(a, 1, "parse")); }, 1, 1);
  m.function("date", [](Vm& vm, const Args& a) {
    const Civil c = civil_date_args(a, "date");
    return make_date(vm, calendar::days_from_civil(c.year, c.month, c.day));
  }, 3, 3);
  m.function("time", [](Vm& vm, const Args& a) {
    const int64_t h = component(a, 1, "time", 0, 23), mi = component(a, 2, "time", 0, 59), s = component(a, 3, "time", 0, 59);
    const int64_t ns = a.size() > 3 ? component(a, 4, "time", 0, kNs - 1) : 0;
    return make_time_of_day(vm, (h * 3600 + mi * 60 + s) * kNs + ns);
  }, 3, 4);
  m.function("datetime", [](Vm& vm, const Args& a) {
    Civil c = civil_date_args(a, "datetime");
    c.hour = component(a, 4, "datetime", 0, 23);
    c.minute = component(a, 5, "datetime", 0, 59);
    c.second = component(a, 6, "datetime", 0, 59);
    const std::string zone = checked_zone(opt_str(a, 7, "datetime", "UTC"), "datetime");
    return make_instant(vm, calendar::unix_from_local(zone, c), 0, zone, false);
  }, 6, 7);
  m.function("from_timestamp", [](Vm& vm, const Args& a) { return from_scaled(vm, a, "from_timestamp", 1); }, 1, 1);
  m.function("from_timestamp_ms", [](Vm& vm, const Args& a) { return from_scaled(vm, a, "from_timestamp_ms", 1000); }, 1, 1);
  m.function("from_timestamp_us", [](Vm& vm, const Args& a) { return from_scaled(vm, a, "from_timestamp_us", 1'000'000); }, 1, 1);
  m.function("is_leap_year", [](Vm&, const Args& a) { return Value::boolean(calendar::is_leap_year(arg_int(a, 1, "is_leap_year"))); }, 1, 1);
}

void register_spans(ModuleBuilder& m) {
  m.function("span", [](Vm& vm, const Args& a) { return build_span(vm, a); }, 0, 9);
  m.function("days", [](Vm& vm, const Args& a) { return make_span(vm, 0, 0, arg_int(a, 1, "days"), 0); }, 1, 1);
  const std::pair<const char*, int64_t> units[] = {{"hours", 3600 * kNs}, {"minutes", 60 * kNs}, {"seconds", kNs}};
  for (const auto& [name, unit] : units) {
    m.function(name, [name, unit](Vm& vm, const Args& a) { return make_span(vm, 0, 0, 0, arg_int(a, 1, name) * unit); }, 1, 1);
  }
}

void build(Vm& vm, ModuleBuilder& m) {
  m.doc("Dates, times, timezones and durations.");
  register_clocks(m);
  register_constructors(m);
  register_spans(m);
  add_time_extra_functions(vm, m);
}

}  // namespace

void register_time_module(Vm& vm) {
  register_time_classes(vm);
  vm.register_native_module("std/time", build);
}

}  // namespace quest
