// Text helpers behind the Str methods: UTF-8 walking, char-indexed slicing, case
// mapping and the is*() classifiers. Pure functions over std::string_view; they know
// nothing about Quest values, so they can be unit tested on their own.
//
// Quest strings are UTF-8. `len()` counts bytes, while slicing, indexing and
// iteration count chars (code points); these helpers keep that split explicit.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quest::text {

// Decodes the code point starting at `text[pos]` and advances `pos` past it.
// Malformed bytes decode as U+FFFD and advance by one byte, so walking never stalls.
char32_t next_code_point(std::string_view text, size_t& pos);

void append_utf8(std::string& out, char32_t code_point);
std::string utf8_from_code_point(char32_t code_point);

bool is_valid_utf8(std::string_view text);
size_t char_count(std::string_view text);

// Splits into one std::string per code point.
std::vector<std::string> split_chars(std::string_view text);

// Byte offset of char index `char_index` (clamped to the end of the text).
size_t byte_offset_of_char(std::string_view text, size_t char_index);

// Python-style slice by char indices: negatives count from the end, both ends clamp.
std::string slice_chars(std::string_view text, int64_t start, int64_t end);

// Case mapping and classification use glibc's C.UTF-8 tables (towupper_l and
// friends on a locale object made once), so they cover Unicode, not just ASCII,
// without touching the process-wide locale.
std::string to_upper(std::string_view text);
std::string to_lower(std::string_view text);
std::string capitalize(std::string_view text);
std::string title_case(std::string_view text);

bool is_alpha(char32_t c);
bool is_digit(char32_t c);
bool is_space(char32_t c);
bool is_upper(char32_t c);
bool is_lower(char32_t c);

// The str.is*() family: true only for a non-empty text whose chars all pass.
bool all_chars(std::string_view text, bool (*predicate)(char32_t));
bool is_alnum_text(std::string_view text);
bool is_ascii_text(std::string_view text);
bool is_lower_text(std::string_view text);  // has a cased char, none upper
bool is_upper_text(std::string_view text);  // has a cased char, none lower
bool is_title_text(std::string_view text);

std::string trim(std::string_view text);
std::string trim_left(std::string_view text);
std::string trim_right(std::string_view text);

std::string replace_all(std::string_view text, std::string_view from, std::string_view to);
size_t count_occurrences(std::string_view text, std::string_view needle);
std::vector<std::string> split(std::string_view text, std::string_view delimiter);
// Each tab becomes `tab_size` spaces (upstream's rule; no column alignment).
std::string expand_tabs(std::string_view text, int64_t tab_size);

}  // namespace quest::text
