// The application hook over real HTTP: answering now, later, never and too late; headers,
// bodies and their limits; keep-alive; HEAD; static files first; malformed requests.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "app_requests.hpp"
#include "http_client.hpp"
#include "raw_client.hpp"

using namespace quest_live;
using namespace quest_live::test;
namespace fs = std::filesystem;

namespace {

// A server whose application answers every request at once, echoing what it got.
RunningServer echoing_server(net::ServerConfig config = RunningServer::small_config(),
                             const std::function<void(net::Server&)>& also = {}) {
  return RunningServer(std::move(config), [&](net::Server& server) {
    if (also) also(server);
    server.on_request([](net::HttpRequest request, net::HttpResponderPtr responder) {
      responder->respond({200, {{"Content-Type", "text/plain"}, {"X-Request-Id", request.request_id}},
                          request.method + " " + request.path + " ?" + request.query + " " +
                              request.body});
    });
  });
}

net::ServerConfig config_with(std::function<void(net::ServerConfig&)> change) {
  auto config = RunningServer::small_config();
  change(config);
  return config;
}

}  // namespace

TEST_CASE("a handler that answers at once is answered with its status, headers and body") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest, net::HttpResponderPtr responder) {
      responder->respond({201, {{"Content-Type", "application/json"}, {"X-Custom", "yes"}}, "{\"ok\":true}"});
    });
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/api/thing"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 201);
  CHECK(response->header("content-type") == "application/json");
  CHECK(response->header("x-custom") == "yes");
  CHECK(response->header("content-length") == "11");
  CHECK(response->header("server") == "quest-live");
  CHECK(!response->header("date").empty());
  CHECK(response->body == "{\"ok\":true}");
}

TEST_CASE("the request the handler sees: method, target, path, query, version, headers, ids") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send("GET /users/42?sort=name&x=%20 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-One: 1\r\n"
              "Accept: a\r\nAccept: b\r\n\r\n");
  auto pending = app.next();
  REQUIRE(pending);
  const auto& request = pending->request;
  CHECK(request.method == "GET");
  CHECK(request.target == "/users/42?sort=name&x=%20");
  CHECK(request.path == "/users/42");
  CHECK(request.query == "sort=name&x=%20");
  CHECK(request.version == "HTTP/1.1");
  CHECK(request.client_ip == "127.0.0.1");
  CHECK(request.remote_address.rfind("127.0.0.1:", 0) == 0);
  CHECK(request.body.empty());
  CHECK(!request.request_id.empty());
  const net::HeaderList expected{{"host", "127.0.0.1"}, {"x-one", "1"}, {"accept", "a"}, {"accept", "b"}};
  CHECK(request.headers == expected);
  pending->responder->respond(text_response(200, "ok"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->body == "ok");
}

TEST_CASE("an answer given later from another thread reaches the client") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/slow"));
  auto pending = app.next();
  REQUIRE(pending);
  CHECK_FALSE(pending->responder->answered());
  std::thread answerer([responder = pending->responder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    responder->respond(text_response(202, "later"));
  });
  auto response = client.read_response();
  answerer.join();
  REQUIRE(response);
  CHECK(response->status == 202);
  CHECK(response->body == "later");
  CHECK(pending->responder->answered());
}

TEST_CASE("only the first answer counts") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest, net::HttpResponderPtr responder) {
      responder->respond(text_response(200, "first"));
      responder->respond(text_response(500, "second"));
      CHECK(responder->stream(200, {}) == nullptr);
    });
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/a") + HttpConnection::request("GET", "/b"));
  for (int i = 0; i < 2; ++i) {
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "first");
  }
}

TEST_CASE("a responder dropped without an answer gives 500") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest, net::HttpResponderPtr) {});
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/forgotten"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 500);
}

TEST_CASE("a handler that throws gives 500 and the server keeps serving") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest request, net::HttpResponderPtr responder) {
      if (request.path == "/boom") throw std::runtime_error("boom");
      responder->respond(text_response(200, "fine"));
    });
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/boom"));
  auto failed = client.read_response();
  REQUIRE(failed);
  CHECK(failed->status == 500);
  client.send(HttpConnection::request("GET", "/next"));
  auto next = client.read_response();
  REQUIRE(next);
  CHECK(next->body == "fine");
}

TEST_CASE("no answer within request_timeout gives 503, and the late answer is ignored") {
  AppRequests app;
  RunningServer running(config_with([](auto& config) { config.request_timeout = std::chrono::milliseconds(150); }),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/never"));
  auto pending = app.next();
  REQUIRE(pending);
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 503);
  CHECK(pending->responder->answered());
  pending->responder->respond(text_response(200, "too late"));
  // The connection is still usable and the late answer did not leak into it.
  client.send(HttpConnection::request("GET", "/again"));
  auto again = app.next();
  REQUIRE(again);
  again->responder->respond(text_response(200, "in time"));
  auto second = client.read_response();
  REQUIRE(second);
  CHECK(second->body == "in time");
}

TEST_CASE("repeated headers such as Set-Cookie are written as given, in order") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest, net::HttpResponderPtr responder) {
      responder->respond({200,
                          {{"Set-Cookie", "a=1; Path=/"}, {"Set-Cookie", "b=2; HttpOnly"},
                           {"Content-Length", "999"}, {"X-Bad", "evil\r\nInjected: yes"},
                           {"Set-Cookie", "c=3"}},
                          "body"});
    });
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->count("set-cookie") == 3);
  std::vector<std::string> cookies;
  for (const auto& [name, value] : response->headers) {
    if (name == "set-cookie") cookies.push_back(value);
  }
  CHECK(cookies == std::vector<std::string>{"a=1; Path=/", "b=2; HttpOnly", "c=3"});
  CHECK(response->header("content-length") == "4");  // the server's, not the application's
  CHECK(response->count("injected") == 0);
  CHECK(response->count("x-bad") == 0);
  CHECK(response->body == "body");
}

TEST_CASE("a POST body is delivered intact, binary bytes too") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  std::string body;
  for (int i = 0; i < 70000; ++i) body.push_back(static_cast<char>(i * 7 % 256));
  HttpConnection client(running.port());
  client.send(HttpConnection::request("POST", "/upload", "Content-Type: application/octet-stream\r\n", body));
  auto pending = app.next();
  REQUIRE(pending);
  CHECK(pending->request.method == "POST");
  CHECK(pending->request.body.size() == body.size());
  CHECK(pending->request.body == body);
  pending->responder->respond(text_response(200, pending->request.body));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->body == body);
}

TEST_CASE("a body at max_request_body_bytes is read; one byte over gets 413 and the connection closes") {
  auto running = echoing_server(config_with([](auto& config) { config.max_request_body_bytes = 1000; }));
  {
    HttpConnection client(running.port());
    client.send(HttpConnection::request("POST", "/limit", "", std::string(1000, 'x')));
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == "POST /limit ? " + std::string(1000, 'x'));
  }
  {
    HttpConnection client(running.port());
    client.send(HttpConnection::request("POST", "/limit", "", std::string(1001, 'x')));
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(response->header("connection") == "close");
    CHECK(client.reads_end_of_stream());
  }
  {
    // Announced too large: refused from the head, before any of the body is read.
    HttpConnection client(running.port());
    client.send("POST /limit HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\nxx");
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 413);
    CHECK(client.reads_end_of_stream());
  }
}

TEST_CASE("a chunked request body is delivered whole, and limited the same way") {
  auto running = echoing_server(config_with([](auto& config) { config.max_request_body_bytes = 10; }));
  HttpConnection client(running.port());
  client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "4\r\nabcd\r\n3\r\nefg\r\n0\r\n\r\n");
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->body == "POST /c ? abcdefg");
  client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "8\r\nabcdefgh\r\n8\r\nijklmnop\r\n0\r\n\r\n");
  auto refused = client.read_response();
  REQUIRE(refused);
  CHECK(refused->status == 413);
  CHECK(client.reads_end_of_stream());
}

// Beast 1.81 asserts (wrongly, fixed upstream later) that a final chunk header it asked
// more bytes for comes back with at least 5; the sanitizer tree, where assertions are on,
// aborted on this (found by tests/fuzz http_request; cmake/sanitizer_boost_assert.cpp).
TEST_CASE("a final chunk that arrives in pieces (0 CRLF, then CR, then LF) ends the body as when sent whole") {
  auto running = echoing_server(config_with([](auto&) {}));
  HttpConnection client(running.port());
  client.send("POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n0\r\n");
  for (const char* piece : {"\r", "\n"}) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // read by the server on its own
    client.send(piece);
  }
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == "POST /c ? abcd");
}

TEST_CASE("keep-alive: a sequence of requests on one connection, pipelined ones answered in order") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  for (int i = 0; i < 3; ++i) {
    client.send(HttpConnection::request("GET", "/seq/" + std::to_string(i)));
    auto pending = app.next();
    REQUIRE(pending);
    CHECK(pending->request.path == "/seq/" + std::to_string(i));
    pending->responder->respond(text_response(200, "answer " + std::to_string(i)));
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->body == "answer " + std::to_string(i));
  }
  // Pipelined: the second request reaches the application only after the first is answered.
  client.send(HttpConnection::request("GET", "/p/1") + HttpConnection::request("GET", "/p/2"));
  auto first = app.next();
  REQUIRE(first);
  CHECK(first->request.path == "/p/1");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  first->responder->respond(text_response(200, "one"));
  auto second = app.next();
  REQUIRE(second);
  CHECK(second->request.path == "/p/2");
  second->responder->respond(text_response(200, "two"));
  CHECK(client.read_response()->body == "one");
  CHECK(client.read_response()->body == "two");
}

TEST_CASE("HEAD gets the headers and Content-Length of the application's answer, no body") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest request, net::HttpResponderPtr responder) {
      responder->respond(text_response(200, request.method == "HEAD" ? "twelve bytes" : "other"));
    });
  });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("HEAD", "/thing"));
  auto head = client.read_response(true);
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("content-length") == "12");
  // The next response starts right after the head: no body bytes were sent.
  client.send(HttpConnection::request("GET", "/thing"));
  auto get = client.read_response();
  REQUIRE(get);
  CHECK(get->body == "other");
}

TEST_CASE("Connection: close from the application or the client ends the connection after the answer") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.on_request([](net::HttpRequest request, net::HttpResponderPtr responder) {
      net::HttpResponse response = text_response(200, "bye");
      if (request.path == "/app-closes") response.headers.emplace_back("Connection", "close");
      responder->respond(std::move(response));
    });
  });
  for (const char* path : {"/app-closes", "/client-closes"}) {
    CAPTURE(path);
    HttpConnection client(running.port());
    client.send(HttpConnection::request("GET", path,
                                        std::string(path) == "/client-closes" ? "Connection: close\r\n" : ""));
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->header("connection") == "close");
    CHECK(client.reads_end_of_stream());
  }
}

TEST_CASE("static files answer first; a static miss and other methods fall through to the application") {
  const auto root = fs::temp_directory_path() / ("quest_live_app_static_" + std::to_string(::getpid()));
  fs::create_directories(root);
  std::ofstream(root / "hello.txt") << "static hello";
  auto running = echoing_server(RunningServer::small_config(),
                                [&](net::Server& server) { server.serve_static("/", root); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/hello.txt"));
  CHECK(client.read_response()->body == "static hello");
  client.send(HttpConnection::request("GET", "/missing.txt?q=1"));
  CHECK(client.read_response()->body == "GET /missing.txt ?q=1 ");
  client.send(HttpConnection::request("POST", "/hello.txt", "", "data"));
  CHECK(client.read_response()->body == "POST /hello.txt ? data");
  client.send(HttpConnection::request("GET", "/../etc/passwd"));
  CHECK(client.read_response()->status == 403);  // an escaping path is refused, not passed on
  fs::remove_all(root);
}

TEST_CASE("without a handler, requests no static mount answers get 404") {
  RunningServer running;
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/nothing"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 404);
}

TEST_CASE("an upgrade on an unrouted path goes to the application when there is one") {
  auto running = echoing_server();
  HttpConnection client(running.port());
  client.send(RawClient::upgrade_request("/not-a-socket"));
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->body == "GET /not-a-socket ? ");
}

TEST_CASE("a client that leaves before the answer: the answer is dropped, the server carries on") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  {
    HttpConnection client(running.port());
    client.send(HttpConnection::request("GET", "/gone"));
    REQUIRE(app.next().has_value() == true);
  }
  // The first pending was consumed above (and its responder dropped: a 500 to nobody).
  std::vector<PendingRequest> held;
  for (int i = 0; i < 5; ++i) {
    HttpConnection client(running.port());
    client.send(HttpConnection::request("GET", "/gone/" + std::to_string(i)));
    auto pending = app.next();
    REQUIRE(pending);
    held.push_back(std::move(*pending));
    client.close();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  for (auto& pending : held) pending.responder->respond(text_response(200, "to nobody"));
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/alive"));
  auto pending = app.next();
  REQUIRE(pending);
  pending->responder->respond(text_response(200, "alive"));
  CHECK(client.read_response()->body == "alive");
}

TEST_CASE("a responder kept past the server's end is safe to answer and to drop") {
  AppRequests app;
  std::optional<PendingRequest> kept;
  {
    RunningServer running(RunningServer::small_config(),
                          [&](net::Server& server) { server.on_request(app.handler()); });
    HttpConnection client(running.port());
    client.send(HttpConnection::request("GET", "/kept"));
    kept = app.next();
    REQUIRE(kept);
    running.server.stop();
  }
  CHECK_FALSE(kept->responder->answered());
  kept->responder->respond(text_response(200, "after the end"));
  CHECK(kept->responder->answered());
  kept.reset();
}

TEST_CASE("malformed request lines and headers get 400 and a closed connection; others are unaffected") {
  auto running = echoing_server();
  HttpConnection bystander(running.port());
  bystander.send(HttpConnection::request("GET", "/before"));
  CHECK(bystander.read_response()->status == 200);
  for (const char* bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
                          "GET / HTTP/1.1\r\nBad Header Name: x\r\n\r\n",
                          "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
                          "GET /\x01 HTTP/1.1\r\n\r\n",
                          // Raw bytes that are not UTF-8 in the target (Beast passes them on).
                          "GET /caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n",
                          "GET /ok?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    CAPTURE(bad);
    HttpConnection client(running.port());
    client.send(bad);
    auto response = client.read_response();
    REQUIRE(response);
    CHECK(response->status == 400);
    CHECK(response->header("connection") == "close");
    CHECK(client.reads_end_of_stream());
  }
  bystander.send(HttpConnection::request("GET", "/after"));
  auto after = bystander.read_response();
  REQUIRE(after);
  CHECK(after->body == "GET /after ? ");
  // A UTF-8 target in raw bytes is text, and reaches the application as it came.
  HttpConnection raw_utf8(running.port());
  raw_utf8.send("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n");
  auto utf8 = raw_utf8.read_response();
  REQUIRE(utf8);
  CHECK(utf8->status == 200);
  CHECK(utf8->body == "GET /caf\xc3\xa9 ? ");
}

TEST_CASE("request heads past max_request_header_bytes get 431") {
  auto running = echoing_server(config_with([](auto& config) { config.max_request_header_bytes = 512; }));
  HttpConnection client(running.port());
  client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->status == 431);
  CHECK(client.reads_end_of_stream());
}

TEST_CASE("Expect: 100-continue is answered before the body is read") {
  auto running = echoing_server();
  HttpConnection client(running.port());
  client.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto interim = client.read_head();
  REQUIRE(interim);
  CHECK(interim->status == 100);
  client.send("hello");
  auto response = client.read_response();
  REQUIRE(response);
  CHECK(response->body == "POST /up ? hello");
}

TEST_CASE("a graceful stop waits for an answer in flight, which still reaches the client") {
  AppRequests app;
  auto running = std::make_unique<RunningServer>(
      RunningServer::small_config(), [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running->port());
  client.send(HttpConnection::request("GET", "/in-flight"));
  auto pending = app.next();
  REQUIRE(pending);
  std::thread stopper([&] { running->server.stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  pending->responder->respond(text_response(200, "answered during the stop"));
  auto response = client.read_response();
  stopper.join();
  REQUIRE(response);
  CHECK(response->body == "answered during the stop");
  CHECK(response->header("connection") == "close");
}
