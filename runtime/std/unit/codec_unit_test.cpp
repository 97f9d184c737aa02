// Unit tests for base64/hex codecs, digests and UUID helpers (RFC test vectors).
#include <doctest/doctest.h>

#include "bytes_codec.hpp"
#include "bytes_digest.hpp"
#include "uuid_value.hpp"

using namespace quest;

TEST_CASE("base64 follows the RFC 4648 vectors") {
  const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  const char* encoded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  for (int i = 0; i < 7; ++i) {
    CHECK(codec::base64_encode(plain[i]) == encoded[i]);
    CHECK(codec::base64_decode(encoded[i]) == std::string(plain[i]));
  }
  CHECK(codec::base64_decode("Zg") == std::string("f"));  // padding optional
  CHECK_FALSE(codec::base64_decode("Z").has_value());
  CHECK_FALSE(codec::base64_decode("Zm9v!").has_value());
  CHECK(codec::base64url_encode("\xfb\xff") == "-_8");
  CHECK(codec::base64url_decode("-_8") == std::string("\xfb\xff"));
  CHECK_FALSE(codec::base64url_decode("+/8").has_value());
}

TEST_CASE("hex round-trips and rejects bad digits") {
  CHECK(codec::hex_encode(std::string("\x00\xff\x10", 3)) == "00ff10");
  CHECK(codec::hex_encode("\xab", true) == "AB");
  CHECK(codec::hex_decode("00fF10") == std::string("\x00\xff\x10", 3));
  CHECK_FALSE(codec::hex_decode("abc").has_value());
  CHECK_FALSE(codec::hex_decode("gg").has_value());
}

TEST_CASE("digests match published vectors") {
  CHECK(codec::hex_encode(*digest::raw("md5", "")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(codec::hex_encode(*digest::raw("sha1", "abc")) == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(codec::hex_encode(*digest::raw("sha256", "abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(codec::hex_encode(*digest::hmac_raw("sha256", "Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(digest::crc32("123456789") == 0xCBF43926u);
  CHECK_FALSE(digest::raw("whirlpool", "x").has_value());
}

TEST_CASE("uuid parsing accepts the usual forms only") {
  const auto id = uuid::parse("550e8400-e29b-41d4-a716-446655440000");
  REQUIRE(id.has_value());
  CHECK(uuid::simple(*id) == "550e8400e29b41d4a716446655440000");
  CHECK(uuid::parse("{550E8400-E29B-41D4-A716-446655440000}") == id);
  CHECK(uuid::parse("urn:uuid:550e8400-e29b-41d4-a716-446655440000") == id);
  CHECK(uuid::parse("550e8400e29b41d4a716446655440000") == id);
  CHECK_FALSE(uuid::parse("550e8400-e29b41d4-a716-446655440000-").has_value());
  CHECK_FALSE(uuid::parse("550e8400-e29b-41d4-a716-44665544000z").has_value());
  CHECK(uuid::version(*id) == 4);
  CHECK(uuid::variant(*id) == "RFC4122");
}

TEST_CASE("name-based uuids match RFC 4122 appendix values") {
  const auto dns = *uuid::parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  CHECK(uuid::hyphenated(uuid::v5(dns, "python.org")) == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK(uuid::hyphenated(uuid::v3(dns, "python.org")) == "6fa459ea-ee8a-3ca4-894e-db77e160355e");
}

TEST_CASE("time-ordered uuids sort in creation order") {
  UuidBytes previous = uuid::v7();
  for (int i = 0; i < 2000; ++i) {
    const UuidBytes next = uuid::v7();
    REQUIRE(uuid::hyphenated(previous) < uuid::hyphenated(next));
    previous = next;
  }
  const UuidBytes first = uuid::v6("");
  const UuidBytes second = uuid::v6("");
  CHECK(uuid::version(first) == 6);
  CHECK(uuid::hyphenated(first) < uuid::hyphenated(second));
  CHECK((uuid::v1("")[10] & 0x01) == 1);  // random node ids carry the multicast bit
}
