// Serving defaults from `[std.web]` in quest.toml (toml++), found by searching from a
// directory upward (at most 20 levels, like upstream's std/conf). Keys:
//   host (Str), port (Int), max_body_size (Int, bytes), request_timeout (Int, seconds),
//   handler_budget_ms (Int), max_connections (Int), allowed_origins (Array of Str).
// A key of the wrong type is an error naming the file and key. `env` (development /
// production) is read by app_env.hpp, `secret_key_base` by live_module.cpp.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "web_app.hpp"

namespace quest_bindings {

class ServeConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServeConfig {
  ServeOptions options;
  std::optional<std::chrono::milliseconds> handler_budget;
  std::filesystem::path file;  // the quest.toml read, empty when none
};

// `options` overlaid with what quest.toml says. Throws ServeConfigError.
ServeConfig load_serve_config(const std::filesystem::path& start_dir, ServeOptions options = {});

}  // namespace quest_bindings
