// Test helper: runs Quest source in a fresh Vm and captures what it prints.
#pragma once

#include <string>

#include "quest/vm.hpp"

namespace quest::testing {

struct RunResult {
  std::string out;         // everything written to stdout
  std::string error_type;  // "" when the program finished normally
  std::string error_message;
};

inline RunResult run(const std::string& source) {
  RunResult result;
  Vm vm;
  vm.set_stdout_writer([&](std::string_view s) { result.out.append(s); });
  try {
    vm.run_source(source, "<test>");
  } catch (const QuestError& e) {
    result.error_type = e.type();
    result.error_message = e.message();
  }
  return result;
}

// The output of a program that must not fail.
inline std::string output_of(const std::string& source) {
  RunResult r = run(source);
  if (!r.error_type.empty()) return "<" + r.error_type + ": " + r.error_message + ">";
  return r.out;
}

}  // namespace quest::testing
