// The encoder on hand-built trees, with literal expected JSON.
#include <doctest/doctest.h>

#include "quest_live/live/diff_encoder.hpp"

using namespace quest_live::live;

namespace {

const Statics page = make_statics({"<h1>", "</h1><main>", "</main>"});
const Statics warn = make_statics({"<p class=\"warn\">", "</p>"});
const Statics other = make_statics({"<i>", "</i>"});
const Statics item = make_statics({"<li>", "</li>"});
const Statics badge = make_statics({"<b>", "</b>"});
const Statics card = make_statics({"<div id=\"card\">", "</div>"});

RenderedDynamic text(std::string value) { return value; }

RenderedDynamic node(const Statics& statics, std::vector<RenderedDynamic> dynamics) {
  auto result = std::make_unique<RenderedNode>();
  result->statics = &statics;
  result->dynamics = std::move(dynamics);
  return result;
}

std::vector<RenderedDynamic> slots(RenderedDynamic a) {
  std::vector<RenderedDynamic> result;
  result.push_back(std::move(a));
  return result;
}

std::vector<RenderedDynamic> slots(RenderedDynamic a, RenderedDynamic b) {
  std::vector<RenderedDynamic> result = slots(std::move(a));
  result.push_back(std::move(b));
  return result;
}

RenderedEntry entry(std::uint64_t key, std::vector<RenderedDynamic> dynamics) {
  return RenderedEntry{key, false, std::move(dynamics)};
}

RenderedEntry same(std::uint64_t key) { return RenderedEntry{key, true, {}}; }

RenderedDynamic list(const Statics& statics, std::vector<RenderedEntry> entries) {
  auto result = std::make_unique<RenderedComprehension>();
  result->statics = &statics;
  result->entries = std::move(entries);
  return result;
}

RenderedView view(RenderedDynamic title, RenderedDynamic body) {
  RenderedView result;
  result.root = std::make_unique<RenderedNode>();
  result.root->statics = &page;
  result.root->dynamics = slots(std::move(title), std::move(body));
  return result;
}

// A list of `names` keyed by their first letter.
RenderedDynamic letters(const std::vector<std::string>& names, const std::vector<bool>& unchanged = {}) {
  std::vector<RenderedEntry> entries;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::uint64_t key = static_cast<unsigned char>(names[i][0]);
    entries.push_back(i < unchanged.size() && unchanged[i] ? same(key) : entry(key, slots(text(names[i]))));
  }
  return list(item, std::move(entries));
}

ViewMirror joined(RenderedView first) {
  ViewMirror mirror;
  encode_full(first, mirror);
  return mirror;
}

}  // namespace

TEST_CASE("a join sends every node with its statics and every list with kc") {
  ViewMirror mirror;
  const std::string json = encode_full(view(text("Hi"), letters({"a", "b"})), mirror);
  CHECK(json == R"({"s":["<h1>","</h1><main>","</main>"],"0":"Hi","1":{"s":["<li>","</li>"],)"
                R"("k":{"0":{"0":"a"},"1":{"0":"b"},"kc":2}}})");
  CHECK(mirror.joined());
}

TEST_CASE("an empty list joins as kc 0") {
  ViewMirror mirror;
  CHECK(encode_full(view(text(""), letters({})), mirror) ==
        R"({"s":["<h1>","</h1><main>","</main>"],"0":"","1":{"s":["<li>","</li>"],"k":{"kc":0}}})");
}

TEST_CASE("unchanged output is never resent and nothing changed is an empty diff") {
  ViewMirror mirror = joined(view(text("Hi"), text("x")));
  CHECK(encode_diff(view(text("Hi"), text("x")), mirror) == "{}");
  CHECK(encode_diff(view(Unchanged{}, Unchanged{}), mirror) == "{}");
  CHECK(encode_diff(view(text("Ho"), Unchanged{}), mirror) == R"({"0":"Ho"})");
  CHECK(encode_diff(view(text("Ho"), text("x")), mirror) == "{}");
}

TEST_CASE("a node keeps its statics client-side; only changed slots travel") {
  ViewMirror mirror = joined(view(text("t"), node(warn, slots(text("1")))));
  CHECK(encode_diff(view(text("t"), node(warn, slots(text("2")))), mirror) == R"({"1":{"0":"2"}})");
  CHECK(encode_diff(view(text("t"), node(warn, slots(text("2")))), mirror) == "{}");
}

TEST_CASE("a branch switch sends the new node with its statics") {
  ViewMirror mirror = joined(view(text("t"), node(warn, slots(text("1")))));
  CHECK(encode_diff(view(text("t"), node(other, slots(text("1")))), mirror) ==
        R"({"1":{"s":["<i>","</i>"],"0":"1"}})");
  CHECK(encode_diff(view(text("t"), text("")), mirror) == R"({"1":""})");
  CHECK(encode_diff(view(text("t"), node(other, slots(text("1")))), mirror) ==
        R"({"1":{"s":["<i>","</i>"],"0":"1"}})");
}

TEST_CASE("appending and changing entries sends only those positions") {
  ViewMirror mirror = joined(view(text(""), letters({"a", "b"})));
  CHECK(encode_diff(view(Unchanged{}, letters({"a", "b", "c"}, {true, true})), mirror) ==
        R"({"1":{"k":{"2":{"0":"c"},"kc":3}}})");
  // Same key, new content at the same position: a partial entry.
  CHECK(encode_diff(view(Unchanged{}, letters({"a", "bb", "c"}, {true, false, true})), mirror) ==
        R"({"1":{"k":{"1":{"0":"bb"},"kc":3}}})");
}

TEST_CASE("moves are expressed by old position with km") {
  ViewMirror mirror = joined(view(text(""), letters({"a", "b", "c"})));
  SUBCASE("delete the first") {
    CHECK(encode_diff(view(Unchanged{}, letters({"b", "c"}, {true, true})), mirror) ==
          R"({"1":{"k":{"0":1,"1":2,"kc":2,"km":true}}})");
  }
  SUBCASE("delete the last") {
    CHECK(encode_diff(view(Unchanged{}, letters({"a", "b"}, {true, true})), mirror) == R"({"1":{"k":{"kc":2}}})");
  }
  SUBCASE("reverse") {
    CHECK(encode_diff(view(Unchanged{}, letters({"c", "b", "a"}, {true, true, true})), mirror) ==
          R"({"1":{"k":{"0":2,"2":0,"kc":3,"km":true}}})");
  }
  SUBCASE("insert at the front") {
    CHECK(encode_diff(view(Unchanged{}, letters({"z", "a", "b", "c"}, {false, true, true, true})), mirror) ==
          R"({"1":{"k":{"0":{"0":"z"},"1":0,"2":1,"3":2,"kc":4,"km":true}}})");
  }
  SUBCASE("move and change") {
    CHECK(encode_diff(view(Unchanged{}, letters({"cc", "a", "b"})), mirror) ==
          R"({"1":{"k":{"0":[2,{"0":"cc"}],"1":0,"2":1,"kc":3,"km":true}}})");
  }
  SUBCASE("clear") {
    CHECK(encode_diff(view(Unchanged{}, letters({})), mirror) == R"({"1":{"k":{"kc":0}}})");
  }
}

TEST_CASE("an unknown key at a free position is diffed against the entry held there") {
  ViewMirror mirror = joined(view(text(""), letters({"a", "b"})));
  // "x" is new, position 1 held "b" which is gone: send only what differs from "b".
  std::vector<RenderedEntry> entries;
  entries.push_back(same('a'));
  entries.push_back(entry('x', slots(text("b"))));
  CHECK(encode_diff(view(Unchanged{}, list(item, std::move(entries))), mirror) == "{}");
  CHECK(encode_diff(view(Unchanged{}, letters({"a", "xx"}, {true, false})), mirror) ==
        R"({"1":{"k":{"1":{"0":"xx"},"kc":2}}})");
}

TEST_CASE("nodes inside entries share their statics through p") {
  ViewMirror mirror;
  std::vector<RenderedEntry> entries;
  entries.push_back(entry(1, slots(node(badge, slots(text("1"))))));
  entries.push_back(entry(2, slots(node(badge, slots(text("2"))))));
  entries.push_back(entry(3, slots(node(warn, slots(text("3"))))));
  CHECK(encode_full(view(text(""), list(item, std::move(entries))), mirror) ==
        R"({"s":["<h1>","</h1><main>","</main>"],"0":"","1":{"s":["<li>","</li>"],"k":{)"
        R"("0":{"0":{"s":0,"0":"1"}},"1":{"0":{"s":0,"0":"2"}},"2":{"0":{"s":1,"0":"3"}},"kc":3}},)"
        R"("p":{"0":["<b>","</b>"],"1":["<p class=\"warn\">","</p>"]}})");
  std::vector<RenderedEntry> next;
  next.push_back(same(1));
  next.push_back(entry(2, slots(node(warn, slots(text("2"))))));
  next.push_back(same(3));
  CHECK(encode_diff(view(Unchanged{}, list(item, std::move(next))), mirror) ==
        R"({"1":{"k":{"1":{"0":{"s":0,"0":"2"}},"kc":3}},"p":{"0":["<p class=\"warn\">","</p>"]}})");
}

TEST_CASE("a slot that turns into a list gets the whole list") {
  ViewMirror mirror = joined(view(text(""), text("none")));
  CHECK(encode_diff(view(Unchanged{}, letters({"a"})), mirror) == R"({"1":{"s":["<li>","</li>"],"k":{"0":{"0":"a"},"kc":1}}})");
}

TEST_CASE("components travel under c with r:1, then as partial diffs") {
  RenderedView first = view(ComponentRef{1}, text(""));
  first.components[1] = std::make_unique<RenderedNode>(RenderedNode{&card, slots(text("2"))});
  ViewMirror mirror;
  CHECK(encode_full(first, mirror) ==
        R"({"s":["<h1>","</h1><main>","</main>"],"0":1,"1":"","c":{"1":{"s":["<div id=\"card\">","</div>"],"0":"2","r":1}}})");

  RenderedView update;
  update.components[1] = std::make_unique<RenderedNode>(RenderedNode{&card, slots(text("3"))});
  CHECK(encode_diff(update, mirror) == R"({"c":{"1":{"0":"3"}}})");
  CHECK(encode_diff(update, mirror) == "{}");

  RenderedView second = view(ComponentRef{1}, ComponentRef{2});
  second.components[2] = std::make_unique<RenderedNode>(RenderedNode{&card, slots(text("0"))});
  CHECK(encode_diff(second, mirror) == R"({"1":2,"c":{"2":{"s":["<div id=\"card\">","</div>"],"0":"0","r":1}}})");
}

TEST_CASE("a forgotten component is sent in full again") {
  RenderedView first = view(ComponentRef{1}, text(""));
  first.components[1] = std::make_unique<RenderedNode>(RenderedNode{&card, slots(text("2"))});
  ViewMirror mirror = joined(std::move(first));
  mirror.forget_components({1});
  RenderedView again;
  again.components[1] = std::make_unique<RenderedNode>(RenderedNode{&card, slots(text("2"))});
  CHECK(encode_diff(again, mirror) == R"({"c":{"1":{"s":["<div id=\"card\">","</div>"],"0":"2","r":1}}})");
}

TEST_CASE("title, events and reply are top-level keys") {
  ViewMirror mirror = joined(view(text(""), text("")));
  RenderedView extras;
  extras.title = "Counter (7)";
  extras.events.push_back(PushEvent{"highlight", R"({"id":"item-2"})", false});
  extras.events.push_back(PushEvent{"focus", "{}", true});
  extras.reply_json = R"({"ok":true})";
  CHECK(encode_diff(extras, mirror) ==
        R"json({"t":"Counter (7)","e":[["highlight",{"id":"item-2"}],["focus",{},true]],"r":{"ok":true}})json");
}

TEST_CASE("strings are JSON-escaped, never HTML-escaped, by the encoder") {
  ViewMirror mirror;
  CHECK(encode_full(view(text("a\"b\n</script>"), text("")), mirror) ==
        R"({"s":["<h1>","</h1><main>","</main>"],"0":"a\"b\n</script>","1":""})");
}

TEST_CASE("misuse is reported, not encoded") {
  ViewMirror empty;
  CHECK_THROWS_AS(encode_diff(view(text(""), text("")), empty), std::logic_error);
  CHECK_THROWS_AS(encode_full(RenderedView{}, empty), std::logic_error);
  CHECK_THROWS_AS(encode_full(view(Unchanged{}, text("")), empty), std::logic_error);
  ViewMirror mirror = joined(view(text(""), letters({"a"})));
  CHECK_THROWS_AS(encode_diff(view(Unchanged{}, list(item, [] {
                                     std::vector<RenderedEntry> e;
                                     e.push_back(same('a'));
                                     e.push_back(same('q'));
                                     return e;
                                   }())),
                              mirror),
                  std::logic_error);
  RenderedView wrong_count;
  wrong_count.root = std::make_unique<RenderedNode>(RenderedNode{&page, slots(text(""))});
  CHECK_THROWS_AS(encode_diff(wrong_count, mirror), std::logic_error);
}
