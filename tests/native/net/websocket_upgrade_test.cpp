// The WebSocket upgrade: routing, identity, echo, Origin policy, the upgrade hook,
// the connection limit and the handshake timeout. Real sockets on 127.0.0.1.
#include <doctest/doctest.h>

#include <mutex>

#include "raw_client.hpp"
#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

RunningServer echo_server(net::ServerConfig config = RunningServer::small_config(),
                          net::UpgradeHook hook = {}) {
  return RunningServer(config, [&](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
    if (hook) server.on_upgrade(hook);
  });
}

// Canonical lower-case text of a version 4, RFC 4122 variant UUID.
bool is_uuid_v4(const std::string& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    if (dash_position != (c == '-')) return false;
    if (!dash_position && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return text[14] == '4' && std::string_view("89ab").find(text[19]) != std::string_view::npos;
}

}  // namespace

TEST_CASE("an upgrade on a routed path opens a connection with a UUID v4 id and request info") {
  OpenedConnection recorder;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    server.websockets().route("/live", recorder.recording(echo_handlers()));
  });

  WsClient client(running.port(), "/live?token=abc", {{"X-Custom", "yes"}});
  REQUIRE(client.open());
  CHECK(client.status() == 101);
  const auto opened = recorder.wait();
  REQUIRE(opened);

  CHECK(is_uuid_v4(opened->id()));
  CHECK_FALSE(is_uuid_v4("8d07b4c1-9752-1eb3-a1b9-e336fb290d14"));  // the checker can fail
  CHECK(opened->path() == "/live");
  CHECK(opened->info().query == "token=abc");
  CHECK(opened->remote_address().rfind("127.0.0.1:", 0) == 0);
  CHECK(opened->header("x-custom") == std::optional<std::string>("yes"));
  CHECK(opened->is_open());
  CHECK(running.server.websockets().find(opened->id()) == opened);
}

TEST_CASE("two connections get different ids") {
  auto running = echo_server();
  WsClient first(running.port(), "/echo");
  WsClient second(running.port(), "/echo");
  REQUIRE(eventually([&] { return running.server.websockets().size() == 2; }));
  const auto all = running.server.websockets().connections();
  CHECK(all[0]->id() != all[1]->id());
}

TEST_CASE("text and binary messages are echoed with their kind and bytes intact") {
  auto running = echo_server();
  WsClient client(running.port(), "/echo");
  REQUIRE(client.open());

  REQUIRE_FALSE(client.send_text("héllo wörld"));
  auto text = client.read();
  REQUIRE(text);
  CHECK(text->text);
  CHECK(text->data == "héllo wörld");

  const std::string binary("\x00\xff\x10\x80 binary", 12);
  REQUIRE_FALSE(client.send_binary(binary));
  auto echoed = client.read();
  REQUIRE(echoed);
  CHECK_FALSE(echoed->text);
  CHECK(echoed->data == binary);
}

TEST_CASE("an upgrade on a path with no route is refused with 404") {
  auto running = echo_server();
  WsClient client(running.port(), "/nowhere");
  CHECK_FALSE(client.open());
  CHECK(client.status() == 404);
}

TEST_CASE("the close handler receives the client's close code and reason") {
  std::mutex mutex;
  std::optional<std::pair<std::uint16_t, std::string>> closed;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    auto handlers = echo_handlers();
    handlers.on_close = [&](const ws::WebSocketConnectionPtr&, std::uint16_t code,
                            std::string_view reason) {
      std::lock_guard lock(mutex);
      closed.emplace(code, std::string(reason));
    };
    server.websockets().route("/echo", handlers);
  });
  WsClient client(running.port(), "/echo");
  REQUIRE(client.open());
  REQUIRE(eventually([&] { return running.server.websockets().size() == 1; }));
  client.close(4100, "leaving now");
  REQUIRE(eventually([&] { std::lock_guard lock(mutex); return closed.has_value(); }));
  CHECK(closed->first == 4100);
  CHECK(closed->second == "leaving now");
  CHECK(eventually([&] { return running.server.websockets().size() == 0; }));
}

TEST_CASE("Origin policy: same origin, no Origin and allow-listed origins pass, others get 403") {
  auto config = RunningServer::small_config();
  config.allowed_origins = {"http://trusted.example:8080"};
  auto running = echo_server(config);
  const std::string host = "127.0.0.1:" + std::to_string(running.port());

  SUBCASE("no Origin header (non-browser client)") {
    CHECK(WsClient(running.port(), "/echo").open());
  }
  SUBCASE("same origin") {
    CHECK(WsClient(running.port(), "/echo", {{"Origin", "http://" + host}}).open());
  }
  SUBCASE("allow-listed origin, case-insensitive") {
    CHECK(WsClient(running.port(), "/echo", {{"Origin", "HTTP://Trusted.Example:8080"}}).open());
  }
  SUBCASE("cross origin") {
    WsClient client(running.port(), "/echo", {{"Origin", "http://evil.example"}});
    CHECK_FALSE(client.open());
    CHECK(client.status() == 403);
  }
  SUBCASE("same host on another port") {
    WsClient client(running.port(), "/echo", {{"Origin", "http://127.0.0.1:1"}});
    CHECK(client.status() == 403);
  }
  SUBCASE("the opaque origin null") {
    WsClient client(running.port(), "/echo", {{"Origin", "null"}});
    CHECK(client.status() == 403);
  }
}

TEST_CASE("the upgrade hook can refuse with 401 before the handshake") {
  std::atomic<int> hook_calls{0};
  auto running = echo_server(RunningServer::small_config(), [&](const net::UpgradeRequest& request) {
    ++hook_calls;
    const auto auth = request.headers.find("authorization");
    if (auth == request.headers.end() || auth->second != "Bearer good") {
      return net::UpgradeDecision::refuse(401, "bad token");
    }
    return net::UpgradeDecision::accept();
  });

  WsClient refused(running.port(), "/echo", {{"Authorization", "Bearer bad"}});
  CHECK_FALSE(refused.open());
  CHECK(refused.status() == 401);
  CHECK(refused.refusal_body().find("bad token") != std::string::npos);
  CHECK(running.server.websockets().size() == 0);

  WsClient accepted(running.port(), "/echo", {{"Authorization", "Bearer good"}});
  CHECK(accepted.open());
  CHECK(hook_calls == 2);
}

TEST_CASE("an upgrade hook that throws refuses with 500 and the server keeps serving") {
  auto running = echo_server(RunningServer::small_config(), [](const net::UpgradeRequest& request) {
    if (request.query == "explode") throw std::runtime_error("hook failure");
    return net::UpgradeDecision::accept();
  });
  WsClient failing(running.port(), "/echo?explode");
  CHECK(failing.status() == 500);
  WsClient fine(running.port(), "/echo");
  CHECK(fine.open());
}

TEST_CASE("past max_connections an upgrade gets 503, and a freed slot is reusable") {
  auto config = RunningServer::small_config();
  config.max_connections = 2;
  auto running = echo_server(config);

  auto first = std::make_unique<WsClient>(running.port(), "/echo");
  WsClient second(running.port(), "/echo");
  REQUIRE(first->open());
  REQUIRE(second.open());
  WsClient third(running.port(), "/echo");
  CHECK_FALSE(third.open());
  CHECK(third.status() == 503);

  first->close();
  first.reset();
  REQUIRE(eventually([&] { return running.server.websockets().size() == 1; }));
  // The slot is released when the session object is gone, just after unregistering.
  CHECK(eventually([&] { return WsClient(running.port(), "/echo").open(); }));
}

TEST_CASE("a client that connects and sends nothing is disconnected after the handshake timeout") {
  auto config = RunningServer::small_config();
  config.handshake_timeout = std::chrono::milliseconds(200);
  auto running = echo_server(config);

  // The read's receive timeout (step_deadline) is a guard only; the server must act long
  // before. End of stream is the server's FIN: a timeout or a reset is not.
  RawClient silent(running.port());
  CHECK(silent.reads_end_of_stream());
}
