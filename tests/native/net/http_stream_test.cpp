// Streamed responses (SSE) over real HTTP: chunks in order, the end of a stream from
// every side (close(), the client leaving, the server stopping, a client too slow), HEAD
// and HTTP/1.0, and that request_timeout no longer applies once a stream has begun.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "app_requests.hpp"
#include "http_client.hpp"

using namespace quest_live;
using namespace quest_live::test;

namespace {

const net::HeaderList event_stream_headers{{"Content-Type", "text/event-stream"},
                                           {"Cache-Control", "no-cache"}};

// A stream started for `pending`, with an on_close that counts. The counter is shared
// with the callback: on_close runs on an I/O thread and may come after a test's locals
// are gone (ASan found the increment landing in a destroyed StartedStream).
struct StartedStream {
  StartedStream(PendingRequest& pending, unsigned status = 200)
      : stream(pending.responder->stream(status, event_stream_headers)) {
    REQUIRE(stream);
    stream->on_close([count = closes] { ++*count; });
  }
  std::shared_ptr<net::HttpStream> stream;
  std::shared_ptr<std::atomic<int>> closes = std::make_shared<std::atomic<int>>(0);
  const std::atomic<int>& closed = *closes;
};

net::ServerConfig config_with(const std::function<void(net::ServerConfig&)>& change) {
  auto config = RunningServer::small_config();
  change(config);
  return config;
}

}  // namespace

TEST_CASE("a stream's writes arrive in order as chunks, and close() ends it with the final chunk") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/events", "Accept: text/event-stream\r\n"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  CHECK(pending->responder->answered());
  auto head = client.read_head();
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->header("content-type") == "text/event-stream");
  CHECK(head->header("transfer-encoding") == "chunked");
  CHECK(head->header("connection") == "close");
  CHECK(head->count("content-length") == 0);

  const std::vector<std::string> events{"data: one\n\n", "data: two\n\n", "id: 3\ndata: three\n\n"};
  for (const auto& event : events) CHECK(started.stream->write(event));
  std::string received;
  while (received.size() < 41) {
    auto chunk = client.read_chunk();
    REQUIRE(chunk);
    REQUIRE(!chunk->empty());
    received += *chunk;
  }
  CHECK(received == events[0] + events[1] + events[2]);
  CHECK(started.stream->write(""));  // an empty write is a no-op, not the end
  started.stream->close();
  CHECK_FALSE(started.stream->is_open());
  CHECK_FALSE(started.stream->write("after close"));
  auto last = client.read_chunk();
  REQUIRE(last);
  CHECK(last->empty());
  CHECK(client.reads_end_of_stream());
  CHECK(eventually([&] { return started.closed == 1; }));
}

TEST_CASE("writes from another thread, one chunk each when the client keeps up") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/ticks"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  REQUIRE(client.read_head());
  std::thread writer([stream = started.stream] {
    for (int i = 0; i < 20; ++i) {
      stream->write("tick " + std::to_string(i) + "\n");
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    stream->close();
  });
  std::string received;
  for (;;) {
    auto chunk = client.read_chunk();
    REQUIRE(chunk);
    if (chunk->empty()) break;
    received += *chunk;
  }
  writer.join();
  std::string expected;
  for (int i = 0; i < 20; ++i) expected += "tick " + std::to_string(i) + "\n";
  CHECK(received == expected);
}

TEST_CASE("a client that closes while streaming fires on_close once; later writes fail") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/events"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  REQUIRE(client.read_head());
  CHECK(started.stream->write("data: hello\n\n"));
  CHECK(client.read_chunk() == std::optional<std::string>("data: hello\n\n"));
  client.close();
  CHECK(eventually([&] { return started.closed == 1; }));
  CHECK_FALSE(started.stream->is_open());
  CHECK_FALSE(started.stream->write("data: to nobody\n\n"));
  started.stream->close();
  CHECK(started.closed == 1);
  std::atomic<int> late{0};
  started.stream->on_close([&] { ++late; });  // set after the end: runs at once
  CHECK(late == 1);
}

TEST_CASE("a graceful stop ends open streams with their final chunk before the drain ends") {
  AppRequests app;
  auto running = std::make_unique<RunningServer>(
      RunningServer::small_config(), [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection first(running->port());
  HttpConnection second(running->port());
  first.send(HttpConnection::request("GET", "/a"));
  auto pending_first = app.next();
  second.send(HttpConnection::request("GET", "/b"));
  auto pending_second = app.next();
  REQUIRE(pending_first);
  REQUIRE(pending_second);
  StartedStream stream_first(*pending_first);
  StartedStream stream_second(*pending_second);
  REQUIRE(first.read_head());
  REQUIRE(second.read_head());
  stream_first.stream->write("data: queued before stop\n\n");

  std::thread stopper([&] { running->server.stop(); });
  CHECK(first.read_chunk() == std::optional<std::string>("data: queued before stop\n\n"));
  CHECK(first.read_chunk() == std::optional<std::string>(""));
  CHECK(second.read_chunk() == std::optional<std::string>(""));
  first.close();
  second.close();
  stopper.join();
  CHECK(stream_first.closed == 1);
  CHECK(stream_second.closed == 1);
}

TEST_CASE("a client that does not read overflows max_stream_queue_bytes: the stream is closed") {
  AppRequests app;
  RunningServer running(config_with([](auto& config) { config.max_stream_queue_bytes = 64 * 1024; }),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection slow(running.port());
  slow.shrink_receive_buffer();
  slow.send(HttpConnection::request("GET", "/firehose"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  const std::string chunk(16 * 1024, 'x');
  int accepted = 0;
  // Bounded: the kernel buffers of both ends take a few MiB at most.
  while (accepted < 4000 && started.stream->write(chunk)) {
    ++accepted;
    if (accepted % 16 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CHECK(accepted < 4000);
  CHECK_FALSE(started.stream->is_open());
  CHECK(eventually([&] { return started.closed == 1; }));

  // A healthy client of the same server is unaffected.
  HttpConnection healthy(running.port());
  healthy.send(HttpConnection::request("GET", "/ok"));
  auto next = app.next();
  REQUIRE(next);
  next->responder->respond(text_response(200, "fine"));
  CHECK(healthy.read_response()->body == "fine");
}

TEST_CASE("a paced stream to a client that stopped reading overflows once its write is stuck") {
  AppRequests app;
  RunningServer running(config_with([](auto& config) { config.max_stream_queue_bytes = 64 * 1024; }),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection slow(running.port());
  slow.shrink_receive_buffer();
  slow.send(HttpConnection::request("GET", "/paced"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  const std::string chunk(8 * 1024, 'y');
  int accepted = 0;
  // Paced so each chunk is written before the next: the queue only grows once the
  // kernel's buffers are full and the session's write can no longer complete.
  while (accepted < 4000 && started.stream->write(chunk)) {
    ++accepted;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  CHECK(accepted > 8);  // more than the queue limit went out before the client stalled
  CHECK(accepted < 4000);
  CHECK(eventually([&] { return started.closed == 1; }));
}

TEST_CASE("request_timeout does not apply to a stream once it has begun") {
  AppRequests app;
  RunningServer running(config_with([](auto& config) { config.request_timeout = std::chrono::milliseconds(100); }),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/long"));
  auto pending = app.next();
  REQUIRE(pending);
  StartedStream started(*pending);
  REQUIRE(client.read_head()->status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(started.stream->write("data: still here\n\n"));
  CHECK(client.read_chunk() == std::optional<std::string>("data: still here\n\n"));
  CHECK(started.closed == 0);
  started.stream->close();
  CHECK(eventually([&] { return started.closed == 1; }));
}

TEST_CASE("a stream answering HEAD sends the head only; HTTP/1.0 gets a raw body ended by the close") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  {
    HttpConnection client(running.port());
    client.send(HttpConnection::request("HEAD", "/events"));
    auto pending = app.next();
    REQUIRE(pending);
    StartedStream started(*pending);
    auto head = client.read_head();
    REQUIRE(head);
    CHECK(head->header("content-type") == "text/event-stream");
    CHECK(client.reads_end_of_stream());
    CHECK(eventually([&] { return started.closed == 1; }));
    CHECK_FALSE(started.stream->write("x"));
  }
  {
    HttpConnection client(running.port());
    client.send("GET /old HTTP/1.0\r\n\r\n");
    auto pending = app.next();
    REQUIRE(pending);
    CHECK(pending->request.version == "HTTP/1.0");
    StartedStream started(*pending);
    started.stream->write("raw one,");
    started.stream->write("raw two");
    started.stream->close();
    auto response = client.read_response();  // no Content-Length: read to the close
    REQUIRE(response);
    CHECK(response->count("transfer-encoding") == 0);
    CHECK(response->body == "raw one,raw two");
    CHECK(eventually([&] { return started.closed == 1; }));
  }
}

TEST_CASE("stream() after the client has gone, or after an answer, returns null") {
  AppRequests app;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.on_request(app.handler()); });
  HttpConnection client(running.port());
  client.send(HttpConnection::request("GET", "/x"));
  auto pending = app.next();
  REQUIRE(pending);
  pending->responder->respond(text_response(200, "plain"));
  CHECK(pending->responder->stream(200, {}) == nullptr);
  CHECK(client.read_response()->body == "plain");
}
