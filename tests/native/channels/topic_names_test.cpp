// The endpoint's interned topic names (a private part of native/channels).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "topic_names.hpp"

using quest_live::channels::detail::TopicName;
using quest_live::channels::detail::TopicNames;

TEST_SUITE("channels: interned topic names") {
  TEST_CASE("one topic held twice is one string") {
    TopicNames names;
    auto first = names.intern("room:a-topic-longer-than-sixteen");
    auto second = names.intern(std::string("room:a-topic-longer-than-sixteen"));
    CHECK(first.get() == second.get());
    CHECK(*first == "room:a-topic-longer-than-sixteen");
    CHECK(names.intern("room:other").get() != first.get());
  }

  TEST_CASE("a topic nobody holds is interned afresh with the same text") {
    TopicNames names;
    { auto gone = names.intern("room:1"); }
    auto again = names.intern("room:1");
    CHECK(*again == "room:1");
    CHECK(names.intern("room:1").get() == again.get());
  }

  TEST_CASE("entries of topics nobody holds are swept, held ones survive") {
    TopicNames names;
    auto kept = names.intern("room:kept");
    for (int i = 0; i < 5000; ++i) names.intern("room:" + std::to_string(i));
    CHECK(names.size() < 200);
    CHECK(names.intern("room:kept").get() == kept.get());
  }
}
