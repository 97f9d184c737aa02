// RFC 6455 as the server speaks it, seen from the wire: the handshake, pings and pongs,
// fragmented messages, keep-alive and idle close, the closing handshake in both
// directions and protocol errors. A byte-level client where exact bytes matter, the
// Beast client (a strict frame validator) elsewhere.
#include <doctest/doctest.h>

#include <mutex>
#include <chrono>
#include <optional>
#include <thread>
#include <utility>

#include "client_frame.hpp"
#include "raw_client.hpp"
#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;
using namespace quest_live::test::opcodes;

namespace {

// An echo route that records how each connection ended, and bursts on request.
struct ProtocolServer {
  explicit ProtocolServer(net::ServerConfig config = RunningServer::small_config())
      : running(config, [this](net::Server& server) {
          auto handlers = echo_handlers();
          handlers.on_message = [](const ws::WebSocketConnectionPtr& connection,
                                   std::string_view data, FrameKind kind) {
            const std::string command(data);
            if (command.rfind("burst ", 0) == 0) {
              const auto count = std::stoul(command.substr(6));
              for (std::size_t i = 0; i < count; ++i) {
                connection->send(make_frame(std::to_string(i) + std::string(2000, '.')));
              }
            } else if (command == "close please") {
              connection->close(4000, "as you wish");
            } else {
              connection->send(make_frame(command), kind);
            }
          };
          handlers.on_close = [this](const ws::WebSocketConnectionPtr&, std::uint16_t code,
                                     std::string_view reason) {
            std::lock_guard lock(mutex);
            closed = std::make_pair(code, std::string(reason));
          };
          server.websockets().route("/ws", handlers);
        }) {}

  std::optional<std::pair<std::uint16_t, std::string>> close_report() {
    std::lock_guard lock(mutex);
    return closed;
  }
  bool wait_for_close() {
    return eventually([&] { return close_report().has_value(); });
  }

  std::mutex mutex;
  std::optional<std::pair<std::uint16_t, std::string>> closed;
  RunningServer running;
};

// A raw client past the handshake.
RawClient open_raw(std::uint16_t port) {
  RawClient client(port);
  client.send(RawClient::upgrade_request("/ws"));
  REQUIRE(client.read_response_head().rfind("HTTP/1.1 101", 0) == 0);
  return client;
}

}  // namespace

TEST_CASE("the 101 carries the RFC 6455 accept key, and frames sent behind the request are read") {
  ProtocolServer server;
  RawClient client(server.running.port());
  client.send(RawClient::upgrade_request("/ws") + client_frame({fin | text, "early bird"}));
  const auto head = client.read_response_head();
  CHECK(head.rfind("HTTP/1.1 101", 0) == 0);
  CHECK(head.find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
  CHECK(head.find("Sec-WebSocket-Extensions") == std::string::npos);
  auto echoed = client.read_frame();
  REQUIRE(echoed);
  CHECK(echoed->opcode == text);
  CHECK(echoed->payload == "early bird");
}

TEST_CASE("permessage-deflate offers are ignored: no extension is negotiated") {
  ProtocolServer server;
  RawClient client(server.running.port());
  client.send(RawClient::upgrade_request("/ws",
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                         "Sec-WebSocket-Version: 13\r\n"
                                         "Sec-WebSocket-Extensions: permessage-deflate\r\n"));
  const auto head = client.read_response_head();
  CHECK(head.rfind("HTTP/1.1 101", 0) == 0);
  CHECK(head.find("Sec-WebSocket-Extensions") == std::string::npos);
}

TEST_CASE("an upgrade with a missing or malformed key gets 400 and frees its slot") {
  auto config = RunningServer::small_config();
  config.max_connections = 1;
  ProtocolServer server(config);
  for (const std::string& fields : {std::string("Sec-WebSocket-Version: 13\r\n"),
                                   std::string("Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n")}) {
    RawClient client(server.running.port());
    client.send(RawClient::upgrade_request("/ws", fields));
    CHECK(client.read_response_head().rfind("HTTP/1.1 400", 0) == 0);
  }
  CHECK(WsClient(server.running.port(), "/ws").open());  // the only slot is still free
}

TEST_CASE("an upgrade with an unsupported version gets 426 naming version 13") {
  ProtocolServer server;
  RawClient client(server.running.port());
  client.send(RawClient::upgrade_request(
      "/ws", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"));
  const auto head = client.read_response_head();
  CHECK(head.rfind("HTTP/1.1 426", 0) == 0);
  CHECK(head.find("Sec-WebSocket-Version: 13\r\n") != std::string::npos);
}

TEST_CASE("the handshake's own headers are not kept on the connection") {
  OpenedConnection recorder;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    server.websockets().route("/ws", recorder.recording());
  });
  WsClient client(running.port(), "/ws", {{"X-Room", "lobby"}});
  const auto opened = recorder.wait();
  REQUIRE(opened);
  CHECK(opened->header("x-room") == std::optional<std::string>("lobby"));
  CHECK(opened->header("host").has_value());
  for (const char* dropped : {"sec-websocket-key", "sec-websocket-version", "upgrade", "connection"}) {
    CHECK_FALSE(opened->header(dropped).has_value());
  }
}

TEST_CASE("a client ping gets a pong with the same payload while data is flowing") {
  ProtocolServer server;
  auto client = open_raw(server.running.port());
  client.send(client_frame({fin | text, "burst 300"}) + client_frame({fin | ping, "are you there"}));
  std::size_t next_message = 0;
  int pongs = 0;
  while (next_message < 300 || pongs == 0) {
    auto frame = client.read_frame();
    REQUIRE(frame);
    REQUIRE(frame->fin);
    if (frame->opcode == pong) {
      CHECK(frame->payload == "are you there");
      ++pongs;
      continue;
    }
    REQUIRE(frame->opcode == text);
    CHECK(frame->payload == std::to_string(next_message) + std::string(2000, '.'));
    ++next_message;
  }
  CHECK(pongs == 1);
}

TEST_CASE("a fragmented text message is reassembled, pings between fragments answered") {
  ProtocolServer server;
  WsClient client(server.running.port(), "/ws");
  REQUIRE(client.open());
  int pongs = 0;
  client.observe_control_frames([&](bool pong, std::string_view payload) {
    if (pong && payload == "mid") ++pongs;
  });
  client.write_fragment("fragm\xc3", false);  // splits "é"
  client.ping("mid");
  client.write_fragment("\xa9nted ", false);
  client.write_fragment("message", true);
  auto echoed = client.read();
  REQUIRE(echoed);
  CHECK(echoed->text);
  CHECK(echoed->data == "fragm\xc3\xa9nted message");
  CHECK(pongs == 1);
}

TEST_CASE("a silent client gets a keep-alive ping, then is closed after idle_timeout") {
  auto config = RunningServer::small_config();
  config.idle_timeout = std::chrono::milliseconds(400);
  ProtocolServer server(config);
  auto client = open_raw(server.running.port());
  auto ping_frame = client.read_frame();
  REQUIRE(ping_frame);
  CHECK(ping_frame->opcode == ping);
  CHECK(client.reads_end_of_stream());  // never answered: the server drops the connection
  REQUIRE(server.wait_for_close());
  CHECK(server.close_report()->first == 1006);
  CHECK(eventually([&] { return server.running.server.websockets().size() == 0; }));
}

TEST_CASE("a client that answers keep-alive pings with pongs stays connected") {
  auto config = RunningServer::small_config();
  config.idle_timeout = std::chrono::milliseconds(200);
  ProtocolServer server(config);
  auto client = open_raw(server.running.port());
  for (int i = 0; i < 4; ++i) {  // four pings: the connection outlives several idle periods
    auto frame = client.read_frame();
    REQUIRE(frame);
    REQUIRE(frame->opcode == ping);
    client.send(client_frame({fin | pong, frame->payload}));
  }
  CHECK_FALSE(server.close_report().has_value());
  client.send(client_frame({fin | text, "still here"}));
  std::optional<ServerFrame> echoed;
  do {
    echoed = client.read_frame();
  } while (echoed && echoed->opcode == ping);
  REQUIRE(echoed);
  CHECK(echoed->payload == "still here");
}

TEST_CASE("a peer's close is echoed with its code, then the server closes TCP") {
  ProtocolServer server;
  auto client = open_raw(server.running.port());
  client.send(client_frame({fin | close_op, close_payload_bytes(4001, "bye")}));
  auto echoed = client.read_frame();
  REQUIRE(echoed);
  CHECK(echoed->opcode == close_op);
  CHECK(echoed->payload == close_payload_bytes(4001));
  CHECK(client.reads_end_of_stream());
  REQUIRE(server.wait_for_close());
  CHECK(*server.close_report() == std::make_pair(std::uint16_t{4001}, std::string("bye")));
}

TEST_CASE("an empty close is answered with an empty close and reported as 1005") {
  ProtocolServer server;
  auto client = open_raw(server.running.port());
  client.send(client_frame({fin | close_op, ""}));
  auto echoed = client.read_frame();
  REQUIRE(echoed);
  CHECK(echoed->opcode == close_op);
  CHECK(echoed->payload.empty());
  CHECK(client.reads_end_of_stream());
  REQUIRE(server.wait_for_close());
  CHECK(server.close_report()->first == 1005);
}

TEST_CASE("a server-initiated close follows queued data and completes when the peer answers") {
  ProtocolServer server;
  auto client = open_raw(server.running.port());
  client.send(client_frame({fin | text, "before"}) + client_frame({fin | text, "close please"}));
  auto data = client.read_frame();
  REQUIRE(data);
  CHECK(data->payload == "before");
  auto close_frame = client.read_frame();
  REQUIRE(close_frame);
  CHECK(close_frame->opcode == close_op);
  CHECK(close_frame->payload == close_payload_bytes(4000, "as you wish"));
  client.send(client_frame({fin | text, "ignored after the close"}) +
              client_frame({fin | close_op, close_payload_bytes(4000)}));
  CHECK(client.reads_end_of_stream());
  REQUIRE(server.wait_for_close());
  CHECK(server.close_report()->first == 4000);
}

TEST_CASE("protocol errors are closed with their code, then TCP is closed") {
  const std::pair<std::string, unsigned> cases[] = {
      {client_frame({fin | text, "unmasked", false}), 1002},
      {client_frame({fin | 0x40 | text, "rsv1 without an extension"}), 1002},
      {client_frame({fin | continuation, "nothing to continue"}), 1002},
      {client_frame({fin | close_op, close_payload_bytes(1005)}), 1002},
      {client_frame({fin | text, "bad \xff utf-8"}), 1007},
  };
  for (const auto& [bytes, code] : cases) {
    ProtocolServer server;
    auto client = open_raw(server.running.port());
    client.send(bytes);
    auto close_frame = client.read_frame();
    REQUIRE(close_frame);
    CHECK(close_frame->opcode == close_op);
    REQUIRE(close_frame->payload.size() >= 2);
    CHECK(close_frame->payload.substr(0, 2) == close_payload_bytes(code));
    CHECK(client.reads_end_of_stream());
    REQUIRE(server.wait_for_close());
    CHECK(server.close_report()->first == code);
  }
}

// --- Bad input on the wire (the catalogue in tests/README.md, section "Bad input") ---

namespace {

// A bystander on the same server: opened before the bad input, echoes after it.
void check_bystander_echoes(WsClient& bystander, const std::string& text) {
  REQUIRE_FALSE(bystander.send_text(text));
  auto echoed = bystander.read();
  REQUIRE(echoed);
  CHECK(echoed->data == text);
}

// A 64-bit length with the most significant bit set (RFC 6455 5.2 forbids it), masked.
std::string frame_with_top_bit_length() {
  std::string frame{static_cast<char>(fin | binary), static_cast<char>(0x80 | 127)};
  frame += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
  frame += std::string("\x37\xfa\x21\x3d", 4);
  return frame;
}

}  // namespace

TEST_CASE("bad opcodes, bad control frames and bad close frames over the wire: the close code, TCP closed, a bystander unaffected") {
  const std::pair<std::string, unsigned> cases[] = {
      {client_frame({fin | 0x3, "reserved data opcode"}), 1002},
      {client_frame({fin | 0xB, "reserved control opcode"}), 1002},
      {client_frame({ping, "a ping without FIN"}), 1002},
      {client_frame({fin | ping, std::string(126, 'p')}), 1002},
      {client_frame({text, "begun"}) + client_frame({fin | text, "a new message inside it"}), 1002},
      {client_frame({fin | close_op, close_payload_bytes(999)}), 1002},
      {client_frame({fin | close_op, close_payload_bytes(1000, "bad \xff reason")}), 1007},
      {frame_with_top_bit_length(), 1002},
  };
  for (const auto& [bytes, code] : cases) {
    CAPTURE(code);
    ProtocolServer server;
    WsClient bystander(server.running.port(), "/ws");
    REQUIRE(bystander.open());
    auto client = open_raw(server.running.port());
    client.send(bytes);
    auto close_frame = client.read_frame();
    REQUIRE(close_frame);
    CHECK(close_frame->opcode == close_op);
    REQUIRE(close_frame->payload.size() >= 2);
    CHECK(close_frame->payload.substr(0, 2) == close_payload_bytes(code));
    CHECK(client.reads_end_of_stream());
    check_bystander_echoes(bystander, "still here");
  }
}

TEST_CASE("server frames are never masked: text, ping answers, 16-bit lengths and close") {
  // RawClient::read_frame refuses a frame with the mask bit set (returns nullopt), so
  // each frame read here is proof that the server sent it unmasked (RFC 6455 5.1).
  ProtocolServer server;
  auto client = open_raw(server.running.port());
  client.send(client_frame({fin | text, "plain"}));
  auto echoed = client.read_frame();
  REQUIRE(echoed);
  CHECK(echoed->payload == "plain");
  client.send(client_frame({fin | ping, "are you there"}));
  auto pong_frame = client.read_frame();
  REQUIRE(pong_frame);
  CHECK(pong_frame->opcode == pong);
  client.send(client_frame({fin | text, "burst 1"}));
  auto long_frame = client.read_frame();
  REQUIRE(long_frame);
  CHECK(long_frame->payload.size() > 125);
  client.send(client_frame({fin | text, "close please"}));
  auto close_frame = client.read_frame();
  REQUIRE(close_frame);
  CHECK(close_frame->opcode == close_op);
  CHECK(close_frame->payload.substr(0, 2) == close_payload_bytes(4000));
}

TEST_CASE("slowloris: an upgrade whose headers trickle in is cut at the handshake timeout") {
  auto config = RunningServer::small_config();
  config.handshake_timeout = std::chrono::milliseconds(300);
  ProtocolServer server(config);
  WsClient bystander(server.running.port(), "/ws");
  REQUIRE(bystander.open());

  RawClient slow(server.running.port());
  // 400 bytes at one per 25 ms would take 10 s; the server must cut it long before.
  const std::string request = RawClient::upgrade_request("/ws", "X-Padding: " + std::string(300, 'a') + "\r\n");
  const auto started = std::chrono::steady_clock::now();
  bool cut = false;
  std::string answer;
  for (std::size_t i = 0; i < request.size() && !cut; ++i) {
    slow.try_send(std::string(1, request[i]));
    const auto got = slow.receive_available();  // without waiting
    if (got) answer += *got;
    cut = !got;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(cut);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  CHECK(answer.find("101") == std::string::npos);
  check_bystander_echoes(bystander, "after the slowloris");
}

TEST_CASE("a client that vanishes mid-write (TCP reset): close handler sees 1006, others are served") {
  ProtocolServer server;
  WsClient bystander(server.running.port(), "/ws");
  REQUIRE(bystander.open());
  {
    RawClient vanishing(server.running.port());
    vanishing.send(RawClient::upgrade_request("/ws"));
    vanishing.send(client_frame({fin | text, "burst 1000"}));  // ~2 MB back
    REQUIRE(vanishing.receive_at_least(16 * 1024));
    REQUIRE(vanishing.buffered().rfind("HTTP/1.1 101", 0) == 0);
    vanishing.reset();  // SO_LINGER 0: the server sees a TCP reset
  }
  REQUIRE(server.wait_for_close());
  CHECK(server.close_report()->first == 1006);
  CHECK(eventually([&] { return server.running.server.websockets().size() == 1; }));
  check_bystander_echoes(bystander, "after the reset");
}
