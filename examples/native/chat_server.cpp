// chat_server: the native engine's reference app and the fixture for the e2e suite and
// the benchmarks. Uses only public headers (quest_live/net, quest_live/ws,
// quest_live/channels, quest_live/pubsub).
//
//   chat_server [--host 127.0.0.1] [--port 4000] [--static DIR] [--assets DIR]
//               [--threads N] [--max-connections N] [--max-events-per-second N]
//               [--redis redis://127.0.0.1:6379]
//
// The channel endpoint stays at /socket (the e2e suite, the browser test and the
// benchmarks use it), not at the endpoint's default /ws. The per-connection event rate
// limit is off unless --max-events-per-second is given (the saturated fan-out benchmark
// publishes from one connection as fast as it can); the burst is twice the rate. With
// --redis, several chat_servers are one app: broadcasts and presence cross nodes through
// the native RedisAdapter (the benchmark's cross-node row).
//
// Endpoints, all on one port:
//   /socket/websocket  Phoenix Channels V2
//     room:*   join needs {"user": non-empty string}, else refused {"reason": ...};
//              presence per user with meta {"online_at": ms since epoch};
//              "new_msg" {"body"} broadcasts "new_msg" {"user", "body"}, replies ok
//     bench:*  same "new_msg"; any join payload; user from it or "anon"; no presence
//   /echo              raw WebSocket echo, text and binary
//   /assets/...        files of --assets DIR;   /...  files of --static DIR
//
// Prints "listening on http://HOST:PORT" once connections are accepted (tests wait for
// it). SIGINT / SIGTERM: graceful shutdown (clients get close 1001).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "quest_live/channels/endpoint.hpp"
#include "quest_live/net/server.hpp"
#include "quest_live/pubsub/redis_adapter.hpp"

using namespace quest_live;
using channels::ChannelContext;
using channels::EventResult;
using channels::JoinResult;
using channels::Reply;

namespace {

struct Options {
  net::ServerConfig server;
  channels::EndpointOptions channels;
  std::string redis_url;  // empty: one node; else broadcasts and presence go through Redis
  std::string static_dir;
  std::string assets_dir;
};

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "chat_server: %s\nusage: chat_server [--host H] [--port P] [--static DIR] "
               "[--assets DIR] [--threads N] [--max-connections N] [--max-events-per-second N] "
               "[--redis URL]\n",
               message);
  std::exit(2);
}

unsigned long parse_number(std::string_view flag, const char* text, unsigned long max) {
  char* end = nullptr;
  const unsigned long value = std::strtoul(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value > max) {
    usage((std::string("bad value for ") + std::string(flag)).c_str());
  }
  return value;
}

Options parse_options(int argc, char** argv) {
  Options options;
  options.server.port = 4000;
  options.server.max_connections = 100'000;  // the fan-out benchmark opens 10,000+
  options.channels.path = "/socket";
  options.channels.rate_limit.per_second = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) usage("missing value after a flag");
    const char* value = argv[++i];
    if (flag == "--host") options.server.host = value;
    else if (flag == "--port") options.server.port = static_cast<std::uint16_t>(parse_number(flag, value, 65535));
    else if (flag == "--static") options.static_dir = value;
    else if (flag == "--assets") options.assets_dir = value;
    else if (flag == "--threads") options.server.io_threads = static_cast<unsigned>(parse_number(flag, value, 1024));
    else if (flag == "--max-connections") options.server.max_connections = parse_number(flag, value, 10'000'000);
    else if (flag == "--redis") options.redis_url = value;
    else if (flag == "--max-events-per-second") {
      options.channels.rate_limit.per_second = static_cast<double>(parse_number(flag, value, 1'000'000));
      options.channels.rate_limit.burst = 2 * options.channels.rate_limit.per_second;
    }
    else usage("unknown flag");
  }
  return options;
}

// Many connections need many descriptors: raise the soft limit to the hard one.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

long long now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string json_object(std::initializer_list<std::pair<const char*, std::string_view>> fields) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  for (const auto& [key, value] : fields) {
    writer.Key(key);
    writer.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::optional<std::string> non_empty_string(const rapidjson::Value& payload, const char* key) {
  if (!payload.IsObject()) return std::nullopt;
  const auto member = payload.FindMember(key);
  if (member == payload.MemberEnd() || !member->value.IsString() ||
      member->value.GetStringLength() == 0) {
    return std::nullopt;
  }
  return std::string(member->value.GetString(), member->value.GetStringLength());
}

// "new_msg" {"body": string} -> broadcast "new_msg" {"user", "body"}, reply ok.
EventResult handle_new_msg(ChannelContext& context, const std::string& event,
                           const rapidjson::Value& payload) {
  if (event != "new_msg") return Reply::error(json_object({{"reason", "unknown event"}}));
  if (!payload.IsObject() || !payload.HasMember("body") || !payload["body"].IsString()) {
    return Reply::error(json_object({{"reason", "body must be a string"}}));
  }
  const auto& body = payload["body"];
  context.broadcast("new_msg", json_object({{"user", context.assigns()["user"]},
                                            {"body", {body.GetString(), body.GetStringLength()}}}));
  return Reply::ok();
}

JoinResult join_room(ChannelContext& context, const rapidjson::Value& payload) {
  const auto user = non_empty_string(payload, "user");
  if (!user) return JoinResult::refuse("user is required");
  context.assigns()["user"] = *user;
  context.track(*user, "{\"online_at\":" + std::to_string(now_ms()) + "}");
  context.push_presence_state();
  return JoinResult::accept();
}

JoinResult join_bench(ChannelContext& context, const rapidjson::Value& payload) {
  context.assigns()["user"] = non_empty_string(payload, "user").value_or("anon");
  return JoinResult::accept();
}

// Presence flushes run on the server's own timers.
class ServerScheduler : public channels::Scheduler {
 public:
  explicit ServerScheduler(net::Server& server) : server_(server) {}
  void run_after(std::chrono::milliseconds delay, std::function<void()> task) override {
    server_.run_after(delay, std::move(task));
  }

 private:
  net::Server& server_;
};

void route_channels(net::Server& server, const std::shared_ptr<channels::ChannelEndpoint>& endpoint) {
  endpoint->add_channel("room:*", {.join = join_room, .event = handle_new_msg, .leave = {}});
  endpoint->add_channel("bench:*", {.join = join_bench, .event = handle_new_msg, .leave = {}});
  server.websockets().route(endpoint->options().websocket_path(), {
      .on_open = [endpoint](const ws::WebSocketConnectionPtr& c) { endpoint->on_open(c); },
      .on_message =
          [endpoint](const ws::WebSocketConnectionPtr& c, std::string_view data, FrameKind kind) {
            if (kind == FrameKind::text) endpoint->on_text(c, data);
            else endpoint->on_binary(c, data);
          },
      .on_close = [endpoint](const ws::WebSocketConnectionPtr& c, std::uint16_t,
                             std::string_view) { endpoint->on_close(c->id()); },
      .on_error = {},
  });
}

void route_echo(net::Server& server) {
  server.websockets().route("/echo", {
      .on_open = {},
      .on_message =
          [](const ws::WebSocketConnectionPtr& c, std::string_view data, FrameKind kind) {
            c->send(make_frame(std::string(data)), kind);
          },
      .on_close = {},
      .on_error = {},
  });
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  raise_open_file_limit();
  try {
    net::Server server(options.server);
    std::shared_ptr<pubsub::PubSubAdapter> adapter = std::make_shared<pubsub::LocalAdapter>();
    if (!options.redis_url.empty()) adapter = pubsub::RedisAdapter::create({.url = options.redis_url});
    auto endpoint = channels::ChannelEndpoint::create(std::make_shared<ServerScheduler>(server),
                                                      options.channels, adapter);
    route_channels(server, endpoint);
    route_echo(server);
    if (!options.assets_dir.empty()) server.serve_static("/assets/", options.assets_dir);
    if (!options.static_dir.empty()) server.serve_static("/", options.static_dir);

    server.start();
    server.stop_on_signals();
    std::cout << "listening on http://" << options.server.host << ":" << server.port()
              << std::endl;
    server.wait();
    std::cout << "stopped" << std::endl;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "chat_server: %s\n", error.what());
    return 1;
  }
  return 0;
}
