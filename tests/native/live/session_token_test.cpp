#include <doctest/doctest.h>

#include "quest_live/live/session_token.hpp"

using namespace quest_live::live;
using namespace std::chrono_literals;

namespace {

const std::string secret(64, 's');
const TokenSigner::Clock::time_point t0 = TokenSigner::Clock::time_point(1'800'000'000s);

std::string flip_char(std::string token, std::size_t at) {
  token[at] = token[at] == 'A' ? 'B' : 'A';
  return token;
}

}  // namespace

TEST_CASE("a signed token verifies and returns its payload") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign(R"({"view":"Counter","id":"phx-1"})", t0);
  auto result = signer.verify(token, 3600s, t0 + 10s);
  REQUIRE(result.ok());
  CHECK(*result.payload == R"({"view":"Counter","id":"phx-1"})");
  CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
        std::string::npos);
}

TEST_CASE("empty and binary payloads round-trip") {
  TokenSigner signer(secret, "live static");
  CHECK(*signer.verify(signer.sign("", t0), 60s, t0).payload == "");
  const std::string binary("\0\xff\x01", 3);
  CHECK(*signer.verify(signer.sign(binary, t0), 60s, t0).payload == binary);
}

TEST_CASE("a tampered payload is rejected") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("user=1", t0);
  for (std::size_t at = 0; at < token.find('.'); ++at) {
    CAPTURE(at);
    auto result = signer.verify(flip_char(token, at), 3600s, t0);
    CHECK_FALSE(result.ok());
  }
  CHECK(signer.verify(flip_char(token, token.find('.') - 1), 3600s, t0).error == TokenError::bad_signature);
}

TEST_CASE("a tampered signature is rejected") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("user=1", t0);
  for (std::size_t at = token.find('.') + 1; at < token.size(); ++at) {
    CAPTURE(at);
    CHECK_FALSE(signer.verify(flip_char(token, at), 3600s, t0).ok());
  }
}

TEST_CASE("a token signed with another secret or for another purpose is rejected") {
  TokenSigner session(secret, "live session");
  TokenSigner statics(secret, "live static");
  TokenSigner other(std::string(64, 'o'), "live session");
  const std::string token = session.sign("x", t0);
  CHECK(statics.verify(token, 60s, t0).error == TokenError::bad_signature);
  CHECK(other.verify(token, 60s, t0).error == TokenError::bad_signature);
}

TEST_CASE("tokens expire after max_age") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("x", t0);
  CHECK(signer.verify(token, 60s, t0 + 60s).ok());
  CHECK(signer.verify(token, 60s, t0 + 61s).error == TokenError::expired);
}

TEST_CASE("tokens issued in the future beyond clock skew are rejected") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("x", t0 + 3600s);
  CHECK(signer.verify(token, 60s, t0).error == TokenError::expired);
  CHECK(signer.verify(signer.sign("x", t0 + 30s), 60s, t0).ok());
}

TEST_CASE("malformed tokens are reported as malformed") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("x", t0);
  for (const std::string& bad : {std::string(""), std::string("abc"), std::string("."), std::string("a.b.c"),
                                std::string("!!!.???"), token + ".x", std::string("AAAA.") + token.substr(token.find('.') + 1),
                                token.substr(0, token.find('.')) + ".A"}) {
    CAPTURE(bad);
    const auto result = signer.verify(bad, 60s, t0);
    CHECK_FALSE(result.ok());
    CHECK(result.error.has_value());
  }
  CHECK(signer.verify("abc", 60s, t0).error == TokenError::malformed);
}

TEST_CASE("non-canonical base64 spellings of a valid token are rejected") {
  TokenSigner signer(secret, "live session");
  const std::string token = signer.sign("x", t0);  // 10 bytes: the last character carries unused bits
  const std::size_t dot = token.find('.');
  std::string other = token;
  char& last = other[dot - 1];
  last = static_cast<char>(last + 1);
  CHECK_FALSE(signer.verify(other, 60s, t0).ok());
}

TEST_CASE("a short secret_key_base is refused") {
  CHECK_THROWS_AS(TokenSigner(std::string(31, 'x'), "salt"), std::invalid_argument);
  CHECK(std::string(to_string(TokenError::expired)) == "expired");
}
