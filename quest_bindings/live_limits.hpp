// Per-socket limits of the LiveView socket (std/web/liveview): the [std.web.liveview]
// keys of quest.toml, and the two token buckets every socket checks its frames against.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace quest_bindings {

// What quest.toml says; a key it does not set stays nullopt (liveview.q owns the
// defaults, so lv.configure and the file overlay the same table).
struct LiveLimitsToml {
  std::optional<double> rate_limit, rate_burst, hard_rate_limit, hard_rate_burst;
  std::optional<std::int64_t> max_event_bytes, max_frame_bytes;
  std::optional<std::int64_t> token_max_age;  // seconds a page's tokens join with (>= 1)
};

// [std.web.liveview] of the quest.toml found from `start_dir` upward. A negative number,
// a key of the wrong type or an unknown key throws std::invalid_argument naming the
// file, the section and the key; so does a token_max_age below 1.
LiveLimitsToml load_live_limits(const std::filesystem::path& start_dir);

// One socket's frame budget: a soft bucket (rate per second, burst) whose overflow is
// answered with an error reply, inside a hard one whose overflow closes the socket.
// A rate of 0 switches that bucket off. Not synchronized: one socket's frames arrive
// one at a time on the interpreter.
class FrameBudget {
 public:
  enum class Verdict { Ok = 0, OverSoft = 1, OverHard = 2 };
  FrameBudget(double rate, double burst, double hard_rate, double hard_burst)
      : soft_{rate, burst, burst}, hard_{hard_rate, hard_burst, hard_burst} {}
  Verdict take(std::chrono::steady_clock::time_point now);

 private:
  struct Bucket {
    double rate, burst, tokens;
    bool take(double elapsed_seconds);
  };
  Bucket soft_, hard_;
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace quest_bindings
