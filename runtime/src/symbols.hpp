// Interned names: method and field names become small integers once, at resolve time,
// so dispatch compares integers instead of strings.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ast.hpp"

namespace quest {

class SymbolTable {
 public:
  Symbol intern(std::string_view name) {
    auto it = ids_.find(std::string(name));
    if (it != ids_.end()) return it->second;
    Symbol id = static_cast<Symbol>(names_.size());
    names_.emplace_back(name);
    ids_.emplace(names_.back(), id);
    return id;
  }
  // Returns false when the name was never interned (so no table can contain it).
  bool find(std::string_view name, Symbol& out) const {
    auto it = ids_.find(std::string(name));
    if (it == ids_.end()) return false;
    out = it->second;
    return true;
  }
  const std::string& name(Symbol s) const { return names_[s]; }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, Symbol> ids_;
};

}  // namespace quest
