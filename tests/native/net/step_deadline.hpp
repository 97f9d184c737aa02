// How long any one network step of a test client may take: a guard against hanging,
// not a timing assertion (a step that passes it fails the test instead of blocking).
#pragma once

#include <chrono>

namespace quest_live::test {

inline constexpr std::chrono::seconds step_deadline{15};

}  // namespace quest_live::test
