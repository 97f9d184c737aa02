// Which names changed since the client's last render, and which names are tracked at all.
//
// A slot is re-evaluated when it is tainted, when it reads a changed name, or when it
// reads a name that is not tracked (a module variable, a function, a module): only
// assigns are tracked, and anything the engine cannot see change is assumed to change.
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "quest_live/live/template.hpp"

namespace quest_live::live {

class ChangeSet {
 public:
  // Every slot is affected: a full render.
  static ChangeSet everything();
  // `changed` ⊆ `tracked`; names in `changed` that are not in `tracked` are tracked too.
  ChangeSet(std::vector<std::string> changed, std::vector<std::string> tracked);

  bool affects(const Dependencies& dependencies) const;
  bool is_everything() const { return everything_; }
  bool nothing_changed() const { return !everything_ && changed_.empty(); }

  // The same changes seen inside a loop body whose variables are bound to an item that
  // did not change: the loop variables become tracked and unchanged.
  ChangeSet inside_loop(const std::vector<std::string>& variables) const;

 private:
  ChangeSet() = default;
  bool everything_ = false;
  std::unordered_set<std::string> changed_;
  std::unordered_set<std::string> tracked_;
};

}  // namespace quest_live::live
