#include "utf8_validator.hpp"

namespace quest_live::net {

bool Utf8Validator::feed(std::string_view bytes) {
  if (failed_) return false;
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && continuation_bytes_left_ == 0) continue;  // ASCII, the common case
    if (!accept(byte)) {
      failed_ = true;
      return false;
    }
  }
  return true;
}

bool Utf8Validator::accept(unsigned char byte) {
  if (continuation_bytes_left_ > 0) {
    if (byte < next_lowest_ || byte > next_highest_) return false;
    --continuation_bytes_left_;
    next_lowest_ = 0x80;
    next_highest_ = 0xBF;
    return true;
  }
  if (byte < 0x80) return true;
  // Lead bytes (RFC 3629 section 4): C0, C1 and F5..FF never appear; E0, ED, F0 and F4
  // restrict their first continuation byte.
  if (byte >= 0xC2 && byte <= 0xDF) {
    continuation_bytes_left_ = 1;
  } else if (byte >= 0xE0 && byte <= 0xEF) {
    continuation_bytes_left_ = 2;
    if (byte == 0xE0) next_lowest_ = 0xA0;   // overlong below U+0800
    if (byte == 0xED) next_highest_ = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (byte >= 0xF0 && byte <= 0xF4) {
    continuation_bytes_left_ = 3;
    if (byte == 0xF0) next_lowest_ = 0x90;   // overlong below U+10000
    if (byte == 0xF4) next_highest_ = 0x8F;  // above U+10FFFF
  } else {
    return false;
  }
  return true;
}

bool is_valid_utf8(std::string_view text) {
  Utf8Validator validator;
  return validator.feed(text) && validator.complete();
}

}  // namespace quest_live::net
