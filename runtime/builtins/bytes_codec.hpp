// Binary-to-text codecs shared by Str.encode/decode, Bytes.decode and the
// std/encoding/b64 module: base64 (standard, padded), base64url (no padding) and hex.
// Decoders return std::nullopt on malformed input; callers choose the error text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quest::codec {

std::string base64_encode(std::string_view bytes);
std::string base64url_encode(std::string_view bytes);  // '-' '_' and no '=' padding

// Accepts padded or unpadded input; rejects characters outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text);
std::optional<std::string> base64url_decode(std::string_view text);

std::string hex_encode(std::string_view bytes, bool upper = false);
// Accepts upper or lower case; rejects odd lengths and non-hex characters.
std::optional<std::string> hex_decode(std::string_view text);

}  // namespace quest::codec
