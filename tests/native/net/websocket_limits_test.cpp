// Limits enforced on live connections: message size, UTF-8 validity, and the bounded
// send queue that closes a slow consumer with 4008 while everyone else carries on.
#include <doctest/doctest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

RunningServer echo_server(net::ServerConfig config) {
  return RunningServer(config, [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
  });
}

std::string numbered_payload(std::size_t index, std::size_t size) {
  std::string payload = std::to_string(index) + ":";
  payload.resize(size, 'x');
  return payload;
}

std::size_t index_of(const std::string& payload) {
  return std::stoul(payload.substr(0, payload.find(':')));
}

}  // namespace

TEST_CASE("a message larger than max_message_bytes is closed with 1009") {
  auto config = RunningServer::small_config();
  config.max_message_bytes = 1024;
  auto running = echo_server(config);
  WsClient client(running.port(), "/echo");
  REQUIRE(client.open());

  REQUIRE_FALSE(client.send_text(std::string(1024, 'a')));  // exactly the limit is fine
  REQUIRE(client.read());
  client.send_text(std::string(1025, 'a'));
  CHECK(client.read_until_closed() == close_code::message_too_big);
}

TEST_CASE("a text message with invalid UTF-8 is closed with 1007, binary bytes are not checked") {
  auto running = echo_server(RunningServer::small_config());
  WsClient binary_client(running.port(), "/echo");
  REQUIRE_FALSE(binary_client.send_binary("\xc3\x28 not utf-8"));
  auto echoed = binary_client.read();
  REQUIRE(echoed);
  CHECK(echoed->data == "\xc3\x28 not utf-8");

  WsClient text_client(running.port(), "/echo");
  text_client.send_text("\xc3\x28 not utf-8");
  CHECK(text_client.read_until_closed() == close_code::invalid_payload);
}

TEST_CASE("a slow consumer is closed with 4008 and counted; a healthy peer keeps receiving in order") {
  constexpr std::size_t message_count = 3000;
  constexpr std::size_t message_bytes = 16 * 1024;
  auto config = RunningServer::small_config();
  config.send_queue = ws::SendQueueLimits{256 * 1024, 64, 128 * 1024};
  // The slow client reads only at the end, which may be long after the overflow on a
  // loaded machine: its 4008 close frame must still be waiting then, not cut by the
  // close deadline (tested on its own below).
  config.handshake_timeout = std::chrono::seconds(120);
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/feed", ws::WebSocketHandlers{});
  });
  auto& manager = running.server.websockets();

  WsClient slow(running.port(), "/feed");  // never reads until the end
  WsClient healthy(running.port(), "/feed");
  REQUIRE(eventually([&] { return manager.size() == 2; }));

  std::mutex mutex;
  std::condition_variable progress;
  std::size_t healthy_received = 0;
  bool healthy_in_order = true;
  std::thread reader([&] {
    for (std::size_t expected = 0; expected < message_count; ++expected) {
      auto message = healthy.read();
      std::lock_guard lock(mutex);
      if (!message || index_of(message->data) != expected) {
        healthy_in_order = false;
        break;
      }
      ++healthy_received;
      progress.notify_all();
    }
  });

  // Publish in step with the healthy reader, so only the client that does not read can
  // overflow. The server counts a batch until its write completion has run, which on a
  // starved machine can be after the reader already has it: the healthy queue then
  // holds up to (ahead + 1) frames in flight plus (ahead + 1) pending. With ahead = 4
  // that is 10 frames (160 KiB), well inside the 256 KiB limit; ahead = 8 is not.
  constexpr std::size_t max_ahead = 4;
  for (std::size_t i = 0; i < message_count; ++i) {
    manager.broadcast("/feed", make_frame(numbered_payload(i, message_bytes)));
    std::unique_lock lock(mutex);
    progress.wait_for(lock, step_deadline, [&] {
      return !healthy_in_order || healthy_received + max_ahead > i;
    });
    if (!healthy_in_order) break;
  }
  reader.join();

  CHECK(healthy_in_order);
  CHECK(healthy_received == message_count);
  CHECK(manager.slow_consumer_closes() == 1);

  // The slow client now reads: a prefix of the stream, in order, then close 4008.
  std::size_t expected = 0;
  while (auto message = slow.read()) {
    CHECK(index_of(message->data) == expected);
    ++expected;
  }
  CHECK(expected < message_count);
  CHECK(slow.closed_by_server());
  CHECK(slow.close_code() == close_code::slow_consumer);
  CHECK(eventually([&] { return manager.size() == 1; }));
}

TEST_CASE("send reports dropped once the connection is closing or closed") {
  OpenedConnection recorder;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    server.websockets().route("/echo", recorder.recording());
  });
  WsClient client(running.port(), "/echo");
  const auto opened = recorder.wait();
  REQUIRE(opened);

  CHECK(opened->send(make_frame("before")) == SendResult::ok);
  opened->close(close_code::normal, "done");
  CHECK(opened->send(make_frame("after")) == SendResult::dropped);
  auto first = client.read();
  REQUIRE(first);
  CHECK(first->data == "before");  // queued before close(): still delivered
  CHECK(client.read_until_closed() == close_code::normal);
  CHECK(client.close_reason() == "done");
  CHECK(eventually([&] { return !opened->is_open(); }));
  CHECK(opened->send(make_frame("late")) == SendResult::dropped);
}

TEST_CASE("send reports backpressure past the soft limit") {
  auto config = RunningServer::small_config();
  config.send_queue = ws::SendQueueLimits{1024 * 1024, 1000, 0};  // every push is past it
  OpenedConnection recorder;
  RunningServer running(config, [&](net::Server& server) {
    server.websockets().route("/echo", recorder.recording());
  });
  WsClient client(running.port(), "/echo");
  const auto opened = recorder.wait();
  REQUIRE(opened);
  CHECK(opened->send(make_frame("x")) == SendResult::backpressure);
  auto received = client.read();
  REQUIRE(received);
  CHECK(received->data == "x");
}

TEST_CASE("a slow consumer that never reads again is cut after the close deadline") {
  auto config = RunningServer::small_config();
  config.send_queue = ws::SendQueueLimits{64 * 1024, 16, 32 * 1024};
  config.handshake_timeout = std::chrono::milliseconds(300);  // also the close deadline
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/feed", ws::WebSocketHandlers{});
  });
  auto& manager = running.server.websockets();
  WsClient never_reads(running.port(), "/feed");
  REQUIRE(eventually([&] { return manager.size() == 1; }));

  // Far more than socket buffers hold; stops as soon as the queue overflows.
  const auto frame = make_frame(std::string(64 * 1024 - 1, 'z'));
  for (int i = 0; i < 100'000 && manager.slow_consumer_closes() == 0; ++i) {
    manager.broadcast("/feed", frame);
    if (i % 16 == 15) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(manager.slow_consumer_closes() == 1);
  CHECK(eventually([&] { return manager.size() == 0; }));
}
