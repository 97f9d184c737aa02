// Starting, timers and graceful shutdown.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

TEST_CASE("graceful shutdown closes every WebSocket with 1001 and runs their close handlers") {
  std::atomic<int> close_handlers{0};
  std::mutex mutex;
  std::vector<std::uint16_t> server_seen_codes;
  auto running = std::make_unique<RunningServer>(
      RunningServer::small_config(), [&](net::Server& server) {
        auto handlers = echo_handlers();
        handlers.on_close = [&](const ws::WebSocketConnectionPtr&, std::uint16_t code,
                                std::string_view) {
          std::lock_guard lock(mutex);
          server_seen_codes.push_back(code);
          ++close_handlers;
        };
        server.websockets().route("/echo", handlers);
      });
  WsClient first(running->port(), "/echo");
  WsClient second(running->port(), "/echo");
  REQUIRE(eventually([&] { return running->server.websockets().size() == 2; }));

  std::uint16_t first_code = 0, second_code = 0;
  std::thread readers([&] {
    first_code = first.read_until_closed();
    second_code = second.read_until_closed();
  });
  running->server.stop();
  readers.join();

  CHECK(first_code == close_code::going_away);
  CHECK(second_code == close_code::going_away);
  CHECK(close_handlers == 2);
  CHECK(running->server.websockets().size() == 0);
  running.reset();  // destroying a stopped server is fine
}

TEST_CASE("after stop the port no longer accepts connections") {
  RunningServer running;
  const auto port = running.port();
  running.server.stop();
  CHECK(connection_refused(port));
}

TEST_CASE("request_stop from inside a handler stops the server; wait returns") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    ws::WebSocketHandlers handlers;
    handlers.on_message = [&server](const ws::WebSocketConnectionPtr&, std::string_view, FrameKind) {
      server.request_stop();
    };
    server.websockets().route("/stop", handlers);
  });
  WsClient client(running.port(), "/stop");
  client.send_text("please stop");
  CHECK(client.read_until_closed() == close_code::going_away);
  running.server.wait();
}

TEST_CASE("run_after runs a task on an I/O thread after the delay") {
  RunningServer running;
  std::atomic<bool> ran{false};
  std::atomic<std::thread::id> ran_on{};
  running.server.run_after(std::chrono::milliseconds(5), [&] {
    ran_on = std::this_thread::get_id();
    ran = true;
  });
  REQUIRE(eventually([&] { return ran.load(); }));
  CHECK(ran_on.load() != std::this_thread::get_id());
}

TEST_CASE("start fails with an exception when the port is taken") {
  RunningServer first;
  auto config = RunningServer::small_config();
  config.port = first.port();
  net::Server second(config);
  CHECK_THROWS_AS(second.start(), std::system_error);
}

TEST_CASE("a connection that never answers keep-alive pings is dropped after the idle timeout") {
  auto config = RunningServer::small_config();
  config.idle_timeout = std::chrono::milliseconds(300);
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
  });
  // The Beast client answers pings only while it reads; this one never reads.
  WsClient silent(running.port(), "/echo");
  REQUIRE(silent.open());
  REQUIRE(eventually([&] { return running.server.websockets().size() == 1; }));
  CHECK(eventually([&] { return running.server.websockets().size() == 0; }));
}

TEST_CASE("a connection that keeps reading answers pings and survives several idle periods") {
  auto config = RunningServer::small_config();
  config.idle_timeout = std::chrono::milliseconds(200);
  std::atomic<int> ticks{0};
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
  });
  WsClient reader(running.port(), "/echo");
  REQUIRE(eventually([&] { return running.server.websockets().size() == 1; }));
  const auto id = running.server.websockets().connections().front()->id();
  // Five timer-driven messages spaced by the idle timeout: the client only reads, and the
  // pings Beast sends in between are answered by those reads.
  for (int i = 1; i <= 5; ++i) {
    running.server.run_after(std::chrono::milliseconds(200 * i), [&running, &ticks, id] {
      running.server.websockets().send_text(id, std::to_string(++ticks));
    });
  }
  for (int i = 1; i <= 5; ++i) {
    auto message = reader.read();
    REQUIRE(message);
    CHECK(message->data == std::to_string(i));
  }
  CHECK(running.server.websockets().size() == 1);
}

TEST_CASE("freed heap is handed back to the OS after connections close, and only then") {
  auto config = RunningServer::small_config();
  config.memory_trim_interval = std::chrono::milliseconds(20);
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  CHECK(running.server.memory_trims() == 0);  // nothing closed yet: no trim

  {
    WsClient first(running.port(), "/echo");
    WsClient second(running.port(), "/echo");
    REQUIRE(eventually([&] { return running.server.websockets().size() == 2; }));
    first.close();
    second.close();
  }
  REQUIRE(eventually([&] { return running.server.websockets().size() == 0; }));
  // A session untracks itself in its destructor, which may run a little after the
  // manager forgot it: wait until the count stops moving (three ticks without a trim).
  std::uint64_t after_closes = 0;
  REQUIRE(eventually([&] {
    const auto before = running.server.memory_trims();
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
    after_closes = running.server.memory_trims();
    return after_closes >= 1 && after_closes == before;
  }));
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  CHECK(running.server.memory_trims() == after_closes);  // quiet again: no more trims
}

TEST_CASE("memory_trim_interval 0 never trims") {
  auto config = RunningServer::small_config();
  config.memory_trim_interval = std::chrono::milliseconds(0);
  RunningServer running(config, [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
  });
  {
    WsClient client(running.port(), "/echo");
    REQUIRE(eventually([&] { return running.server.websockets().size() == 1; }));
    client.close();
  }
  REQUIRE(eventually([&] { return running.server.websockets().size() == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(running.server.memory_trims() == 0);
}
