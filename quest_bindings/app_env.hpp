// The app's environment, as Phoenix's MIX_ENV and Rails' RAILS_ENV: "development" (the
// default, as `mix phx.server` and `rails server`) or "production". It decides what a
// user sees of a server error: in development the error page (HTTP, LiveView dead
// render) and the LiveView error overlay show the Quest error and its stack; in
// production only the log has them.
// Chosen by, first to answer: QUEST_ENV (empty counts as unset), `[std.web] env` in
// the nearest quest.toml, else development. Any other value is an error naming where it
// came from.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

namespace quest_bindings {

class AppEnvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AppEnv {
  bool production = false;
  std::string source = "default";  // "QUEST_ENV", "FILE [std.web] env" or "default"

  const char* name() const { return production ? "production" : "development"; }
  // "development (default)", "production (QUEST_ENV)": the startup log line's words.
  std::string describe() const { return std::string(name()) + " (" + source + ")"; }
};

// Throws AppEnvError for a value other than development / production, or an unreadable
// quest.toml.
AppEnv resolve_app_env(const std::filesystem::path& start_dir);

}  // namespace quest_bindings
