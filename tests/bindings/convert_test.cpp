// convert.*: the request dict, the response dict, forms, cookies, frames.
#include <doctest/doctest.h>

#include "convert.hpp"
#include "multipart.hpp"

using namespace quest_bindings;
using quest::Value;
namespace net = quest_live::net;

namespace {

const Value& key(const Value& dict, const char* name) {
  const Value* v = dict.as_dict().find(name);
  REQUIRE(v != nullptr);
  return *v;
}

std::string header(const net::HttpResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return "<none>";
}

Value dict_of(std::initializer_list<std::pair<const char*, Value>> items) {
  Value d = quest::make_dict();
  for (const auto& [k, v] : items) d.as_dict().set(k, v);
  return d;
}

}  // namespace

TEST_CASE("form decoding turns + into space, decodes escapes and keeps the last repeat") {
  Value form = form_dict("a=1&b=x+y&c=%41%zz&a=2&flag&&=v");
  CHECK(key(form, "a").as_str() == "2");
  CHECK(key(form, "b").as_str() == "x y");
  CHECK(key(form, "c").as_str() == "A%zz");
  CHECK(key(form, "flag").as_str() == "");
  CHECK(key(form, "").as_str() == "v");
}

TEST_CASE("a form value that decodes to invalid UTF-8 is Bytes") {
  CHECK(key(form_dict("x=%FF"), "x").is_bytes());
}

TEST_CASE("cookies split on ; and the first =, trimmed, not decoded") {
  Value cookies = cookie_dict(" sid=abc ; theme=dark=blue;empty=");
  CHECK(key(cookies, "sid").as_str() == "abc");
  CHECK(key(cookies, "theme").as_str() == "dark=blue");
  CHECK(key(cookies, "empty").as_str() == "");
}

TEST_CASE("the request dict has every key of the serve contract") {
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/p?q=1";
  request.path = "/p";
  request.query = "q=1";
  request.version = "HTTP/1.1";
  request.client_ip = "127.0.0.1";
  request.headers = {{"host", "h:1"}, {"content-type", "application/x-www-form-urlencoded"},
                     {"content-length", "3"}, {"x-r", "one"}, {"x-r", "two"}};
  request.body = "a=b";
  Value d = request_dict(request);
  for (const char* name : {"method", "path", "query_string", "query", "headers", "body", "cookies", "client_ip",
                           "version", "scheme", "host", "user_agent", "referer", "content_type", "content_length"})
    CHECK_MESSAGE(d.as_dict().contains(name), name);
  CHECK(key(d, "host").as_str() == "h:1");
  CHECK(key(d, "content_length").as_int() == 3);
  CHECK(key(key(d, "headers"), "x-r").as_str() == "two");
  CHECK(key(key(d, "form"), "a").as_str() == "b");
  CHECK(key(d, "user_agent").as_str() == "");
}

TEST_CASE("a binary request body is Bytes, never corrupted") {
  net::HttpRequest request;
  request.body = std::string("\xff\x00", 2);
  Value d = request_dict(request);
  REQUIRE(key(d, "body").is_bytes());
  CHECK(key(d, "body").as_bytes().data == std::string("\xff\x00", 2));
}

TEST_CASE("malformed form encoding loses nothing: bad escapes stay as written, non-UTF-8 is Bytes, keys that are not text are dropped") {
  // The LiveView form payloads and urlencoded bodies take this path (bad-input catalogue).
  Value form = form_dict("a=%&b=%4&c=%zz&d=%%41&e=100%25&%FF=lost&k=%C3&=&&==x");
  CHECK(key(form, "a").as_str() == "%");
  CHECK(key(form, "b").as_str() == "%4");
  CHECK(key(form, "c").as_str() == "%zz");
  CHECK(key(form, "d").as_str() == "%A");
  CHECK(key(form, "e").as_str() == "100%");
  CHECK(key(form, "k").as_bytes().data == "\xc3");
  CHECK(key(form, "").as_str() == "=x");
  CHECK(form.as_dict().find("\xff") == nullptr);
  CHECK(form.as_dict().size() == 7);
}

TEST_CASE("a cookie whose name is not UTF-8 is dropped; its value would be Bytes") {
  // Found by fuzzing (tests/fuzz, form_decode; corpus regression-non_utf8_cookie_name).
  Value cookies = cookie_dict("\xff=1; ok=\xfe; b=2");
  CHECK(cookies.as_dict().size() == 2);
  CHECK(key(cookies, "ok").is_bytes());
  CHECK(key(cookies, "b").as_str() == "2");
}

TEST_CASE("a query string that is not UTF-8 is Bytes in query_string, never an invalid Str") {
  // Found by fuzzing (tests/fuzz, form_decode; corpus regression-non_utf8_query_string).
  net::HttpRequest request;
  request.query = "a=\xff";
  Value d = request_dict(request);
  REQUIRE(key(d, "query_string").is_bytes());
  CHECK(key(d, "query_string").as_bytes().data == "a=\xff");
  request.query = "a=1";
  CHECK(key(request_dict(request), "query_string").as_str() == "a=1");
}

namespace {
net::HttpRequest multipart_request(std::string body) {
  net::HttpRequest request;
  request.method = "POST";
  request.headers = {{"content-type", "multipart/form-data; boundary=q"}};
  request.body = std::move(body);
  return request;
}
}  // namespace

TEST_CASE("a multipart part whose name, filename or type is not UTF-8 is refused (400), not made an invalid Str") {
  // Found by fuzzing (tests/fuzz, multipart; corpus regression-non_utf8_name).
  const std::string good = "--q\r\nContent-Disposition: form-data; name=\"a\"; filename=\"f.txt\"\r\n\r\nx\r\n--q--";
  Value ok = request_dict(multipart_request(good));
  CHECK(key(key(ok, "body"), "files").as_array().items.size() == 1);
  for (const std::string& bad : {
           std::string("--q\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\nx\r\n--q--"),
           std::string("--q\r\nContent-Disposition: form-data; name=\"a\"; filename=\"\xfe.txt\"\r\n\r\nx\r\n--q--"),
           std::string("--q\r\nContent-Disposition: form-data; name=\"a\"\r\nContent-Type: text/\xc3\r\n\r\nx\r\n--q--")}) {
    CHECK_THROWS_AS(request_dict(multipart_request(bad)), MultipartError);
  }
}

TEST_CASE("response: a Str body defaults to text/html, json keeps application/json with headers") {
  quest::Vm vm;
  auto html = response_from_dict(vm, dict_of({{"status", Value::integer(201)}, {"body", quest::make_str("x")}}));
  CHECK(html.status == 201);
  CHECK(header(html, "Content-Type") == "text/html; charset=utf-8");

  Value headers = dict_of({{"X-A", quest::make_str("1")}});
  Value payload = dict_of({{"k", Value::integer(1)}});
  auto json = response_from_dict(vm, dict_of({{"status", Value::integer(200)}, {"json", payload}, {"headers", headers}}));
  CHECK(header(json, "Content-Type") == "application/json");
  CHECK(header(json, "X-A") == "1");
  CHECK(json.body == "{\"k\":1}");
}

TEST_CASE("response: a handler's Content-Type wins") {
  quest::Vm vm;
  Value headers = dict_of({{"content-type", quest::make_str("text/plain")}});
  auto r = response_from_dict(vm, dict_of({{"status", Value::integer(200)}, {"body", quest::make_str("x")}, {"headers", headers}}));
  CHECK(header(r, "content-type") == "text/plain");
  CHECK(header(r, "Content-Type") == "<none>");
}

TEST_CASE("response: cookies become one Set-Cookie each") {
  quest::Vm vm;
  Value spec = dict_of({{"value", quest::make_str("2")}, {"secure", Value::boolean(true)}, {"same_site", quest::make_str("Lax")}});
  Value cookies = dict_of({{"a", quest::make_str("1")}, {"b", spec}});
  auto r = response_from_dict(vm, dict_of({{"status", Value::integer(200)}, {"cookies", cookies}}));
  std::vector<std::string> lines;
  for (const auto& [n, v] : r.headers)
    if (n == "Set-Cookie") lines.push_back(v);
  CHECK(lines == std::vector<std::string>{"a=1", "b=2; SameSite=Lax; Secure"});
}

TEST_CASE("response: bad dicts are refused with a clear message") {
  quest::Vm vm;
  CHECK_THROWS_WITH_AS(response_from_dict(vm, dict_of({{"body", quest::make_str("x")}})),
                       "Response must have 'status' field (Int)", InvalidResponse);
  CHECK_THROWS_AS(response_from_dict(vm, dict_of({{"status", Value::integer(42)}})), InvalidResponse);
  CHECK_THROWS_AS(response_from_dict(vm, dict_of({{"status", Value::integer(200)}, {"body", Value::integer(1)}})),
                  InvalidResponse);
  Value bad_header = dict_of({{"X", quest::make_str("a\r\nInjected: 1")}});
  CHECK_THROWS_AS(response_from_dict(vm, dict_of({{"status", Value::integer(200)}, {"headers", bad_header}})),
                  InvalidResponse);
}

TEST_CASE("messages: Str is text, Bytes binary, Dict JSON text, Int refused") {
  quest::Vm vm;
  quest_live::FrameKind kind;
  CHECK(*message_frame(vm, quest::make_str("hi"), kind, "send") == "hi");
  CHECK(kind == quest_live::FrameKind::text);
  CHECK(*message_frame(vm, quest::make_bytes("\x01"), kind, "send") == "\x01");
  CHECK(kind == quest_live::FrameKind::binary);
  CHECK(*message_frame(vm, dict_of({{"a", Value::nil()}}), kind, "send") == "{\"a\":null}");
  CHECK_THROWS_AS(message_frame(vm, Value::integer(1), kind, "send"), quest::QuestError);
}

TEST_CASE("UTF-8 validation rejects overlongs, surrogates and truncation") {
  CHECK(is_valid_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));
}
