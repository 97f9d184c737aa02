// Message digests for Str.hash()/md5()..., Uuid v3/v5 and std/hash, over OpenSSL's
// EVP interface (one code path for every algorithm) plus Boost.CRC for crc32.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace quest::digest {

// Raw digest bytes of `data` with algorithm `name` (md5, sha1, sha256, sha384,
// sha512); std::nullopt for an unknown name.
std::optional<std::string> raw(std::string_view name, std::string_view data);

// Raw HMAC bytes; std::nullopt for an unknown algorithm name.
std::optional<std::string> hmac_raw(std::string_view name, std::string_view key, std::string_view data);

uint32_t crc32(std::string_view data);

}  // namespace quest::digest
