// A reference UTF-8 decoder (RFC 3629), written the plain way, to check the engine's
// incremental validator against: decode each code point, then reject what the RFC
// forbids (overlongs, surrogates, > U+10FFFF). Header-only, used by two targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fuzz_reference {

enum class Utf8Verdict { valid, invalid, truncated };

// Length of the sequence a lead byte announces, 0 when it cannot lead one.
inline int sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 0;  // continuation byte or 0xF8..0xFF
}

inline bool allowed_code_point(std::uint32_t cp, int length) {
  static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[length]) return false;          // overlong
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;   // UTF-16 surrogate
  return cp <= 0x10FFFF;
}

// Whether some allowed code point of `length` bytes starts with the `have` bytes at `p`
// (which are a lead byte and continuation bytes): fill the rest with the lowest and the
// highest continuation byte and look for an allowed value in that range.
inline bool can_complete(const unsigned char* p, int have, int length) {
  std::uint32_t low = p[0] & (0x7F >> length);
  std::uint32_t high = low;
  for (int i = 1; i < length; ++i) {
    const std::uint32_t bits = i < have ? (p[i] & 0x3F) : 0x00;
    const std::uint32_t bits_high = i < have ? (p[i] & 0x3F) : 0x3F;
    low = (low << 6) | bits;
    high = (high << 6) | bits_high;
  }
  for (std::uint32_t cp : {low, high}) {
    if (allowed_code_point(cp, length)) return true;
  }
  // The range [low, high] is contiguous: it holds an allowed point unless every value in
  // it is overlong, a surrogate, or too large. Check the edges of those forbidden zones.
  static constexpr std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  for (std::uint32_t cp : {smallest[length], std::uint32_t{0xE000}, std::uint32_t{0xD7FF}}) {
    if (cp >= low && cp <= high && allowed_code_point(cp, length)) return true;
  }
  return false;
}

// valid: whole code points only; truncated: valid so far but ends inside a code point
// that could still be completed; invalid: anything else.
inline Utf8Verdict check_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const int length = sequence_length(bytes[i]);
    if (length == 0) return Utf8Verdict::invalid;
    int have = 1;
    while (have < length && i + have < text.size()) {
      if ((bytes[i + have] & 0xC0) != 0x80) return Utf8Verdict::invalid;
      ++have;
    }
    if (have < length) {
      return can_complete(bytes + i, have, length) ? Utf8Verdict::truncated : Utf8Verdict::invalid;
    }
    std::uint32_t cp = bytes[i] & (0x7F >> (length == 1 ? 0 : length));
    if (length == 1) cp = bytes[i];
    for (int k = 1; k < length; ++k) cp = (cp << 6) | (bytes[i + k] & 0x3F);
    if (!allowed_code_point(cp, length)) return Utf8Verdict::invalid;
    i += static_cast<std::size_t>(length);
  }
  return Utf8Verdict::valid;
}

}  // namespace fuzz_reference
