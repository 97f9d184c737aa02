// DictObj is a compact, insertion-ordered hash table with tombstones; these cases pin
// the behaviours that its probing and compaction must preserve.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "quest/objects.hpp"

using quest::DictObj;
using quest::Value;

namespace {
std::vector<std::string> keys_of(const DictObj& d) {
  std::vector<std::string> keys;
  d.for_each([&](const std::string& key, const Value&) { keys.push_back(key); });
  return keys;
}
}  // namespace

TEST_CASE("a dict finds every key it holds and nothing else") {
  DictObj d;
  for (int i = 0; i < 10000; ++i) d.set("k" + std::to_string(i), Value::integer(i));
  CHECK(d.size() == 10000);
  for (int i = 0; i < 10000; ++i) {
    const Value* v = d.find("k" + std::to_string(i));
    REQUIRE(v != nullptr);
    CHECK(v->as_int() == i);
  }
  CHECK(d.find("k10000") == nullptr);
  CHECK_FALSE(d.contains(""));
}

TEST_CASE("setting an existing key keeps its place and size") {
  DictObj d;
  d.set("a", Value::integer(1));
  d.set("b", Value::integer(2));
  d.set("a", Value::integer(3));
  CHECK(d.size() == 2);
  CHECK(keys_of(d) == std::vector<std::string>{"a", "b"});
  CHECK(d.find("a")->as_int() == 3);
}

TEST_CASE("a removed key can be re-added and goes to the end") {
  DictObj d;
  for (const char* k : {"a", "b", "c"}) d.set(k, Value::integer(1));
  CHECK(d.remove("a"));
  CHECK_FALSE(d.remove("a"));
  CHECK(d.find("a") == nullptr);
  d.set("a", Value::integer(2));
  CHECK(d.size() == 3);
  CHECK(keys_of(d) == std::vector<std::string>{"b", "c", "a"});
  CHECK(d.find("a")->as_int() == 2);
}

TEST_CASE("lookups stay right across tombstones and compaction") {
  DictObj d;
  for (int i = 0; i < 1000; ++i) d.set(std::to_string(i), Value::integer(i));
  for (int i = 0; i < 1000; i += 3) d.remove(std::to_string(i));  // no compaction yet
  for (int i = 0; i < 1000; ++i) CHECK(d.contains(std::to_string(i)) == (i % 3 != 0));
  for (int i = 0; i < 1000; ++i)
    if (i % 3 != 0 && i % 2 == 0) d.remove(std::to_string(i));  // past half: compacts
  std::vector<std::string> expected;
  for (int i = 0; i < 1000; ++i)
    if (i % 3 != 0 && i % 2 != 0) expected.push_back(std::to_string(i));
  CHECK(keys_of(d) == expected);
  CHECK(d.size() == expected.size());
  for (const std::string& k : expected) CHECK(d.find(k)->as_int() == std::stoi(k));
}

TEST_CASE("clear empties a dict that can then be reused") {
  DictObj d;
  for (int i = 0; i < 100; ++i) d.set(std::to_string(i), Value::integer(i));
  d.clear();
  CHECK(d.size() == 0);
  CHECK(d.find("1") == nullptr);
  d.set("x", Value::integer(7));
  CHECK(d.find("x")->as_int() == 7);
}
