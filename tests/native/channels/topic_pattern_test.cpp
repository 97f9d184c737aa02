#include <doctest/doctest.h>

#include "quest_live/channels/topic_pattern.hpp"

using quest_live::channels::TopicPattern;

TEST_SUITE("topic patterns") {
  TEST_CASE("an exact pattern matches only itself") {
    TopicPattern lobby("lobby");
    CHECK(lobby.matches("lobby"));
    CHECK_FALSE(lobby.matches("lobby2"));
    CHECK_FALSE(lobby.matches("lobb"));
    CHECK_FALSE(lobby.matches(""));
  }

  TEST_CASE("a trailing star matches the prefix and anything after it") {
    TopicPattern rooms("room:*");
    CHECK(rooms.matches("room:lobby"));
    CHECK(rooms.matches("room:"));
    CHECK(rooms.matches("room:a:b"));
    CHECK_FALSE(rooms.matches("room"));
    CHECK_FALSE(rooms.matches("rooms:lobby"));
    CHECK_FALSE(rooms.matches("bench:1"));
  }

  TEST_CASE("a lone star matches every topic") {
    TopicPattern all("*");
    CHECK(all.matches(""));
    CHECK(all.matches("anything"));
  }

  TEST_CASE("a star that is not last is an ordinary character") {
    TopicPattern literal("a*b");
    CHECK(literal.matches("a*b"));
    CHECK_FALSE(literal.matches("axb"));
  }

  TEST_CASE("patterns survive copies") {
    TopicPattern original("room:*");
    TopicPattern copy = original;
    CHECK(copy.matches("room:1"));
    CHECK(copy.text() == "room:*");
  }
}
