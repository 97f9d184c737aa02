#include "app_env.hpp"

#include <cstdlib>

#include "quest_toml.hpp"

namespace quest_bindings {

namespace {

AppEnv parse(const std::string& value, const std::string& source) {
  if (value == "development") return {false, source};
  if (value == "production") return {true, source};
  throw AppEnvError(source + " must be \"development\" or \"production\", got \"" + value + "\"");
}

}  // namespace

AppEnv resolve_app_env(const std::filesystem::path& start_dir) {
  if (const char* given = std::getenv("QUEST_ENV"); given && *given) return parse(given, "QUEST_ENV");
  const std::filesystem::path file = find_quest_toml(start_dir);
  if (file.empty()) return {};
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    throw AppEnvError(file.string() + ": " + std::string(error.description()));
  }
  const toml::table* web = root["std"]["web"].as_table();
  if (!web) return {};
  auto value = read_toml<std::string, AppEnvError>(*web, "std.web", "env", file);
  if (!value) return {};
  return parse(*value, file.string() + ": [std.web] env");
}

}  // namespace quest_bindings
