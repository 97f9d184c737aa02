// endpoint_bench: the channel layer alone, in process (no sockets): how many joins and
// events per second ChannelEndpoint decodes, dispatches and answers. Connections are
// in-memory sinks that count frames; the figures isolate the protocol layer from the
// transport that `bench/channels/run` measures end to end.
//
//   channels_endpoint_bench [--connections N] [--events N]
//
// Prints one line per scenario: name, operations, seconds, operations per second.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "quest_live/channels/endpoint.hpp"

using namespace quest_live;
using namespace quest_live::channels;

namespace {

class CountingConnection final : public Connection {
 public:
  explicit CountingConnection(std::string id) : id_(std::move(id)) {}
  const std::string& id() const override { return id_; }
  SendResult send(Frame, FrameKind) override {
    frames.fetch_add(1, std::memory_order_relaxed);
    return SendResult::ok;
  }
  void close(std::uint16_t, std::string) override {}
  std::atomic<std::size_t> frames{0};

 private:
  std::string id_;
};

// Presence flushes are not part of these scenarios: tasks are dropped.
class NullScheduler final : public Scheduler {
 public:
  void run_after(std::chrono::milliseconds, std::function<void()>) override {}
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report(const char* name, std::size_t operations, double seconds) {
  std::printf("%-28s %9zu ops %8.3f s %12.0f ops/s\n", name, operations, seconds, operations / seconds);
}

std::size_t parse_count(const char* text) {
  char* end = nullptr;
  const unsigned long value = std::strtoul(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value == 0) {
    std::fprintf(stderr, "channels_endpoint_bench: bad count '%s'\n", text);
    std::exit(2);
  }
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t connection_count = 20'000;
  std::size_t event_count = 400'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--connections") == 0) connection_count = parse_count(argv[i + 1]);
    else if (std::strcmp(argv[i], "--events") == 0) event_count = parse_count(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: channels_endpoint_bench [--connections N] [--events N]\n");
      return 2;
    }
  }
  EndpointOptions options;
  options.log = [](std::string_view) {};
  options.rate_limit.per_second = 0;
  int failures = 0;
  for (const bool async : {false, true}) {
    auto endpoint = ChannelEndpoint::create(std::make_shared<NullScheduler>(), options);
    ChannelHandlers handlers;
    if (async) {
      // The binding's path: bytes in, an answer through the responder (here at once).
      handlers.join_async = [](ChannelContext&, std::string_view payload, JoinResponder responder) {
        responder.answer(payload.size() > 2 ? JoinResult::accept() : JoinResult::refuse("empty"));
      };
      handlers.event_async = [](ChannelContext&, const std::string&, std::string_view payload,
                                EventResponder responder) { responder.reply(payload.size() > 2 ? Reply::ok() : Reply::error()); };
    } else {
      handlers.join = [](ChannelContext& context, const rapidjson::Value& payload) {
        const auto user = payload.FindMember("user");
        context.assigns()["user"] =
            user != payload.MemberEnd() && user->value.IsString() ? user->value.GetString() : "anon";
        return JoinResult::accept();
      };
      handlers.event = [](ChannelContext&, const std::string&, const rapidjson::Value& payload) -> EventResult {
        return payload.HasMember("body") ? Reply::ok() : Reply::error();
      };
    }
    endpoint->add_channel("bench:*", std::move(handlers));

    std::vector<std::shared_ptr<CountingConnection>> connections;
    connections.reserve(connection_count);
    for (std::size_t i = 0; i < connection_count; ++i) {
      connections.push_back(std::make_shared<CountingConnection>("connection-" + std::to_string(i)));
      endpoint->on_open(connections.back());
    }
    const std::string join = R"(["1","1","bench:a","phx_join",{"user":"somebody","token":"abcdefghijklmnop"}])";
    auto start = std::chrono::steady_clock::now();
    for (auto& connection : connections) endpoint->on_text(connection, join);
    report(async ? "join, async (bytes)" : "join, sync (DOM)", connection_count, seconds_since(start));

    const std::string event =
        R"(["1","2","bench:a","new_msg",{"body":"hello there, this is a chat message of a typical size","n":1}])";
    start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < event_count; ++i) endpoint->on_text(connections[i % connection_count], event);
    report(async ? "event+reply, async (bytes)" : "event+reply, sync (DOM)", event_count, seconds_since(start));

    std::size_t frames = 0;
    for (auto& connection : connections) frames += connection->frames.load();
    if (frames != connection_count + event_count) {
      std::fprintf(stderr, "channels_endpoint_bench: expected %zu frames, got %zu\n", connection_count + event_count,
                   frames);
      ++failures;
    }
    for (auto& connection : connections) endpoint->on_close(connection->id());
  }
  return failures == 0 ? 0 : 1;
}
