// Presence across nodes: two or three ChannelEndpoints, each with its own RedisAdapter and
// real-time scheduler, through one real redis-server. Clients are in-memory connections
// that speak the Phoenix V2 frames; what they receive is parsed as phoenix.js would see it.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "quest_live/pubsub/redis_adapter.hpp"
#include "redis_server.hpp"
#include "test_support.hpp"
#include "timer_scheduler.hpp"

using namespace quest_live;
using namespace quest_live::channels;
using namespace quest_live::test;
using namespace std::chrono_literals;

namespace {

constexpr auto heartbeat = 100ms;
// Short for the tests, yet long enough that a loaded machine (sanitizers, parallel builds)
// does not stall a node's heartbeat past it.
constexpr auto timeout = 1000ms;

// (key, phx_ref, meta) of a topic's entries, sorted: the same set on every node once
// converged (metas within a key are in each node's arrival order, so the test sorts).
using Listing = std::vector<std::tuple<std::string, std::string, std::string>>;

struct Node {
  std::shared_ptr<TimerScheduler> scheduler = std::make_shared<TimerScheduler>();
  std::shared_ptr<pubsub::RedisAdapter> adapter;
  std::shared_ptr<ChannelEndpoint> endpoint;
  int next_connection = 0;
  std::string name;
  // What the replicator logs (nodes seen, dropped as silent, restarted): shown when a
  // check fails, since a stall past the timeout on a loaded machine changes the story.
  // Shared with the log function, which the endpoint's threads may call while the
  // members declared after it are already gone.
  std::shared_ptr<std::mutex> log_mutex = std::make_shared<std::mutex>();
  std::shared_ptr<std::string> log_text = std::make_shared<std::string>();

  Node(const std::string& url, std::string node_name, std::chrono::milliseconds window = 20ms)
      : name(std::move(node_name)) {
    pubsub::RedisConfig config;
    config.url = url;
    config.node_id = name;
    config.channel = "presence-test";
    config.log = [](std::string_view) {};
    adapter = pubsub::RedisAdapter::create(config);
    EndpointOptions options;
    options.presence_window = window;
    options.presence_replication.heartbeat_interval = heartbeat;
    options.presence_replication.heartbeat_timeout = timeout;
    options.log = [name = name, mutex = log_mutex, text = log_text](std::string_view line) {
      std::lock_guard lock(*mutex);
      *text += name + ": " + std::string(line) + "\n";
    };
    endpoint = ChannelEndpoint::create(scheduler, options, adapter);
    ChannelHandlers room;
    room.join = [this](ChannelContext& context, const rapidjson::Value& payload) {
      const std::string user = payload["user"].GetString();
      context.assigns()["user"] = user;
      context.track(user, R"({"node":")" + name + "\"}");
      context.push_presence_state();
      return JoinResult::accept();
    };
    room.event = [](ChannelContext& context, const std::string& event, const rapidjson::Value& payload) -> EventResult {
      if (event != "status") return Reply::error(R"({"reason":"unknown"})");
      context.update_presence(context.assigns()["user"],
                              std::string(R"({"status":")") + payload["status"].GetString() + "\"}");
      return Reply::ok();
    };
    endpoint->add_channel("room:*", room);
    REQUIRE(adapter->wait_until_ready(10s));
  }

  std::shared_ptr<RecordingConnection> join(const std::string& user, const std::string& topic = "room:1") {
    auto connection = std::make_shared<RecordingConnection>(name + "-conn-" + std::to_string(++next_connection));
    endpoint->on_open(connection);
    endpoint->on_text(connection, R"(["1","1",")" + topic + R"(","phx_join",{"user":")" + user + "\"}]");
    return connection;
  }

  Listing list(const std::string& topic = "room:1") {
    Listing listing;
    for (const auto& entry : endpoint->presence().list(topic)) listing.emplace_back(entry.key, entry.phx_ref, entry.meta_json);
    std::sort(listing.begin(), listing.end());
    return listing;
  }
  std::string log() const {
    std::lock_guard lock(*log_mutex);
    return *log_text;
  }
  std::multiset<std::string> keys(const std::string& topic = "room:1") {
    std::multiset<std::string> keys;
    for (const auto& entry : endpoint->presence().list(topic)) keys.insert(entry.key);
    return keys;
  }
};

// What a phoenix.js client on that connection believes: key -> set of phx_refs, from its
// presence_state and presence_diffs applied in order (Presence.syncState / syncDiff).
std::map<std::string, std::set<std::string>> client_view(const RecordingConnection& connection,
                                                         const std::string& topic = "room:1") {
  std::map<std::string, std::set<std::string>> view;
  auto apply = [&](const rapidjson::Value& grouped, bool join) {
    for (const auto& member : grouped.GetObject()) {
      const std::string key = member.name.GetString();
      for (const auto& meta : member.value["metas"].GetArray()) {
        if (join) view[key].insert(meta["phx_ref"].GetString());
        else if (view.count(key)) view[key].erase(meta["phx_ref"].GetString());
      }
      if (view.count(key) && view[key].empty()) view.erase(key);
    }
  };
  for (const auto& frame : parse_frames(connection.frames())) {
    if (frame.topic() != topic) continue;
    if (frame.event() == "presence_state") {
      view.clear();
      apply(frame.payload(), true);
    } else if (frame.event() == "presence_diff") {
      apply(frame.payload()["joins"], true);
      apply(frame.payload()["leaves"], false);
    }
  }
  return view;
}

std::map<std::string, std::set<std::string>> view_of(const Listing& listing) {
  std::map<std::string, std::set<std::string>> view;
  for (const auto& [key, ref, meta] : listing) view[key].insert(ref);
  return view;
}

std::string describe(const Listing& listing) {
  std::string text;
  for (const auto& [key, ref, meta] : listing) text += key + " " + ref + " " + meta + "\n";
  return text;
}

bool converged(std::vector<Node*> nodes, const std::string& topic = "room:1") {
  const Listing first = nodes.front()->list(topic);
  return std::all_of(nodes.begin(), nodes.end(), [&](Node* node) { return node->list(topic) == first; });
}

}  // namespace

TEST_SUITE("presence across nodes (real redis-server)") {
  TEST_CASE("a join on A appears in B's list and in B's clients' presence, with A's phx_ref and meta") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    auto watcher = b.join("bob");
    auto alice = a.join("alice");
    REQUIRE(eventually([&] { return b.keys().count("alice") == 1; }, 5s));
    const Listing at_a = a.list();
    REQUIRE(eventually([&] { return b.list() == a.list(); }, 5s));
    auto alice_entry = std::find_if(at_a.begin(), at_a.end(), [](const auto& e) { return std::get<0>(e) == "alice"; });
    REQUIRE(alice_entry != at_a.end());
    CHECK(std::get<2>(*alice_entry).find(R"("node":"node-a")") != std::string::npos);
    // B's client learns of alice through B's own coalesced diff; A's client of bob likewise.
    REQUIRE(eventually([&] { return client_view(*watcher) == view_of(b.list()); }, 5s));
    REQUIRE(eventually([&] { return client_view(*alice) == view_of(a.list()); }, 5s));
    CHECK(client_view(*watcher).count("alice") == 1);
    CHECK(client_view(*alice).count("bob") == 1);
    // Owners of replicas name their node.
    bool replica_owner_named = false;
    for (const auto& entry : b.endpoint->presence().list("room:1")) {
      if (entry.key == "alice") replica_owner_named = entry.owner == "node-a/node-a-conn-1";
    }
    CHECK(replica_owner_named);
  }

  TEST_CASE("leave and update on A reach B's list and B's clients") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    auto watcher = b.join("bob");
    auto alice = a.join("alice");
    auto carol = a.join("carol");
    REQUIRE(eventually([&] { return b.keys() == std::multiset<std::string>{"alice", "bob", "carol"}; }, 5s));

    a.endpoint->on_text(alice, R"(["1","2","room:1","status",{"status":"away"}])");
    REQUIRE(eventually([&] {
      for (const auto& [key, ref, meta] : b.list())
        if (key == "alice") return meta.find(R"("status":"away")") != std::string::npos &&
                                   meta.find("phx_ref_prev") != std::string::npos;
      return false;
    }, 5s));
    a.endpoint->on_close(carol->id());
    REQUIRE(eventually([&] { return b.keys() == std::multiset<std::string>{"alice", "bob"}; }, 5s));
    REQUIRE(eventually([&] { return client_view(*watcher) == view_of(b.list()); }, 5s));
    CHECK(client_view(*watcher).count("carol") == 0);
    INFO("A:\n" << describe(a.list()) << "B:\n" << describe(b.list()));
    CHECK(eventually([&] { return converged({&a, &b}); }, 5s));
  }

  TEST_CASE("several metas per key across nodes: one user in two tabs on two nodes") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    auto tab_on_a = a.join("alice");
    auto tab_on_b = b.join("alice");
    REQUIRE(eventually([&] { return a.keys().count("alice") == 2 && b.keys().count("alice") == 2; }, 5s));
    REQUIRE(eventually([&] { return converged({&a, &b}); }, 5s));
    REQUIRE(eventually([&] { return client_view(*tab_on_a)["alice"].size() == 2; }, 5s));
    b.endpoint->on_close(tab_on_b->id());
    REQUIRE(eventually([&] { return a.keys().count("alice") == 1; }, 5s));
    REQUIRE(eventually([&] { return client_view(*tab_on_a)["alice"].size() == 1; }, 5s));
    CHECK(eventually([&] { return converged({&a, &b}); }, 5s));
  }

  TEST_CASE("a node destroyed without a goodbye has its entries removed on the others after the timeout") {
    RedisServer redis;
    Node b(redis.url(), "node-b");
    auto watcher = b.join("bob");
    auto a = std::make_unique<Node>(redis.url(), "node-a");
    a->join("alice");
    a->join("amy");
    REQUIRE(eventually([&] { return b.keys().size() == 3; }, 5s));
    const auto died = std::chrono::steady_clock::now();
    a.reset();  // like a crash: nothing said
    // Not before the timeout (the entries stay while the node might only be slow)...
    std::this_thread::sleep_for(timeout / 2);
    CHECK(b.keys().size() == 3);
    // ...and gone within the timeout plus a heartbeat and a diff window.
    REQUIRE(eventually([&] { return b.keys() == std::multiset<std::string>{"bob"}; }, 5s));
    const auto took = std::chrono::steady_clock::now() - died;
    CHECK(took < timeout + 2 * heartbeat + 500ms);  // margin for a loaded machine
    REQUIRE(eventually([&] { return client_view(*watcher) == view_of(b.list()); }, 5s));
    CHECK(b.endpoint->presence_replicator()->remote_nodes().empty());
    CHECK(b.endpoint->presence().remote_entry_count("node-a") == 0);
  }

  TEST_CASE("a node that says goodbye is removed at once") {
    RedisServer redis;
    Node b(redis.url(), "node-b");
    auto a = std::make_unique<Node>(redis.url(), "node-a");
    a->join("alice");
    REQUIRE(eventually([&] { return b.keys().count("alice") == 1; }, 5s));
    a->endpoint->presence_replicator()->say_goodbye();
    REQUIRE(eventually([&] { return b.keys().empty(); }, timeout / 2));
    a.reset();
  }

  TEST_CASE("a node started (or restarted under the same id) gets the full state, and its joiners see it") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    a.join("alice");
    a.join("amy", "room:2");
    auto b = std::make_unique<Node>(redis.url(), "node-b");
    b->join("bob");
    REQUIRE(eventually([&] { return converged({&a, b.get()}) && converged({&a, b.get()}, "room:2"); }, 5s));
    CHECK(b->keys("room:2") == std::multiset<std::string>{"amy"});
    // B restarts under the same node id: A drops the old incarnation's bob at once and
    // the new B receives A's state again.
    b.reset();
    b = std::make_unique<Node>(redis.url(), "node-b");
    REQUIRE(eventually([&] { return a.keys() == std::multiset<std::string>{"alice"}; }, timeout / 2));
    REQUIRE(eventually([&] { return b->keys() == std::multiset<std::string>{"alice"}; }, 5s));
    // Once B has published alice to its own clients (its committed state), a joiner's
    // first presence_state holds her.
    REQUIRE(eventually([&] { return b->endpoint->presence().state_json("room:1")->find("alice") != std::string::npos; }, 5s));
    auto late = b->join("beth");
    REQUIRE(eventually([&] { return converged({&a, b.get()}); }, 5s));
    // The joiner's first presence_state already holds alice from node A.
    auto frames = parse_frames(late->frames());
    auto state = std::find_if(frames.begin(), frames.end(), [](const SentFrame& f) { return f.event() == "presence_state"; });
    REQUIRE(state != frames.end());
    CHECK(state->payload().HasMember("alice"));
  }

  TEST_CASE("redis restarted: changes made during the outage converge on every node") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    auto watcher = b.join("bob");
    auto alice = a.join("alice");
    auto bea = b.join("bea");
    REQUIRE(eventually([&] { return converged({&a, &b}) && a.keys().size() == 3; }, 5s));

    redis.stop();
    REQUIRE(eventually([&] { return !a.adapter->joined() && !b.adapter->joined(); }, 5s));
    a.join("anna");                       // joins during the outage
    b.endpoint->on_close(bea->id());      // and a leave
    std::this_thread::sleep_for(timeout + 2 * heartbeat);  // longer than the timeout: nobody is dropped
    CHECK(b.keys().count("alice") == 1);  // B could not hear A, and knew it
    redis.start();
    REQUIRE(a.adapter->wait_until_ready(10s));
    REQUIRE(b.adapter->wait_until_ready(10s));
    REQUIRE(eventually([&] { return converged({&a, &b}) && b.keys() == std::multiset<std::string>{"alice", "anna", "bob"}; },
                       10s));
    REQUIRE(eventually([&] { return client_view(*watcher) == view_of(b.list()); }, 5s));
    REQUIRE(eventually([&] { return client_view(*alice) == view_of(a.list()); }, 5s));
  }

  // A node stalled past the timeout is dropped, then resyncs the same entries. With a long
  // window on B both land in one diff, which must not hold a ref as both join and leave
  // (phoenix.js applies joins, then leaves, and would lose an entry B still lists).
  TEST_CASE("a node stalled past the timeout comes back, and the clients on the other node still see it") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    constexpr auto long_window = 600ms;
    Node b(redis.url(), "node-b", long_window);
    auto watcher = b.join("bob");
    a.join("alice");
    REQUIRE(eventually([&] { return converged({&a, &b}) && b.keys().size() == 2; }, 5s));
    REQUIRE(eventually([&] { return client_view(*watcher).count("alice") == 1; }, 5s));
    // A's heartbeats and replies run on its scheduler's thread: block it.
    a.scheduler->run_after(0ms, [] { std::this_thread::sleep_for(timeout + 3 * heartbeat); });
    REQUIRE(eventually([&] { return b.log().find("node-a silent") != std::string::npos; }, 5s));
    REQUIRE(eventually([&] { return b.endpoint->presence().remote_entry_count("node-a") == 1; }, 5s));
    INFO("replication log:\n" << a.log() << b.log());
    REQUIRE(eventually([&] { return converged({&a, &b}) && b.keys().size() == 2; }, 5s));
    std::this_thread::sleep_for(2 * long_window);  // B's diff window has passed
    CHECK(client_view(*watcher) == view_of(b.list()));
    CHECK(client_view(*watcher).count("alice") == 1);
  }

  TEST_CASE("three nodes with churn: the list is the same on every node after convergence") {
    RedisServer redis;
    Node a(redis.url(), "node-a");
    Node b(redis.url(), "node-b");
    Node c(redis.url(), "node-c");
    std::vector<Node*> nodes{&a, &b, &c};
    std::vector<std::pair<Node*, std::shared_ptr<RecordingConnection>>> connections;
    std::set<std::string> closed;
    for (int i = 0; i < 60; ++i) {
      Node* node = nodes[i % 3];
      connections.emplace_back(node, node->join("user" + std::to_string(i % 20)));
      if (i % 4 == 3) {  // leave an earlier one, sometimes inside the same diff window
        auto& [owner, connection] = connections[i / 2];
        owner->endpoint->on_close(connection->id());
        closed.insert(connection->id());
      }
      if (i % 7 == 0) node->endpoint->on_text(connections.back().second, R"(["1","2","room:1","status",{"status":"busy"}])");
    }
    REQUIRE(eventually([&] { return converged(nodes) && !a.list().empty(); }, 10s));
    std::this_thread::sleep_for(3 * heartbeat);  // nothing left in flight changes it
    CHECK(eventually([&] { return converged(nodes); }, 5s));
    std::size_t expected = 0;
    for (Node* node : nodes) {
      for (const auto& entry : node->endpoint->presence().list("room:1")) expected += entry.owner.find('/') == std::string::npos;
    }
    CHECK(a.list().size() == expected);  // every local entry, once, everywhere
    INFO("replication log:\n" << a.log() << b.log() << c.log());
    // Every client still joined believes exactly its node's list.
    for (auto& [node, connection] : connections) {
      if (closed.count(connection->id())) continue;
      CHECK(eventually([&, node = node, connection = connection] { return client_view(*connection) == view_of(node->list()); }, 5s));
    }
  }
}

TEST_SUITE("presence across nodes: configuration") {
  TEST_CASE("a heartbeat timeout not above the interval is refused, naming both") {
    pubsub::RedisConfig config;
    config.url = "redis://127.0.0.1:" + std::to_string(free_loopback_port());  // never reached
    config.log = [](std::string_view) {};
    auto adapter = pubsub::RedisAdapter::create(config);
    EndpointOptions options;
    options.presence_replication.heartbeat_interval = 1000ms;
    options.presence_replication.heartbeat_timeout = 1000ms;
    try {
      ChannelEndpoint::create(std::make_shared<TimerScheduler>(), options, adapter);
      FAIL("accepted a timeout equal to the interval");
    } catch (const std::invalid_argument& error) {
      CHECK(std::string(error.what()).find("heartbeat_timeout must exceed") != std::string::npos);
    }
  }
}
