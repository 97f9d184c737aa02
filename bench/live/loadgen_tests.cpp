// live_loadgen's own page and frame logic, so a wrong figure cannot come from a wrong
// tool: tokens cut out of a page as liveview.q writes it, and the frames built from them
// as the server parses them. Pure unit tests: no sockets.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include "loadgen/live_page.hpp"

using live_loadgen::click_frame;
using live_loadgen::join_frame;
using live_loadgen::parse_page;

namespace {

const char* page_html =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta name=\"csrf-token\" content=\"CSRF_tok-1\">\n"
    "<title>t</title>\n</head>\n<body data-live-socket=\"/live\">\n"
    "<div id=\"lv2s\" data-phx-main data-phx-session=\"AQAA.sig-1\" data-phx-static=\"AQAB.sig-2\">"
    "<div id=\"inner\">x</div></div>\n</body>\n</html>\n";

}  // namespace

TEST_CASE("the tokens and the view id are cut out of a LiveView page") {
  auto page = parse_page(page_html);
  REQUIRE(page);
  CHECK(page->id == "lv2s");
  CHECK(page->session == "AQAA.sig-1");
  CHECK(page->static_token == "AQAB.sig-2");
  CHECK(page->csrf == "CSRF_tok-1");
}

TEST_CASE("a page without a LiveView container or tokens is refused") {
  CHECK_FALSE(parse_page("<html><body>Not found</body></html>"));
  CHECK_FALSE(parse_page("<meta name=\"csrf-token\" content=\"x\"><div id=\"a\" data-phx-main>"));
}

TEST_CASE("the join and click frames are Phoenix V2 arrays the server accepts") {
  auto page = parse_page(page_html);
  REQUIRE(page);
  rapidjson::Document join;
  join.Parse(join_frame(*page, 7, "http://127.0.0.1:1/counter").c_str());
  REQUIRE(join.IsArray());
  REQUIRE(join.Size() == 5);
  CHECK(std::string(join[0].GetString()) == "7");
  CHECK(std::string(join[1].GetString()) == "7");
  CHECK(std::string(join[2].GetString()) == "lv:lv2s");
  CHECK(std::string(join[3].GetString()) == "phx_join");
  CHECK(std::string(join[4]["params"]["_csrf_token"].GetString()) == "CSRF_tok-1");
  CHECK(join[4]["params"]["_mounts"].GetInt() == 0);
  CHECK(std::string(join[4]["session"].GetString()) == "AQAA.sig-1");
  CHECK(std::string(join[4]["static"].GetString()) == "AQAB.sig-2");
  CHECK(std::string(join[4]["url"].GetString()) == "http://127.0.0.1:1/counter");

  rapidjson::Document click;
  click.Parse(click_frame(*page, 7, 12, "inc").c_str());
  REQUIRE(click.IsArray());
  CHECK(std::string(click[1].GetString()) == "12");
  CHECK(std::string(click[3].GetString()) == "event");
  CHECK(std::string(click[4]["type"].GetString()) == "click");
  CHECK(std::string(click[4]["event"].GetString()) == "inc");
  CHECK(click[4]["value"].IsObject());
}
