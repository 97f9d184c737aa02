// WebSocketManager over live connections: direct sends, broadcast to a path, predicate
// broadcast, metadata, listing, and handlers that throw.
#include <doctest/doctest.h>

#include <mutex>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// Routes /a and /b with no behaviour; the tests drive everything through the manager.
RunningServer two_path_server() {
  return RunningServer(RunningServer::small_config(), [](net::Server& server) {
    server.websockets().route("/a", ws::WebSocketHandlers{});
    server.websockets().route("/b", ws::WebSocketHandlers{});
  });
}

std::string id_on(ws::WebSocketManager& manager, const std::string& path, std::size_t index = 0) {
  auto on_path = manager.connections_on(path);
  return index < on_path.size() ? on_path[index]->id() : std::string();
}

}  // namespace

TEST_CASE("send_text and send_binary reach exactly the addressed connection") {
  auto running = two_path_server();
  auto& manager = running.server.websockets();
  WsClient client(running.port(), "/a");
  REQUIRE(eventually([&] { return manager.size() == 1; }));
  const auto id = id_on(manager, "/a");

  CHECK(manager.send_text(id, "to you") == SendResult::ok);
  CHECK(manager.send_binary(id, std::string("\x01\x02", 2)) == SendResult::ok);
  CHECK(manager.send_text("00000000-0000-4000-8000-000000000000", "nobody") == SendResult::dropped);

  auto text = client.read();
  auto binary = client.read();
  REQUIRE(text);
  REQUIRE(binary);
  CHECK((text->text && text->data == "to you"));
  CHECK((!binary->text && binary->data == std::string("\x01\x02", 2)));
}

TEST_CASE("broadcast reaches every connection on the path and none elsewhere") {
  auto running = two_path_server();
  auto& manager = running.server.websockets();
  WsClient a1(running.port(), "/a");
  WsClient a2(running.port(), "/a");
  WsClient b(running.port(), "/b");
  REQUIRE(eventually([&] { return manager.size() == 3; }));
  CHECK(manager.connections_on("/a").size() == 2);
  CHECK(manager.connections_on("/b").size() == 1);

  CHECK(manager.broadcast("/a", make_frame("news for a")) == 2);
  CHECK(a1.read()->data == "news for a");
  CHECK(a2.read()->data == "news for a");
  // b's first message must be the direct one sent after the broadcast.
  manager.send_text(id_on(manager, "/b"), "direct to b");
  CHECK(b.read()->data == "direct to b");
  CHECK(manager.broadcast("/nowhere", make_frame("lost")) == 0);
}

TEST_CASE("metadata can be set, read, listed and erased from any thread") {
  auto running = two_path_server();
  auto& manager = running.server.websockets();
  WsClient client(running.port(), "/a");
  REQUIRE(eventually([&] { return manager.size() == 1; }));
  auto connection = manager.find(id_on(manager, "/a"));
  REQUIRE(connection);

  CHECK_FALSE(connection->metadata("user"));
  connection->set_metadata("user", "ann");
  connection->set_metadata("room", "lobby");
  connection->set_metadata("user", "bob");
  CHECK(connection->metadata("user") == std::optional<std::string>("bob"));
  CHECK(connection->metadata_snapshot().size() == 2);
  CHECK(connection->erase_metadata("room"));
  CHECK_FALSE(connection->erase_metadata("room"));
  CHECK_FALSE(connection->metadata("room"));
}

TEST_CASE("broadcast_if reaches exactly the connections the predicate selects") {
  auto running = two_path_server();
  auto& manager = running.server.websockets();
  WsClient in_lobby(running.port(), "/a");
  WsClient elsewhere(running.port(), "/a");
  WsClient also_in_lobby(running.port(), "/b");
  REQUIRE(eventually([&] { return manager.size() == 3; }));
  manager.find(id_on(manager, "/b"))->set_metadata("room", "lobby");
  // Which /a connection is which client is unknown, so tag the one the first client is.
  manager.send_text(id_on(manager, "/a", 0), "who");
  manager.send_text(id_on(manager, "/a", 1), "other");
  auto first_hello = in_lobby.read();
  REQUIRE(first_hello);
  const auto lobby_index = first_hello->data == "who" ? 0 : 1;
  manager.find(id_on(manager, "/a", lobby_index))->set_metadata("room", "lobby");
  REQUIRE(elsewhere.read());

  const auto sent = manager.broadcast_if(
      [](const ws::WebSocketConnection& c) { return c.metadata("room") == std::optional<std::string>("lobby"); },
      make_frame("lobby only"));
  CHECK(sent == 2);
  CHECK(in_lobby.read()->data == "lobby only");
  CHECK(also_in_lobby.read()->data == "lobby only");
  manager.send_text(id_on(manager, "/a", 1 - lobby_index), "direct");
  CHECK(elsewhere.read()->data == "direct");
}

TEST_CASE("manager close ends one connection with the given code") {
  auto running = two_path_server();
  auto& manager = running.server.websockets();
  WsClient client(running.port(), "/a");
  REQUIRE(eventually([&] { return manager.size() == 1; }));
  CHECK(manager.close(id_on(manager, "/a"), 4000, "kicked"));
  CHECK(client.read_until_closed() == 4000);
  CHECK(client.close_reason() == "kicked");
  CHECK(eventually([&] { return manager.size() == 0; }));
  CHECK_FALSE(manager.close("unknown", 4000, "nobody"));
}

TEST_CASE("a message handler that throws reports on_error and the connection carries on") {
  std::mutex mutex;
  std::vector<std::string> errors;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    ws::WebSocketHandlers handlers;
    handlers.on_message = [](const ws::WebSocketConnectionPtr& connection, std::string_view data,
                             FrameKind) {
      if (data == "boom") throw std::runtime_error("handler exploded");
      connection->send(make_frame(std::string(data)));
    };
    handlers.on_error = [&](const ws::WebSocketConnectionPtr&, std::string_view what) {
      std::lock_guard lock(mutex);
      errors.emplace_back(what);
    };
    server.websockets().route("/a", handlers);
  });
  WsClient client(running.port(), "/a");
  client.send_text("boom");
  client.send_text("still here");
  auto reply = client.read();
  REQUIRE(reply);
  CHECK(reply->data == "still here");
  std::lock_guard lock(mutex);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("handler exploded") != std::string::npos);
}
