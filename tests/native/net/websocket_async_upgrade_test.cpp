// Deciding upgrades asynchronously (Server::on_upgrade_async): accept, refuse with
// headers, decide later from another thread, never (timeout) or drop the decider (503);
// Origin and the connection limit keep their places around the decision.
#include <doctest/doctest.h>

#include <atomic>
#include <deque>
#include <mutex>
#include <thread>

#include "raw_client.hpp"
#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// Records every asked decision, to be decided by the test.
class PendingDecisions {
 public:
  net::AsyncUpgradeHook hook() {
    return [this](net::UpgradeRequest request, net::UpgradeDecider decide) {
      std::lock_guard lock(mutex_);
      asked_.emplace_back(std::move(request), std::move(decide));
    };
  }
  std::optional<std::pair<net::UpgradeRequest, net::UpgradeDecider>> next() {
    std::optional<std::pair<net::UpgradeRequest, net::UpgradeDecider>> taken;
    eventually([&] {
      std::lock_guard lock(mutex_);
      if (asked_.empty()) return false;
      taken = std::move(asked_.front());
      asked_.pop_front();
      return true;
    });
    return taken;
  }
  std::size_t asked() {
    std::lock_guard lock(mutex_);
    return asked_.size();
  }

 private:
  std::mutex mutex_;
  std::deque<std::pair<net::UpgradeRequest, net::UpgradeDecider>> asked_;
};

RunningServer async_server(net::AsyncUpgradeHook hook, net::ServerConfig config = RunningServer::small_config()) {
  return RunningServer(std::move(config), [&](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
    server.on_upgrade_async(std::move(hook));
  });
}

}  // namespace

TEST_CASE("an asynchronous accept continues the handshake; the hook sees the request") {
  std::mutex mutex;
  net::UpgradeRequest seen;
  auto running = async_server([&](net::UpgradeRequest request, net::UpgradeDecider decide) {
    {
      std::lock_guard lock(mutex);
      seen = request;
    }
    std::thread([decide] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      decide(net::UpgradeDecision::accept());
    }).detach();
  });
  WsClient client(running.port(), "/echo?room=1", {{"Authorization", "Bearer t"}});
  REQUIRE(client.open());
  CHECK(!client.send_text("hello"));
  CHECK(client.read()->data == "hello");
  std::lock_guard lock(mutex);
  CHECK(seen.path == "/echo");
  CHECK(seen.query == "room=1");
  CHECK(seen.headers.at("authorization") == "Bearer t");
}

TEST_CASE("an asynchronous refusal answers with its status, headers and body") {
  PendingDecisions decisions;
  auto running = async_server(decisions.hook());
  RawClient client(running.port());
  client.send(RawClient::upgrade_request("/echo"));
  auto asked = decisions.next();
  REQUIRE(asked);
  asked->second(net::UpgradeDecision::refuse(401, "login first",
                                             {{"WWW-Authenticate", "Bearer realm=\"quest\""},
                                              {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}}));
  asked->second(net::UpgradeDecision::accept());  // a second decision is ignored
  const auto head = client.read_response_head();
  CHECK(head.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(head.find("WWW-Authenticate: Bearer realm=\"quest\"\r\n") != std::string::npos);
  CHECK(head.find("Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n") != std::string::npos);
  CHECK(running.server.websockets().size() == 0);
}

TEST_CASE("the synchronous hook's refusal headers are written too") {
  RunningServer running(RunningServer::small_config(), [](net::Server& server) {
    server.websockets().route("/echo", echo_handlers());
    server.on_upgrade([](const net::UpgradeRequest&) {
      return net::UpgradeDecision::refuse(401, "no", {{"WWW-Authenticate", "Basic"}});
    });
  });
  RawClient client(running.port());
  client.send(RawClient::upgrade_request("/echo"));
  const auto head = client.read_response_head();
  CHECK(head.rfind("HTTP/1.1 401", 0) == 0);
  CHECK(head.find("WWW-Authenticate: Basic\r\n") != std::string::npos);
}

TEST_CASE("an upgrade not decided within request_timeout gets 503; the late decision is ignored") {
  PendingDecisions decisions;
  auto config = RunningServer::small_config();
  config.request_timeout = std::chrono::milliseconds(150);
  auto running = async_server(decisions.hook(), config);
  WsClient client(running.port(), "/echo");
  CHECK_FALSE(client.open());
  CHECK(client.status() == 503);
  auto asked = decisions.next();
  REQUIRE(asked);
  asked->second(net::UpgradeDecision::accept());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(running.server.websockets().size() == 0);
}

TEST_CASE("a decider dropped without a decision gives 503") {
  auto running = async_server([](net::UpgradeRequest, net::UpgradeDecider) {});
  WsClient client(running.port(), "/echo");
  CHECK_FALSE(client.open());
  CHECK(client.status() == 503);
}

TEST_CASE("a throwing asynchronous hook gives 500 and the server keeps serving") {
  std::atomic<int> calls{0};
  auto running = async_server([&](net::UpgradeRequest, net::UpgradeDecider decide) {
    if (calls++ == 0) throw std::runtime_error("hook failed");
    decide(net::UpgradeDecision::accept());
  });
  WsClient failed(running.port(), "/echo");
  CHECK(failed.status() == 500);
  WsClient next(running.port(), "/echo");
  CHECK(next.open());
}

TEST_CASE("Origin is checked before the asynchronous hook is asked") {
  PendingDecisions decisions;
  auto running = async_server(decisions.hook());
  WsClient client(running.port(), "/echo", {{"Origin", "http://evil.example"}});
  CHECK(client.status() == 403);
  CHECK(decisions.asked() == 0);
}

TEST_CASE("the connection limit applies after an asynchronous accept, and a slow decision holds no slot") {
  PendingDecisions decisions;
  auto config = RunningServer::small_config();
  config.max_connections = 1;
  auto running = async_server(decisions.hook(), config);

  RawClient waiting(running.port());  // asks first, decided last
  waiting.send(RawClient::upgrade_request("/echo"));
  auto slow = decisions.next();
  REQUIRE(slow);

  std::optional<WsClient> first;
  std::thread connect([&] { first.emplace(running.port(), "/echo"); });
  auto fast = decisions.next();
  REQUIRE(fast);
  fast->second(net::UpgradeDecision::accept());
  connect.join();
  REQUIRE(first->open());

  slow->second(net::UpgradeDecision::accept());
  CHECK(waiting.read_response_head().rfind("HTTP/1.1 503", 0) == 0);
}
