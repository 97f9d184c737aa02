// The scenarios the oracle replays: a root template, component templates, and a sequence
// of assigns snapshots. Shared by live_oracle_driver (and readable as a specification).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace live_oracle {

struct Step {
  std::string assigns;                          // JSON object
  std::map<int, std::string> component_assigns;  // cid -> JSON object
  std::optional<std::string> title;
  std::vector<std::pair<std::string, std::string>> events;  // name, JSON payload
};

struct Scenario {
  std::string name;
  std::string root_template;
  std::map<int, std::string> component_templates;
  std::vector<Step> steps;  // the first is the join
};

std::vector<Scenario> all_scenarios();

}  // namespace live_oracle
