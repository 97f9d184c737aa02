// ISO 8601 / RFC 3339 parsing for time.parse (part of time_calendar.hpp).
#include "time_calendar.hpp"

namespace quest::calendar {

namespace {

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  // Exactly `count` digits.
  std::optional<int64_t> digits(size_t count) {
    if (pos_ + count > text_.size()) return std::nullopt;
    int64_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return value;
  }
  // Up to 9 fraction digits, scaled to nanoseconds.
  int64_t fraction() {
    int64_t nanos = 0;
    int used = 0;
    while (!done() && peek() >= '0' && peek() <= '9') {
      if (used < 9) nanos = nanos * 10 + (peek() - '0'), ++used;
      ++pos_;
    }
    for (; used < 9; ++used) nanos *= 10;
    return nanos;
  }
  std::string_view rest() const { return text_.substr(pos_); }
  void skip(size_t count) { pos_ += count; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool parse_date(Cursor& in, Civil& civil) {
  const auto year = in.digits(4);
  if (!year || !in.accept('-')) return false;
  const auto month = in.digits(2);
  if (!month || !in.accept('-')) return false;
  const auto day = in.digits(2);
  if (!day || !valid_date(*year, static_cast<int>(*month), static_cast<int>(*day))) return false;
  civil.year = *year;
  civil.month = static_cast<int>(*month);
  civil.day = static_cast<int>(*day);
  return true;
}

bool parse_time(Cursor& in, Civil& civil) {
  const auto hour = in.digits(2);
  if (!hour || !in.accept(':')) return false;
  const auto minute = in.digits(2);
  if (!minute || *hour > 23 || *minute > 59) return false;
  civil.hour = static_cast<int>(*hour);
  civil.minute = static_cast<int>(*minute);
  if (in.accept(':')) {
    const auto second = in.digits(2);
    if (!second || *second > 60) return false;
    civil.second = static_cast<int>(*second == 60 ? 59 : *second);
    if (in.accept('.') || in.accept(',')) civil.nanosecond = in.fraction();
  }
  return true;
}

std::optional<int64_t> parse_offset(Cursor& in) {
  if (in.accept('Z') || in.accept('z')) return 0;
  const char sign = in.peek();
  if (sign != '+' && sign != '-') return std::nullopt;
  in.skip(1);
  const auto hours = in.digits(2);
  if (!hours) return std::nullopt;
  in.accept(':');
  const auto minutes = in.digits(2);
  if (!minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  const int64_t seconds = (*hours * 60 + *minutes) * 60;
  return sign == '-' ? -seconds : seconds;
}

}  // namespace

std::optional<ParsedDateTime> parse_iso(std::string_view text) {
  ParsedDateTime parsed;
  Cursor in(text);
  if (text.size() >= 3 && text[2] == ':') {
    parsed.kind = ParsedDateTime::Kind::time;
    if (!parse_time(in, parsed.civil) || !in.done()) return std::nullopt;
    return parsed;
  }
  if (!parse_date(in, parsed.civil)) return std::nullopt;
  if (in.done()) {
    parsed.kind = ParsedDateTime::Kind::date;
    return parsed;
  }
  if (!(in.accept('T') || in.accept('t') || in.accept(' ')) || !parse_time(in, parsed.civil)) return std::nullopt;
  if (!in.done() && in.peek() != '[') {
    parsed.offset_seconds = parse_offset(in);
    if (!parsed.offset_seconds) return std::nullopt;
  }
  if (in.accept('[')) {
    const std::string_view rest = in.rest();
    if (rest.size() < 2 || rest.back() != ']') return std::nullopt;
    parsed.zone = std::string(rest.substr(0, rest.size() - 1));
    if (!known_zone(parsed.zone)) return std::nullopt;
    parsed.kind = ParsedDateTime::Kind::zoned;
    return parsed;
  }
  if (!in.done()) return std::nullopt;
  parsed.kind = ParsedDateTime::Kind::instant;
  return parsed;
}

}  // namespace quest::calendar
