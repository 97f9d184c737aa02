// [std.web.channels] and [std.web.pubsub] from quest.toml (see channels_hub.hpp).
#include "quest_toml.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "channels_hub.hpp"

namespace quest_bindings {

namespace {

template <class T>
std::optional<T> read(const toml::table& table, const char* section, const char* key,
                      const std::filesystem::path& file) {
  return read_toml<T, std::invalid_argument>(table, section, key, file);
}

std::int64_t non_negative(std::int64_t value, const char* section, const char* key, const std::filesystem::path& file) {
  if (value < 0) throw std::invalid_argument(file.string() + ": [" + section + "] " + key + " must not be negative");
  return value;
}

}  // namespace

ChannelsSettings load_channels_settings(const std::filesystem::path& start_dir) {
  ChannelsSettings settings;
  settings.config_file = find_quest_toml(start_dir);
  if (settings.config_file.empty()) return settings;
  const auto& file = settings.config_file;
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    throw std::invalid_argument(file.string() + ": " + std::string(error.description()));
  }
  if (const toml::table* channels = root["std"]["web"]["channels"].as_table()) {
    const char* s = "std.web.channels";
    auto& o = settings.endpoint;
    if (auto v = read<std::string>(*channels, s, "path", file)) {
      if (v->empty() || v->front() != '/') throw std::invalid_argument(file.string() + ": [" + s + "] path must start with '/'");
      o.path = *v;
    }
    if (auto v = read<std::int64_t>(*channels, s, "max_channels", file))
      o.max_channels_per_connection = static_cast<std::size_t>(non_negative(*v, s, "max_channels", file));
    if (auto v = read<double>(*channels, s, "rate_limit", file)) {
      o.rate_limit.per_second = static_cast<double>(non_negative(static_cast<std::int64_t>(*v), s, "rate_limit", file));
      o.rate_limit.burst = 2 * o.rate_limit.per_second;
    }
    if (auto v = read<double>(*channels, s, "rate_burst", file))
      o.rate_limit.burst = static_cast<double>(non_negative(static_cast<std::int64_t>(*v), s, "rate_burst", file));
    if (auto v = read<std::int64_t>(*channels, s, "max_frame_bytes", file))
      o.max_frame_bytes = static_cast<std::size_t>(non_negative(*v, s, "max_frame_bytes", file));
    if (auto v = read<std::int64_t>(*channels, s, "reply_timeout_ms", file))
      o.reply_timeout = std::chrono::milliseconds(non_negative(*v, s, "reply_timeout_ms", file));
    if (auto v = read<std::int64_t>(*channels, s, "presence_window_ms", file))
      o.presence_window = std::chrono::milliseconds(non_negative(*v, s, "presence_window_ms", file));
    const auto max_window = read<std::int64_t>(*channels, s, "presence_max_window_ms", file);
    if (max_window) o.presence_max_window = std::chrono::milliseconds(non_negative(*max_window, s, "presence_max_window_ms", file));
    // A base window above the default maximum alone raises the maximum with it; an
    // explicit maximum below the base window is a mistake.
    if (!max_window) o.presence_max_window = std::max(o.presence_max_window, o.presence_window);
    if (o.presence_max_window < o.presence_window)
      throw std::invalid_argument(file.string() + ": [" + s + "] presence_max_window_ms (" +
                                  std::to_string(o.presence_max_window.count()) +
                                  ") must not be below presence_window_ms (" +
                                  std::to_string(o.presence_window.count()) + ")");
  }
  if (const toml::table* pubsub = root["std"]["web"]["pubsub"].as_table()) {
    const char* s = "std.web.pubsub";
    if (auto v = read<std::string>(*pubsub, s, "adapter", file)) {
      if (*v != "local" && *v != "redis")
        throw std::invalid_argument(file.string() + ": [" + s + "] adapter must be \"local\" or \"redis\", got \"" + *v + "\"");
      settings.adapter = *v;
    }
    if (auto v = read<std::string>(*pubsub, s, "url", file)) {
      quest_live::pubsub::parse_redis_url(*v);  // throws invalid_argument naming the problem
      settings.redis.url = *v;
    }
    if (auto v = read<std::string>(*pubsub, s, "channel", file)) settings.redis.channel = *v;
    if (auto v = read<std::string>(*pubsub, s, "node_id", file)) {
      settings.redis.node_id = *v;
      // The workers of `quest serve --workers N` read the same file but are N nodes: a
      // shared id would make each drop the others' broadcasts as its own echoes.
      if (const char* worker = std::getenv("QUEST_SERVE_WORKER")) settings.redis.node_id += std::string("-w") + worker;
    }
    // Presence across nodes: how often this node says it is alive, and how long the
    // others wait before dropping its presences (a test makes them short).
    auto& replication = settings.endpoint.presence_replication;
    if (auto v = read<std::int64_t>(*pubsub, s, "presence_heartbeat_ms", file))
      replication.heartbeat_interval = std::chrono::milliseconds(non_negative(*v, s, "presence_heartbeat_ms", file));
    if (auto v = read<std::int64_t>(*pubsub, s, "presence_timeout_ms", file))
      replication.heartbeat_timeout = std::chrono::milliseconds(non_negative(*v, s, "presence_timeout_ms", file));
    if (replication.heartbeat_interval.count() <= 0 || replication.heartbeat_timeout <= replication.heartbeat_interval)
      throw std::invalid_argument(file.string() + ": [" + s + "] presence_timeout_ms (" +
                                  std::to_string(replication.heartbeat_timeout.count()) +
                                  ") must exceed a positive presence_heartbeat_ms (" +
                                  std::to_string(replication.heartbeat_interval.count()) + ")");
  }
  return settings;
}

}  // namespace quest_bindings
