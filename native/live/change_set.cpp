#include "quest_live/live/change_set.hpp"

namespace quest_live::live {

ChangeSet ChangeSet::everything() {
  ChangeSet all;
  all.everything_ = true;
  return all;
}

ChangeSet::ChangeSet(std::vector<std::string> changed, std::vector<std::string> tracked) {
  for (auto& name : tracked) tracked_.insert(std::move(name));
  for (auto& name : changed) {
    tracked_.insert(name);
    changed_.insert(std::move(name));
  }
}

bool ChangeSet::affects(const Dependencies& dependencies) const {
  if (everything_ || dependencies.tainted) return true;
  for (const auto& name : dependencies.names) {
    if (changed_.count(name) || !tracked_.count(name)) return true;
  }
  return false;
}

ChangeSet ChangeSet::inside_loop(const std::vector<std::string>& variables) const {
  ChangeSet inner = *this;
  for (const auto& variable : variables) {
    inner.changed_.erase(variable);
    inner.tracked_.insert(variable);
  }
  return inner;
}


}  // namespace quest_live::live
