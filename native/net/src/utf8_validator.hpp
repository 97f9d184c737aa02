// Incremental UTF-8 validation for WebSocket text messages (RFC 6455 section 8.1, RFC 3629).
//
// A text message may be split anywhere — across frames and across reads — so the
// validator keeps the state of a partly seen code point between calls. It rejects
// overlong forms, UTF-16 surrogates (U+D800..U+DFFF) and code points above U+10FFFF,
// and fails as soon as a byte cannot start or continue a valid sequence. Fourteen
// bytes of state, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace quest_live::net {

class Utf8Validator {
 public:
  // Checks the next bytes of the text. False once any byte so far was invalid (sticky).
  bool feed(std::string_view bytes);
  // True when the text fed so far is valid and does not end inside a code point.
  bool complete() const { return !failed_ && continuation_bytes_left_ == 0; }
  void reset() { *this = Utf8Validator{}; }

 private:
  bool accept(unsigned char byte);

  std::uint8_t continuation_bytes_left_ = 0;
  // Range allowed for the next continuation byte; narrower than 0x80..0xBF right after
  // some lead bytes (that is how overlongs, surrogates and > U+10FFFF are excluded).
  std::uint8_t next_lowest_ = 0x80;
  std::uint8_t next_highest_ = 0xBF;
  bool failed_ = false;
};

// Whole-string convenience.
bool is_valid_utf8(std::string_view text);

}  // namespace quest_live::net
