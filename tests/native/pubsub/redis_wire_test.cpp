#include <doctest/doctest.h>

#include <stdexcept>

#include "quest_live/pubsub/redis_adapter.hpp"
#include "redis_wire.hpp"

using namespace quest_live;
using namespace quest_live::pubsub;

TEST_SUITE("redis wire format and url") {
  TEST_CASE("a Phoenix broadcast round-trips with its payload sent once") {
    Broadcast message{"room:1", "new_msg", R"({"body":"a b\nc"})",
                      make_frame(R"([null,null,"room:1","new_msg",{"body":"a b\nc"}])")};
    const std::string bytes = redis_wire::encode_broadcast("node-a", message);
    CHECK(bytes.size() < message.frame->size() + 64);  // payload not repeated
    auto decoded = redis_wire::decode(bytes);
    REQUIRE(decoded);
    CHECK(decoded->is_broadcast);
    CHECK(decoded->origin == "node-a");
    CHECK(decoded->topic == "room:1");
    CHECK(decoded->event == "new_msg");
    CHECK(decoded->payload == message.payload_json);
    CHECK(decoded->frame == *message.frame);
  }

  TEST_CASE("a payload that is not inside the frame travels after it") {
    Broadcast message{"t", "e", "{\"x\":1}", make_frame("opaque")};
    const std::string bytes = redis_wire::encode_broadcast("n", message);
    auto decoded = redis_wire::decode(bytes);
    REQUIRE(decoded);
    CHECK(decoded->payload == "{\"x\":1}");
    CHECK(decoded->frame == "opaque");
  }

  TEST_CASE("control messages round-trip; garbage is refused") {
    const std::string bytes = redis_wire::encode_control("n1", "presence", std::string("a\0b", 3));
    auto decoded = redis_wire::decode(bytes);
    REQUIRE(decoded);
    CHECK_FALSE(decoded->is_broadcast);
    CHECK(decoded->kind == "presence");
    CHECK(decoded->body == std::string("a\0b", 3));
    CHECK_FALSE(redis_wire::decode("hello"));
    CHECK_FALSE(redis_wire::decode("QL1 B n 1 1 0 0 3\nab"));        // short
    CHECK_FALSE(redis_wire::decode("QL1 C n 1 1\nabc"));            // trailing bytes
    CHECK_FALSE(redis_wire::decode("QL1 B n x 1 0 0 3\nabcde"));    // not a number
    CHECK_FALSE(redis_wire::decode("QL1 B n 0 0 9 1 2\nab"));       // payload outside the frame
  }

  TEST_CASE("redis urls") {
    auto plain = parse_redis_url("redis://127.0.0.1:6379");
    CHECK(plain.host == "127.0.0.1");
    CHECK(plain.port == 6379);
    CHECK(plain.password.empty());
    auto full = parse_redis_url("redis://:s3cret@cache.local:6380/2");
    CHECK(full.host == "cache.local");
    CHECK(full.port == 6380);
    CHECK(full.password == "s3cret");
    CHECK(parse_redis_url("redis://localhost").port == 6379);
    CHECK_THROWS_WITH_AS(parse_redis_url("http://x"), doctest::Contains("must start with redis://"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_redis_url("redis://"), doctest::Contains("host is missing"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_redis_url("redis://h:0"), doctest::Contains("port"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_redis_url("redis://h:99999"), doctest::Contains("port"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_redis_url("redis://h:12ab"), doctest::Contains("port"), std::invalid_argument);
    CHECK_THROWS_WITH_AS(parse_redis_url("redis://h/x"), doctest::Contains("database"), std::invalid_argument);
    RedisConfig bad;
    bad.url = "redis//nope";
    CHECK_THROWS_AS(RedisAdapter::create(bad), std::invalid_argument);
  }
}
