// Methods of Timestamp and Zoned (the same table is registered on both classes).
#include "std_support.hpp"
#include "time_types.hpp"

namespace quest {

namespace {

using calendar::Civil;
constexpr int64_t kNs = calendar::kNanosPerSecond;
// Instants in nanoseconds need more than 64 bits (+-292 years only).
__extension__ typedef __int128 Nanos;

const InstantObject& self_instant(const Args& args, const char* fn) {
  return self_native<InstantObject>(args, fn, "Timestamp or Zoned");
}

const InstantObject& arg_instant(const Args& args, size_t pos, const char* fn) {
  return arg_native<InstantObject>(args, pos, fn, "Timestamp or Zoned");
}

Nanos total_nanos(const InstantObject& at) { return static_cast<Nanos>(at.seconds) * kNs + at.nanos; }

// Same kind of value as `like`, at a new instant.
Value shifted(Vm& vm, const InstantObject& like, Nanos nanos) {
  const int64_t seconds = static_cast<int64_t>(nanos >= 0 ? nanos / kNs : (nanos - kNs + 1) / kNs);
  return make_instant(vm, seconds, static_cast<int64_t>(nanos - static_cast<Nanos>(seconds) * kNs), like.zone,
                      like.is_timestamp());
}

// Wall-clock result in the value's zone (keeps the time of day across DST changes).
Value at_civil(Vm& vm, const InstantObject& like, const Civil& civil) {
  const int64_t seconds = calendar::unix_from_local(like.zone, civil);
  return make_instant(vm, seconds, civil.nanosecond, like.zone, like.is_timestamp());
}

Value add_calendar(Vm& vm, const InstantObject& at, int64_t years, int64_t months, int64_t days) {
  Civil civil = calendar::add_months(at.civil(), years * 12 + months);
  const Civil moved = calendar::civil_from_days(calendar::days_from_civil(civil.year, civil.month, civil.day) + days);
  civil.year = moved.year;
  civil.month = moved.month;
  civil.day = moved.day;
  return at_civil(vm, at, civil);
}

std::string rfc3339(const InstantObject& at) {
  const Civil civil = at.civil();
  return calendar::format_date(civil) + "T" + calendar::format_time(civil) + calendar::format_offset(at.offset(), true);
}

void register_unit_arithmetic(Vm& vm, const std::string& cls) {
  struct Unit {
    const char* name;
    int64_t months;
    int64_t days;
    int64_t seconds;
  };
  static const Unit units[] = {{"years", 12, 0, 0}, {"months", 1, 0, 0}, {"days", 0, 1, 0},
                               {"hours", 0, 0, 3600}, {"minutes", 0, 0, 60}, {"seconds", 0, 0, 1}};
  for (const Unit& unit : units) {
    for (int sign : {1, -1}) {
      const std::string name = std::string(sign > 0 ? "add_" : "subtract_") + unit.name;
      vm.register_method(cls, name, [unit, sign, name](Vm& vm, const Args& args) {
        const InstantObject& at = self_instant(args, name.c_str());
        const int64_t amount = arg_int(args, 1, name) * sign;
        if (unit.seconds) return shifted(vm, at, total_nanos(at) + static_cast<Nanos>(amount) * unit.seconds * kNs);
        return add_calendar(vm, at, 0, amount * unit.months, amount * unit.days);
      }, 1, 1);
    }
  }
}

void register_span_arithmetic(Vm& vm, const std::string& cls) {
  for (int sign : {1, -1}) {
    const char* name = sign > 0 ? "add" : "subtract";
    vm.register_method(cls, name, [sign, name](Vm& vm, const Args& args) {
      const InstantObject& at = self_instant(args, name);
      const SpanObject& span = arg_native<SpanObject>(args, 1, name, "Span");
      const Value moved = add_calendar(vm, at, sign * span.years, sign * span.months, sign * span.days);
      const InstantObject& base = *moved.native_as<InstantObject>();
      return shifted(vm, base, total_nanos(base) + static_cast<Nanos>(sign) * span.nanos);
    }, 1, 1);
  }
  vm.register_method(cls, "since", [](Vm& vm, const Args& args) {
    const Nanos difference = total_nanos(self_instant(args, "since")) - total_nanos(arg_instant(args, 1, "since"));
    return make_span(vm, 0, 0, 0, static_cast<int64_t>(difference));
  }, 1, 1);
}

void register_comparisons(Vm& vm, const std::string& cls) {
  using Compare = bool (*)(Nanos, Nanos);
  const std::pair<const char*, Compare> comparisons[] = {
      {"equals", [](Nanos a, Nanos b) { return a == b; }},
      {"eq", [](Nanos a, Nanos b) { return a == b; }},
      {"before", [](Nanos a, Nanos b) { return a < b; }},
      {"after", [](Nanos a, Nanos b) { return a > b; }},
  };
  for (const auto& [name, compare] : comparisons) {
    vm.register_method(cls, name, [name, compare](Vm&, const Args& args) {
      const InstantObject* other = arg_any(args, 1, name).native_as<InstantObject>();
      if (!other) return Value::boolean(false);
      return Value::boolean(compare(total_nanos(self_instant(args, name)), total_nanos(*other)));
    }, 1, 1);
  }
}

void register_components(Vm& vm, const std::string& cls) {
  using Getter = int64_t (*)(const Civil&);
  const std::pair<const char*, Getter> getters[] = {
      {"year", [](const Civil& c) { return c.year; }},
      {"month", [](const Civil& c) -> int64_t { return c.month; }},
      {"day", [](const Civil& c) -> int64_t { return c.day; }},
      {"hour", [](const Civil& c) -> int64_t { return c.hour; }},
      {"minute", [](const Civil& c) -> int64_t { return c.minute; }},
      {"second", [](const Civil& c) -> int64_t { return c.second; }},
      {"millisecond", [](const Civil& c) { return c.nanosecond / 1'000'000; }},
      {"microsecond", [](const Civil& c) { return c.nanosecond / 1'000; }},
      {"nanosecond", [](const Civil& c) { return c.nanosecond; }},
      {"quarter", [](const Civil& c) -> int64_t { return (c.month - 1) / 3 + 1; }},
      {"day_of_year", [](const Civil& c) -> int64_t { return calendar::day_of_year(c); }},
      {"day_of_week", [](const Civil& c) -> int64_t {
         return calendar::day_of_week(calendar::days_from_civil(c.year, c.month, c.day));
       }},
  };
  for (const auto& [name, getter] : getters) {
    vm.register_method(cls, name, [name, getter](Vm&, const Args& args) {
      return Value::integer(getter(self_instant(args, name).civil()));
    }, 0, 0);
  }
}

void register_conversions(Vm& vm, const std::string& cls) {
  const std::pair<const char*, int64_t> scales[] = {{"as_seconds", 1}, {"as_millis", 1000}, {"as_micros", 1'000'000}, {"as_nanos", kNs}};
  for (const auto& [name, per_second] : scales) {
    vm.register_method(cls, name, [name, per_second](Vm&, const Args& args) {
      const InstantObject& at = self_instant(args, name);
      int64_t scaled = 0;
      if (__builtin_mul_overflow(at.seconds, per_second, &scaled) ||
          __builtin_add_overflow(scaled, at.nanos / (kNs / per_second), &scaled)) {
        throw_error("RuntimeErr", std::string(name) + ": value does not fit in an Int");
      }
      return Value::integer(scaled);
    }, 0, 0);
  }
  auto to_zone = [](Vm& vm, const Args& args) {
    const std::string& zone = arg_str(args, 1, "to_timezone");
    if (!calendar::known_zone(zone)) throw_error("ValueErr", "Unknown timezone: '" + zone + "'");
    const InstantObject& at = self_instant(args, "to_timezone");
    return make_instant(vm, at.seconds, at.nanos, zone, false);
  };
  vm.register_method(cls, "to_zoned", to_zone, 1, 1);
  vm.register_method(cls, "to_timezone", to_zone, 1, 1);
  vm.register_method(cls, "to_utc", [](Vm& vm, const Args& args) {
    const InstantObject& at = self_instant(args, "to_utc");
    return make_instant(vm, at.seconds, at.nanos, "UTC", false);
  }, 0, 0);
  vm.register_method(cls, "timezone", [](Vm&, const Args& args) { return make_str(self_instant(args, "timezone").zone); }, 0, 0);
  vm.register_method(cls, "to_rfc3339", [](Vm&, const Args& args) { return make_str(rfc3339(self_instant(args, "to_rfc3339"))); }, 0, 0);
  vm.register_method(cls, "format", [](Vm&, const Args& args) {
    const InstantObject& at = self_instant(args, "format");
    return make_str(calendar::strftime_like(arg_str(args, 1, "format"), at.civil(), at.offset(), at.zone));
  }, 1, 1);
  vm.register_method(cls, "date", [](Vm& vm, const Args& args) {
    const Civil civil = self_instant(args, "date").civil();
    return make_date(vm, calendar::days_from_civil(civil.year, civil.month, civil.day));
  }, 0, 0);
  vm.register_method(cls, "time", [](Vm& vm, const Args& args) {
    const Civil c = self_instant(args, "time").civil();
    return make_time_of_day(vm, (c.hour * 3600 + c.minute * 60 + c.second) * kNs + c.nanosecond);
  }, 0, 0);
}

void register_rounding(Vm& vm, const std::string& cls) {
  using Adjust = Civil (*)(Civil);
  const std::pair<const char*, Adjust> adjustments[] = {
      {"start_of_day", [](Civil c) { c.hour = c.minute = c.second = 0; c.nanosecond = 0; return c; }},
      {"end_of_day", [](Civil c) { c.hour = 23; c.minute = c.second = 59; c.nanosecond = kNs - 1; return c; }},
      {"start_of_month", [](Civil c) { c.day = 1; c.hour = c.minute = c.second = 0; c.nanosecond = 0; return c; }},
      {"end_of_month", [](Civil c) {
         c.day = calendar::days_in_month(c.year, c.month); c.hour = 23; c.minute = c.second = 59; c.nanosecond = kNs - 1; return c;
       }},
      {"start_of_quarter", [](Civil c) {
         c.month = (c.month - 1) / 3 * 3 + 1; c.day = 1; c.hour = c.minute = c.second = 0; c.nanosecond = 0; return c;
       }},
      {"end_of_quarter", [](Civil c) {
         c.month = (c.month - 1) / 3 * 3 + 3; c.day = calendar::days_in_month(c.year, c.month);
         c.hour = 23; c.minute = c.second = 59; c.nanosecond = kNs - 1; return c;
       }},
  };
  for (const auto& [name, adjust] : adjustments) {
    vm.register_method(cls, name, [name, adjust](Vm& vm, const Args& args) {
      const InstantObject& at = self_instant(args, name);
      return at_civil(vm, at, adjust(at.civil()));
    }, 0, 0);
  }
  const std::pair<const char*, int64_t> rounding[] = {{"round_to_hour", 3600}, {"round_to_minute", 60}};
  for (const auto& [name, unit] : rounding) {
    vm.register_method(cls, name, [name, unit](Vm& vm, const Args& args) {
      const InstantObject& at = self_instant(args, name);
      const Nanos step = static_cast<Nanos>(unit) * kNs;
      const Nanos local = total_nanos(at) + static_cast<Nanos>(at.offset()) * kNs;
      const Nanos floor = (local >= 0 ? local / step : (local - step + 1) / step) * step;
      const Nanos rounded = (local - floor) * 2 >= step ? floor + step : floor;
      return shifted(vm, at, rounded - static_cast<Nanos>(at.offset()) * kNs);
    }, 0, 0);
  }
}

}  // namespace

void register_instant_methods(Vm& vm, const std::string& cls) {
  register_unit_arithmetic(vm, cls);
  register_span_arithmetic(vm, cls);
  register_comparisons(vm, cls);
  register_components(vm, cls);
  register_conversions(vm, cls);
  register_rounding(vm, cls);
}

}  // namespace quest
