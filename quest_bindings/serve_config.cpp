#include "serve_config.hpp"

#include "quest_toml.hpp"

namespace quest_bindings {

namespace {

template <class T>
std::optional<T> read(const toml::table& table, const char* key, const std::filesystem::path& file) {
  return read_toml<T, ServeConfigError>(table, "std.web", key, file);
}

}  // namespace

ServeConfig load_serve_config(const std::filesystem::path& start_dir, ServeOptions options) {
  ServeConfig config;
  config.options = std::move(options);
  config.file = find_quest_toml(start_dir);
  if (config.file.empty()) return config;
  toml::table root;
  try {
    root = toml::parse_file(config.file.string());
  } catch (const toml::parse_error& error) {
    throw ServeConfigError(config.file.string() + ": " + std::string(error.description()));
  }
  const toml::table* web = root["std"]["web"].as_table();
  if (!web) return config;
  const auto& file = config.file;
  ServeOptions& o = config.options;
  if (auto v = read<std::string>(*web, "host", file)) o.host = *v;
  if (auto v = read<std::int64_t>(*web, "port", file)) {
    if (*v < 0 || *v > 65535) throw ServeConfigError(file.string() + ": [std.web] port out of range");
    o.port = static_cast<int>(*v);
  }
  if (auto v = read<std::int64_t>(*web, "max_body_size", file)) o.max_body_bytes = static_cast<std::size_t>(*v);
  if (auto v = read<std::int64_t>(*web, "request_timeout", file)) o.request_timeout = std::chrono::seconds(*v);
  if (auto v = read<std::int64_t>(*web, "max_connections", file)) o.max_connections = static_cast<std::size_t>(*v);
  if (auto v = read<std::int64_t>(*web, "handler_budget_ms", file)) config.handler_budget = std::chrono::milliseconds(*v);
  if (const toml::array* origins = (*web)["allowed_origins"].as_array()) {
    for (const auto& item : *origins) {
      auto text = item.value<std::string>();
      if (!text) throw ServeConfigError(file.string() + ": [std.web] allowed_origins must hold strings");
      o.allowed_origins.push_back(*text);
    }
  }
  return config;
}

}  // namespace quest_bindings
