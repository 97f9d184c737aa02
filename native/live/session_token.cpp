// HMAC-SHA256 signed tokens (OpenSSL).
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "quest_live/live/session_token.hpp"

namespace quest_live::live {
namespace {

constexpr unsigned char token_version = 1;
constexpr std::size_t header_size = 1 + 8;  // version, issued_at

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), length);
}

std::string base64url_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string padded(text);
  for (char& c : padded) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (c == '+' || c == '/' || c == '=') return std::nullopt;  // not url-safe form
  }
  if (padded.size() % 4 == 1) return std::nullopt;
  const std::size_t padding = (4 - padded.size() % 4) % 4;
  padded.append(padding, '=');
  std::string out(padded.size() / 4 * 3, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(padded.data()),
                                      static_cast<int>(padded.size()));
  if (written < 0) return std::nullopt;
  out.resize(static_cast<std::size_t>(written) - padding);  // DecodeBlock counts padding as zeros
  // Reject non-canonical text (unused low bits set): one token, one spelling.
  if (base64url_encode(out) != text) return std::nullopt;
  return out;
}

std::int64_t unix_seconds(TokenSigner::Clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
}

VerifiedToken failure(TokenError error) { return VerifiedToken{std::nullopt, error}; }

}  // namespace

const char* to_string(TokenError error) {
  switch (error) {
    case TokenError::malformed: return "malformed";
    case TokenError::bad_signature: return "bad signature";
    case TokenError::expired: return "expired";
  }
  return "unknown";
}

TokenSigner::TokenSigner(std::string_view secret_key_base, std::string_view salt) {
  if (secret_key_base.size() < 32) throw std::invalid_argument("secret_key_base must be at least 32 bytes");
  key_ = hmac_sha256(secret_key_base, salt);
}

std::string TokenSigner::sign(std::string_view payload, Clock::time_point now) const {
  std::string body(header_size, '\0');
  body[0] = static_cast<char>(token_version);
  const auto issued = static_cast<std::uint64_t>(unix_seconds(now));
  for (int i = 0; i < 8; ++i) body[1 + i] = static_cast<char>((issued >> (56 - 8 * i)) & 0xff);
  body.append(payload);
  const std::string encoded = base64url_encode(body);
  return encoded + "." + base64url_encode(hmac_sha256(key_, encoded));
}

VerifiedToken TokenSigner::verify(std::string_view token, std::chrono::seconds max_age,
                                  Clock::time_point now) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos) {
    return failure(TokenError::malformed);
  }
  const std::string_view encoded = token.substr(0, dot);
  const auto signature = base64url_decode(token.substr(dot + 1));
  const auto body = base64url_decode(encoded);
  if (!signature || !body || body->size() < header_size) return failure(TokenError::malformed);
  const std::string expected = hmac_sha256(key_, encoded);
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return failure(TokenError::bad_signature);
  }
  if (static_cast<unsigned char>((*body)[0]) != token_version) return failure(TokenError::malformed);
  std::uint64_t issued = 0;
  for (int i = 0; i < 8; ++i) issued = (issued << 8) | static_cast<unsigned char>((*body)[1 + i]);
  const std::int64_t age = unix_seconds(now) - static_cast<std::int64_t>(issued);
  constexpr std::int64_t allowed_clock_skew = 60;
  if (age < -allowed_clock_skew || age > max_age.count()) return failure(TokenError::expired);
  return VerifiedToken{body->substr(header_size), std::nullopt};
}

}  // namespace quest_live::live
