// Gathered writes over real sockets: many frames queued at once (several batches, while
// earlier writes are in flight) arrive whole and in order, the server's control frames
// (pong, close) interleave only between messages, and a close follows everything queued.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// Sizes that cross every frame-length encoding, repeated (about 22 KB a message on
// average, so a burst stays well inside the default 4 MiB send queue).
std::size_t size_for(std::size_t index) {
  static const std::size_t sizes[] = {0, 1, 125, 126, 127, 65535, 65536, 70001, 3};
  return sizes[index % std::size(sizes)];
}

// Message `index`: its number, then filler up to its size, so content and order both show.
std::string payload_for(std::size_t index) {
  std::string payload = std::to_string(index) + ":";
  const std::size_t size = std::max(size_for(index), payload.size());
  while (payload.size() < size) payload.push_back(static_cast<char>('a' + payload.size() % 26));
  return payload;
}

FrameKind kind_for(std::size_t index) { return index % 3 == 0 ? FrameKind::binary : FrameKind::text; }

// "burst N" queues N messages in one go from the handler; "burst N close" then closes
// with 4000; "threads N" sends N messages from each of 4 threads (tagged by thread).
RunningServer burst_server() {
  return RunningServer(RunningServer::small_config(), [](net::Server& server) {
    ws::WebSocketHandlers handlers;
    handlers.on_message = [](const ws::WebSocketConnectionPtr& connection, std::string_view data,
                             FrameKind) {
      const std::string command(data);
      if (command.rfind("burst ", 0) == 0) {
        const auto count = std::stoul(command.substr(6));
        for (std::size_t i = 0; i < count; ++i) connection->send(make_frame(payload_for(i)), kind_for(i));
        if (command.find("close") != std::string::npos) connection->close(4000, "burst done");
      } else if (command.rfind("threads ", 0) == 0) {
        const auto count = std::stoul(command.substr(8));
        std::vector<std::thread> senders;
        for (int thread = 0; thread < 4; ++thread) {
          senders.emplace_back([connection, count, thread] {
            for (std::size_t i = 0; i < count; ++i) {
              connection->send(make_frame(std::to_string(thread) + "/" + std::to_string(i)));
            }
          });
        }
        for (auto& sender : senders) sender.join();
      }
    };
    server.websockets().route("/burst", handlers);
  });
}

void expect_burst(WsClient& client, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    auto message = client.read();
    REQUIRE(message.has_value());
    CHECK(message->data == payload_for(i));
    CHECK(message->text == (kind_for(i) == FrameKind::text));
  }
}

}  // namespace

TEST_CASE("a burst of queued frames of every length class arrives whole and in order") {
  auto running = burst_server();
  WsClient client(running.port(), "/burst");
  REQUIRE(client.open());
  REQUIRE_FALSE(client.send_text("burst 60"));
  expect_burst(client, 60);
  // The connection is still usable for the next batch.
  REQUIRE_FALSE(client.send_text("burst 10"));
  expect_burst(client, 10);
}

TEST_CASE("a ping sent while a burst is being written still gets its pong, between messages") {
  auto running = burst_server();
  WsClient client(running.port(), "/burst");
  REQUIRE(client.open());
  int pongs = 0;
  client.observe_control_frames([&](bool pong, std::string_view payload) {
    if (pong && payload == "are you there") ++pongs;
  });
  REQUIRE_FALSE(client.send_text("burst 40"));
  bool pinged = false;
  client.start_ping("are you there", [&](bool sent) { pinged = sent; });
  // The server reads the ping before this request, so the pong is on the wire before
  // this burst's first message: once every message is read, the pong has been seen.
  REQUIRE_FALSE(client.send_text("burst 1"));
  expect_burst(client, 40);
  expect_burst(client, 1);
  CHECK(pinged);
  CHECK(pongs == 1);
}

TEST_CASE("a close requested after a burst follows every queued message") {
  auto running = burst_server();
  WsClient client(running.port(), "/burst");
  REQUIRE(client.open());
  REQUIRE_FALSE(client.send_text("burst 30 close"));
  expect_burst(client, 30);
  CHECK(client.read_until_closed() == 4000);
  CHECK(client.close_reason() == "burst done");
}

TEST_CASE("frames sent from several threads at once keep each sender's order") {
  auto running = burst_server();
  WsClient client(running.port(), "/burst");
  REQUIRE(client.open());
  constexpr std::size_t per_thread = 500;
  REQUIRE_FALSE(client.send_text("threads " + std::to_string(per_thread)));
  std::vector<std::size_t> next(4, 0);
  for (std::size_t received = 0; received < 4 * per_thread; ++received) {
    auto message = client.read();
    REQUIRE(message.has_value());
    const auto slash = message->data.find('/');
    REQUIRE(slash != std::string::npos);
    const auto thread = std::stoul(message->data.substr(0, slash));
    REQUIRE(thread < 4);
    CHECK(std::stoul(message->data.substr(slash + 1)) == next[thread]);
    ++next[thread];
  }
  CHECK(next == std::vector<std::size_t>(4, per_thread));
}
