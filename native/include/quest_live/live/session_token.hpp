// Signed tokens for data-phx-session and data-phx-static: HMAC-SHA256 (OpenSSL).
//
// Token = base64url(version | issued_at (8 bytes, big endian, unix seconds) | payload)
//         "." base64url(HMAC-SHA256(key, first part)).
// The key is derived from secret_key_base and a salt ("live session", "live static"), so
// a token signed for one purpose never verifies for another. Signatures are compared in
// constant time. The payload is opaque bytes (the caller picks JSON or anything else).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace quest_live::live {

enum class TokenError { malformed, bad_signature, expired };
const char* to_string(TokenError error);

struct VerifiedToken {
  std::optional<std::string> payload;  // set when valid
  std::optional<TokenError> error;     // set when not

  bool ok() const { return payload.has_value(); }
};

class TokenSigner {
 public:
  using Clock = std::chrono::system_clock;

  // Throws std::invalid_argument if secret_key_base is shorter than 32 bytes.
  TokenSigner(std::string_view secret_key_base, std::string_view salt);

  std::string sign(std::string_view payload, Clock::time_point now = Clock::now()) const;
  VerifiedToken verify(std::string_view token, std::chrono::seconds max_age,
                       Clock::time_point now = Clock::now()) const;

 private:
  std::string key_;
};

}  // namespace quest_live::live
