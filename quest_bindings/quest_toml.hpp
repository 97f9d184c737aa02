// quest.toml, shared by every section the bindings read ([std.web], [std.web.channels],
// [std.web.pubsub]): where the file is, and typed reads whose errors name the file, the
// section and the key.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <string>

namespace quest_bindings {

// The nearest quest.toml from `start_dir` upward (at most 20 levels), or an empty path.
std::filesystem::path find_quest_toml(std::filesystem::path start_dir);

// `key` of `table` as a T; nullopt when absent. A value of another type throws `Error`
// with "FILE: [SECTION] KEY has the wrong type".
template <class T, class Error>
std::optional<T> read_toml(const toml::table& table, const char* section, const char* key,
                           const std::filesystem::path& file) {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  if (auto value = node->value<T>()) return value;
  throw Error(file.string() + ": [" + section + "] " + key + " has the wrong type");
}

}  // namespace quest_bindings
