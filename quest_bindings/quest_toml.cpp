#include "quest_toml.hpp"

namespace quest_bindings {

std::filesystem::path find_quest_toml(std::filesystem::path dir) {
  std::error_code ec;
  dir = std::filesystem::absolute(dir, ec);
  for (int level = 0; level < 20 && !dir.empty(); ++level) {
    const auto candidate = dir / "quest.toml";
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return {};
}

}  // namespace quest_bindings
