#include "live_limits.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "quest_toml.hpp"

namespace quest_bindings {

namespace {

constexpr const char* kSection = "std.web.liveview";

template <class T>
std::optional<T> non_negative(const toml::table& table, const char* key, const std::filesystem::path& file) {
  auto value = read_toml<T, std::invalid_argument>(table, kSection, key, file);
  if (value && *value < 0)
    throw std::invalid_argument(file.string() + ": [" + kSection + "] " + key + " must not be negative");
  return value;
}

// toml++ reads `rate_limit = 10` as an integer: accept both spellings of a number.
std::optional<double> number(const toml::table& table, const char* key, const std::filesystem::path& file) {
  const toml::node* node = table.get(key);
  if (node && node->is_integer()) {
    if (auto v = non_negative<std::int64_t>(table, key, file)) return static_cast<double>(*v);
    return std::nullopt;
  }
  return non_negative<double>(table, key, file);
}

}  // namespace

LiveLimitsToml load_live_limits(const std::filesystem::path& start_dir) {
  LiveLimitsToml limits;
  const std::filesystem::path file = find_quest_toml(start_dir);
  if (file.empty()) return limits;
  toml::table root;
  try {
    root = toml::parse_file(file.string());
  } catch (const toml::parse_error& error) {
    throw std::invalid_argument(file.string() + ": " + std::string(error.description()));
  }
  const toml::table* table = root["std"]["web"]["liveview"].as_table();
  if (!table) return limits;
  for (const auto& [key, node] : *table) {
    const std::string_view name = key.str();
    if (name != "rate_limit" && name != "rate_burst" && name != "hard_rate_limit" && name != "hard_rate_burst" &&
        name != "max_event_bytes" && name != "max_frame_bytes" && name != "token_max_age")
      throw std::invalid_argument(file.string() + ": [" + kSection + "] unknown key " + std::string(name));
  }
  limits.rate_limit = number(*table, "rate_limit", file);
  limits.rate_burst = number(*table, "rate_burst", file);
  limits.hard_rate_limit = number(*table, "hard_rate_limit", file);
  limits.hard_rate_burst = number(*table, "hard_rate_burst", file);
  limits.max_event_bytes = non_negative<std::int64_t>(*table, "max_event_bytes", file);
  limits.max_frame_bytes = non_negative<std::int64_t>(*table, "max_frame_bytes", file);
  limits.token_max_age = read_toml<std::int64_t, std::invalid_argument>(*table, kSection, "token_max_age", file);
  if (limits.token_max_age && *limits.token_max_age < 1)
    throw std::invalid_argument(file.string() + ": [" + kSection + "] token_max_age must be at least 1 (seconds)");
  return limits;
}

bool FrameBudget::Bucket::take(double elapsed_seconds) {
  if (rate <= 0) return true;
  tokens = std::min(burst, tokens + elapsed_seconds * rate);
  if (tokens < 1.0) return false;
  tokens -= 1.0;
  return true;
}

FrameBudget::Verdict FrameBudget::take(std::chrono::steady_clock::time_point now) {
  const double elapsed = last_ ? std::chrono::duration<double>(now - *last_).count() : 0.0;
  last_ = now;
  // The hard bucket is charged for every frame, so a client flooding past the soft limit
  // still drains it and is closed; the soft one only for frames the hard one let through.
  if (!hard_.take(elapsed)) return Verdict::OverHard;
  if (!soft_.take(elapsed)) return Verdict::OverSoft;
  return Verdict::Ok;
}

}  // namespace quest_bindings
