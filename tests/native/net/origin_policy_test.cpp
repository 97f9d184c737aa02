// The Origin rule for WebSocket upgrades, as a pure function.
#include <doctest/doctest.h>

#include "quest_live/net/origin_policy.hpp"

using quest_live::net::origin_allowed;
using quest_live::net::origin_authority;

TEST_CASE("origin_authority extracts lower-case host:port from scheme://host[:port][/path]") {
  CHECK(origin_authority("http://localhost:4000") == std::optional<std::string>("localhost:4000"));
  CHECK(origin_authority("HTTPS://Example.COM") == std::optional<std::string>("example.com"));
  CHECK(origin_authority("http://a.test/ignored/path") == std::optional<std::string>("a.test"));
  CHECK_FALSE(origin_authority("null"));
  CHECK_FALSE(origin_authority("localhost:4000"));
  CHECK_FALSE(origin_authority("://nohost"));
  CHECK_FALSE(origin_authority("http://"));
  CHECK_FALSE(origin_authority("http://user@host"));
}

TEST_CASE("a request without Origin is allowed") {
  CHECK(origin_allowed(std::nullopt, "example.com", {}));
}

TEST_CASE("same origin is allowed, ignoring case; another host or port is not") {
  CHECK(origin_allowed("http://example.com:4000", "example.com:4000", {}));
  CHECK(origin_allowed("http://EXAMPLE.com:4000", "Example.com:4000", {}));
  CHECK_FALSE(origin_allowed("http://example.com:4001", "example.com:4000", {}));
  CHECK_FALSE(origin_allowed("http://evil.com", "example.com", {}));
  CHECK_FALSE(origin_allowed("http://example.com", "", {}));
}

TEST_CASE("the allow-list admits exact origins and * admits all") {
  const std::vector<std::string> list{"https://app.example.com"};
  CHECK(origin_allowed("https://app.example.com", "api.example.com", list));
  CHECK(origin_allowed("HTTPS://APP.example.com", "api.example.com", list));
  CHECK_FALSE(origin_allowed("http://app.example.com", "api.example.com", list));
  CHECK_FALSE(origin_allowed("https://app.example.com.evil", "api.example.com", list));
  CHECK(origin_allowed("http://anything.test", "api.example.com", {"*"}));
}

TEST_CASE("malformed origins and the opaque origin null are refused") {
  CHECK_FALSE(origin_allowed("null", "example.com", {}));
  CHECK_FALSE(origin_allowed("", "example.com", {}));
  CHECK_FALSE(origin_allowed("example.com", "example.com", {}));
}
