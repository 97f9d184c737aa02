#include "str_text.hpp"

#include <algorithm>
#include <locale.h>
#include <wctype.h>

namespace quest::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// One immutable locale object for the whole process: created on first use, never
// changed, so reading it from any thread is safe.
locale_t unicode_locale() {
  static locale_t locale = [] {
    locale_t made = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    return made ? made : newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(nullptr));
  }();
  return locale;
}

int continuation_bytes(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 3;
  if (lead >= 0xE0) return lead <= 0xEF ? 2 : -1;
  if (lead >= 0xC2) return 1;
  return -1;
}

template <typename MapChar>
std::string map_chars(std::string_view text, MapChar map_char) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) append_utf8(out, map_char(next_code_point(text, pos)));
  return out;
}

char32_t upper_of(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  return static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), unicode_locale()));
}

char32_t lower_of(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), unicode_locale()));
}

bool is_cased(char32_t c) { return is_upper(c) || is_lower(c); }

}  // namespace

char32_t next_code_point(std::string_view text, size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  const int extra = continuation_bytes(lead);
  if (extra < 0 || pos + static_cast<size_t>(extra) >= text.size()) {
    ++pos;
    return kReplacement;
  }
  char32_t code = lead & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if ((byte & 0xC0) != 0x80) {
      ++pos;
      return kReplacement;
    }
    code = (code << 6) | (byte & 0x3F);
  }
  pos += extra + 1;
  return code;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string utf8_from_code_point(char32_t code_point) {
  std::string out;
  append_utf8(out, code_point);
  return out;
}

bool is_valid_utf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t before = pos;
    const char32_t c = next_code_point(text, pos);
    if (c == kReplacement && text.substr(before, 3) != "\xEF\xBF\xBD") return false;
    if (c >= 0xD800 && c <= 0xDFFF) return false;
    if (c > 0x10FFFF) return false;
    // Overlong encodings: the shortest form must have been used.
    const size_t used = pos - before;
    if ((used == 3 && c < 0x800) || (used == 4 && c < 0x10000)) return false;
  }
  return true;
}

size_t char_count(std::string_view text) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    next_code_point(text, pos);
    ++count;
  }
  return count;
}

std::vector<std::string> split_chars(std::string_view text) {
  std::vector<std::string> chars;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    next_code_point(text, pos);
    chars.emplace_back(text.substr(start, pos - start));
  }
  return chars;
}

size_t byte_offset_of_char(std::string_view text, size_t char_index) {
  size_t pos = 0;
  for (size_t i = 0; i < char_index && pos < text.size(); ++i) next_code_point(text, pos);
  return pos;
}

std::string slice_chars(std::string_view text, int64_t start, int64_t end) {
  const auto count = static_cast<int64_t>(char_count(text));
  auto clamp_index = [count](int64_t index) {
    if (index < 0) index += count;
    return std::clamp<int64_t>(index, 0, count);
  };
  const int64_t from = clamp_index(start);
  const int64_t to = clamp_index(end);
  if (to <= from) return "";
  const size_t begin_byte = byte_offset_of_char(text, static_cast<size_t>(from));
  const size_t end_byte = byte_offset_of_char(text, static_cast<size_t>(to));
  return std::string(text.substr(begin_byte, end_byte - begin_byte));
}

std::string to_upper(std::string_view text) { return map_chars(text, upper_of); }
std::string to_lower(std::string_view text) { return map_chars(text, lower_of); }

std::string capitalize(std::string_view text) {
  bool first = true;
  return map_chars(text, [&first](char32_t c) {
    const char32_t mapped = first ? upper_of(c) : lower_of(c);
    first = false;
    return mapped;
  });
}

std::string title_case(std::string_view text) {
  bool in_word = false;
  return map_chars(text, [&in_word](char32_t c) {
    const bool letter = is_alpha(c);
    const char32_t mapped = letter ? (in_word ? lower_of(c) : upper_of(c)) : c;
    in_word = letter;
    return mapped;
  });
}

bool is_alpha(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return iswalpha_l(static_cast<wint_t>(c), unicode_locale()) != 0;
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

bool is_space(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return iswspace_l(static_cast<wint_t>(c), unicode_locale()) != 0 || c == 0x85 || c == 0xA0;
}

bool is_upper(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  return iswupper_l(static_cast<wint_t>(c), unicode_locale()) != 0;
}

bool is_lower(char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z';
  return iswlower_l(static_cast<wint_t>(c), unicode_locale()) != 0;
}

bool all_chars(std::string_view text, bool (*predicate)(char32_t)) {
  if (text.empty()) return false;
  size_t pos = 0;
  while (pos < text.size()) {
    if (!predicate(next_code_point(text, pos))) return false;
  }
  return true;
}

bool is_alnum_text(std::string_view text) {
  return all_chars(text, [](char32_t c) { return is_alpha(c) || is_digit(c); });
}

bool is_ascii_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_lower_text(std::string_view text) {
  bool saw_cased = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = next_code_point(text, pos);
    if (is_upper(c)) return false;
    saw_cased = saw_cased || is_lower(c);
  }
  return saw_cased;
}

bool is_upper_text(std::string_view text) {
  bool saw_cased = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = next_code_point(text, pos);
    if (is_lower(c)) return false;
    saw_cased = saw_cased || is_upper(c);
  }
  return saw_cased;
}

// Python's rule: uppercase chars only start a cased run, lowercase chars only
// continue one, and at least one cased char exists.
bool is_title_text(std::string_view text) {
  bool previous_cased = false;
  bool saw_cased = false;
  size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = next_code_point(text, pos);
    if (is_upper(c)) {
      if (previous_cased) return false;
      previous_cased = saw_cased = true;
    } else if (is_lower(c)) {
      if (!previous_cased) return false;
    } else {
      previous_cased = is_cased(c);
    }
  }
  return saw_cased;
}

}  // namespace quest::text
