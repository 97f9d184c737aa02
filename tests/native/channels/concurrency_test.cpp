// Many threads driving one endpoint at once, as the I/O threads do. The outcome checked at
// the end does not depend on the interleaving; run under TSan/ASan this is a race detector.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "endpoint_fixture.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// One client's life: join with presence, chat, leave, rejoin, and finally stay or disconnect.
void client_life(EndpointFixture& f, int client, bool stays) {
  const std::string id = std::string("client") + std::to_string(client);
  auto connection = f.connect(id);
  for (int round = 0; round < 20; ++round) {
    const std::string ref = std::to_string(round * 10 + 1);
    f.send(connection, "[\"" + ref + "\",\"" + ref + "\",\"room:busy\",\"phx_join\",{\"user\":\"" + id +
                           "\",\"presence\":true}]");
    f.send(connection, "[\"" + ref + "\",\"" + ref + "2\",\"room:busy\",\"new_msg\",{}]");
    if (round < 19) f.send(connection, "[\"" + ref + "\",\"" + ref + "3\",\"room:busy\",\"phx_leave\",{}]");
    connection->take();
  }
  if (!stays) f.endpoint->on_close(id);
}

}  // namespace

TEST_SUITE("channel endpoint: concurrency") {
  TEST_CASE("concurrent joins, messages, leaves, closes, broadcasts and flushes end consistent") {
    EndpointFixture f;
    constexpr int clients = 16;
    std::atomic<bool> done{false};
    std::thread broadcaster([&] {
      while (!done) f.endpoint->broadcast("room:busy", "tick", "{}");
    });
    std::thread flusher([&] {
      while (!done) f.scheduler->run_all();
    });
    std::vector<std::thread> workers;
    for (int client = 0; client < clients; ++client) {
      workers.emplace_back([&f, client] { client_life(f, client, client % 2 == 0); });
    }
    for (auto& worker : workers) worker.join();
    done = true;
    broadcaster.join();
    flusher.join();
    f.scheduler->run_all();

    CHECK(f.endpoint->connection_count() == clients / 2);
    CHECK(f.endpoint->pubsub().subscriber_count("room:busy") == clients / 2);
    auto entries = f.endpoint->presence().list("room:busy");
    CHECK(entries.size() == clients / 2);
    for (const auto& entry : entries) {
      const int number = std::stoi(entry.key.substr(std::string("client").size()));
      CHECK(number % 2 == 0);
    }
  }
}
