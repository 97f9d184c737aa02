// The chat_server example as a black box: started as a process, driven over loopback
// with a Beast client speaking raw Phoenix V2 frames, stopped with SIGTERM. The full
// phoenix.js client suite lives in tests/e2e; this checks the contract from C++.
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <rapidjson/document.h>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

// chat_server on a free port; stopped (SIGTERM) and reaped by the destructor.
class ChatServerProcess {
 public:
  explicit ChatServerProcess(std::vector<std::string> extra_arguments = {}) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      std::vector<std::string> arguments{CHAT_SERVER_PATH, "--host", "127.0.0.1", "--port", "0",
                                         "--threads", "2"};
      arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
      std::vector<char*> argv;
      for (auto& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    output_ = ::fdopen(out[0], "r");
    char line[256];
    const std::string prefix = "listening on http://127.0.0.1:";
    while (std::fgets(line, sizeof line, output_)) {
      const std::string text(line);
      if (text.rfind(prefix, 0) == 0) {
        port_ = static_cast<std::uint16_t>(std::stoi(text.substr(prefix.size())));
        break;
      }
    }
    REQUIRE(port_ != 0);
  }
  ~ChatServerProcess() {
    if (pid_ > 0) stop();
    if (output_) std::fclose(output_);
  }
  // SIGTERM, then the exit status.
  int stop() {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  FILE* output_ = nullptr;
  std::uint16_t port_ = 0;
};

// A Phoenix V2 frame [join_ref, ref, topic, event, payload] read from the socket.
struct PhoenixFrame {
  rapidjson::Document json;
  std::string topic() const { return json[2].GetString(); }
  std::string event() const { return json[3].GetString(); }
  const rapidjson::Value& payload() const { return json[4]; }
  bool is_reply_to(const char* ref) const {
    return event() == "phx_reply" && json[1].IsString() && std::string(json[1].GetString()) == ref;
  }
};

PhoenixFrame read_frame(WsClient& client) {
  auto message = client.read();
  REQUIRE(message);
  PhoenixFrame frame;
  frame.json.Parse(message->data.c_str());
  REQUIRE((frame.json.IsArray() && frame.json.Size() == 5));
  return frame;
}

// Reads frames until one satisfies `wanted` (others, e.g. presence diffs, are skipped).
template <class Wanted>
PhoenixFrame read_until(WsClient& client, Wanted wanted) {
  for (int skipped = 0; skipped < 50; ++skipped) {
    auto frame = read_frame(client);
    if (wanted(frame)) return frame;
  }
  FAIL("expected frame never arrived");
  return {};
}

std::string status_of(const PhoenixFrame& reply) { return reply.payload()["status"].GetString(); }

}  // namespace

TEST_CASE("chat_server echoes text and binary at /echo") {
  ChatServerProcess chat;
  WsClient client(chat.port(), "/echo");
  REQUIRE(client.open());
  client.send_text("ping");
  CHECK(client.read()->data == "ping");
  client.send_binary(std::string("\x00\x01", 2));
  auto binary = client.read();
  CHECK_FALSE(binary->text);
  CHECK(binary->data == std::string("\x00\x01", 2));
}

TEST_CASE("room join without a user is refused with a reason; with one it is accepted") {
  ChatServerProcess chat;
  WsClient client(chat.port(), "/socket/websocket?vsn=2.0.0");
  REQUIRE(client.open());

  client.send_text(R"(["1","1","room:lobby","phx_join",{}])");
  auto refused = read_until(client, [](auto& f) { return f.is_reply_to("1"); });
  CHECK(status_of(refused) == "error");
  CHECK(refused.payload()["response"]["reason"].IsString());

  client.send_text(R"(["2","2","room:lobby","phx_join",{"user":""}])");
  CHECK(status_of(read_until(client, [](auto& f) { return f.is_reply_to("2"); })) == "error");

  client.send_text(R"(["3","3","room:lobby","phx_join",{"user":"ann"}])");
  CHECK(status_of(read_until(client, [](auto& f) { return f.is_reply_to("3"); })) == "ok");
  auto state = read_until(client, [](auto& f) { return f.event() == "presence_state"; });
  CHECK(state.topic() == "room:lobby");
}

TEST_CASE("new_msg in a room is broadcast with the user to every member and replied ok") {
  ChatServerProcess chat;
  WsClient ann(chat.port(), "/socket/websocket?vsn=2.0.0");
  WsClient bob(chat.port(), "/socket/websocket?vsn=2.0.0");
  ann.send_text(R"(["1","1","room:42","phx_join",{"user":"ann"}])");
  REQUIRE(status_of(read_until(ann, [](auto& f) { return f.is_reply_to("1"); })) == "ok");
  bob.send_text(R"(["1","1","room:42","phx_join",{"user":"bob"}])");
  REQUIRE(status_of(read_until(bob, [](auto& f) { return f.is_reply_to("1"); })) == "ok");

  ann.send_text(R"(["1","2","room:42","new_msg",{"body":"hello"}])");
  CHECK(status_of(read_until(ann, [](auto& f) { return f.is_reply_to("2"); })) == "ok");
  auto received = read_until(bob, [](auto& f) { return f.event() == "new_msg"; });
  CHECK(std::string(received.payload()["user"].GetString()) == "ann");
  CHECK(std::string(received.payload()["body"].GetString()) == "hello");

  ann.send_text(R"(["1","3","room:42","new_msg",{"body":7}])");
  CHECK(status_of(read_until(ann, [](auto& f) { return f.is_reply_to("3"); })) == "error");
}

TEST_CASE("bench topics accept any join and name a user-less sender anon") {
  ChatServerProcess chat;
  WsClient client(chat.port(), "/socket/websocket?vsn=2.0.0");
  client.send_text(R"(["1","1","bench:fanout","phx_join",{}])");
  REQUIRE(status_of(read_until(client, [](auto& f) { return f.is_reply_to("1"); })) == "ok");
  client.send_text(R"(["1","2","bench:fanout","new_msg",{"body":"b"}])");
  auto echoed = read_until(client, [](auto& f) { return f.event() == "new_msg"; });
  CHECK(std::string(echoed.payload()["user"].GetString()) == "anon");
}

TEST_CASE("chat_server serves --static files and stops on SIGTERM closing sockets with 1001") {
  ChatServerProcess chat({"--static", EXAMPLE_PUBLIC_DIR});
  auto page = http_request(chat.port(), "GET", "/");
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  CHECK(page.body.find("/assets/phoenix.js") != std::string::npos);

  WsClient client(chat.port(), "/echo");
  REQUIRE(client.open());
  std::uint16_t code = 0;
  std::thread reader([&] { code = client.read_until_closed(); });
  CHECK(chat.stop() == 0);
  reader.join();
  CHECK(code == close_code::going_away);
}

TEST_CASE("chat_server rejects unknown flags with exit status 2") {
  const std::string command = std::string(CHAT_SERVER_PATH) + " --bogus 1 2>/dev/null";
  const int status = std::system(command.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
}
