// A ChannelEndpoint with a small chat-like channel, recording connections and a manual
// scheduler: the transport's side of the seam, played by the test.
#pragma once

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "test_support.hpp"

namespace quest_live::test {

using namespace quest_live::channels;

struct EndpointFixture {
  std::shared_ptr<ManualScheduler> scheduler = std::make_shared<ManualScheduler>();
  std::mutex record_mutex;  // handlers may run on several threads at once
  std::vector<std::string> log_lines;
  std::vector<std::pair<std::string, LeaveReason>> leaves;  // (topic, reason)
  std::shared_ptr<ChannelEndpoint> endpoint;

  explicit EndpointFixture(std::size_t max_channels = 100) {
    EndpointOptions options;
    options.max_frame_bytes = 4096;
    options.max_channels_per_connection = max_channels;
    options.log = [this](std::string_view line) {
      std::lock_guard lock(record_mutex);
      log_lines.emplace_back(line);
    };
    endpoint = ChannelEndpoint::create(scheduler, options);
    endpoint->add_channel("room:*", room_handlers());
    endpoint->add_channel("lobby", {.join = [](ChannelContext&, const rapidjson::Value&) { return JoinResult::accept(); }});
  }

  ChannelHandlers room_handlers() {
    ChannelHandlers handlers;
    handlers.join = [](ChannelContext& context, const rapidjson::Value& payload) {
      if (payload.HasMember("explode")) throw std::runtime_error("join bug");
      if (!payload.HasMember("user") || !payload["user"].IsString()) return JoinResult::refuse("user required");
      const std::string user = payload["user"].GetString();
      context.assigns()["user"] = user;
      context.push("welcome", R"({"hello":")" + user + "\"}");
      if (payload.HasMember("presence")) {
        context.track(user, R"({"online_at":1})");
        context.push_presence_state();
      }
      return JoinResult::accept(R"({"joined_as":")" + user + "\"}");
    };
    handlers.event = [](ChannelContext& context, const std::string& event, const rapidjson::Value& payload) -> EventResult {
      if (event == "new_msg") {
        context.broadcast("new_msg", R"({"user":")" + context.assigns()["user"] + "\"}");
        return Reply::ok(R"({"sent":true})");
      }
      if (event == "shout") {
        context.broadcast_from("shout", "{}");
        return std::nullopt;
      }
      if (event == "whoami") return Reply::ok(R"({"user":")" + context.assigns()["user"] + "\"}");
      if (event == "crash") throw std::runtime_error("handler bug");
      return Reply::error(reason_json("unknown event"));
    };
    handlers.leave = [this](ChannelContext& context, LeaveReason reason) {
      std::lock_guard lock(record_mutex);
      leaves.emplace_back(context.topic(), reason);
    };
    return handlers;
  }

  std::shared_ptr<RecordingConnection> connect(const std::string& id) {
    auto connection = std::make_shared<RecordingConnection>(id);
    endpoint->on_open(connection);
    return connection;
  }

  void send(const std::shared_ptr<RecordingConnection>& connection, const std::string& frame) {
    endpoint->on_text(connection, frame);
  }

  // Joins `topic` as `user` with ref `ref` and forgets the frames the join produced.
  void join(const std::shared_ptr<RecordingConnection>& connection, const std::string& topic,
            const std::string& user, const std::string& ref = "1") {
    send(connection, "[\"" + ref + "\",\"" + ref + "\",\"" + topic + "\",\"phx_join\",{\"user\":\"" + user + "\"}]");
    connection->take();
  }

  std::vector<SentFrame> take(const std::shared_ptr<RecordingConnection>& connection) {
    return parse_frames(connection->take());
  }
};

}  // namespace quest_live::test
