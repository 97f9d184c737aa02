// A token bucket for one connection's frames (EndpointOptions::rate_limit). Not
// synchronized: only the connection's own frames, which the transport serializes, use it.
// 8 bytes per connection: the tokens as a float and the last refill in milliseconds of the
// steady clock (32 bits wrap after 49 days; a wrapped difference only refills early).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "quest_live/channels/endpoint.hpp"

namespace quest_live::channels::detail {

class RateLimiter {
 public:
  // Takes one token; false if the bucket is empty (the frame is over the limit).
  bool take(const EventRateLimit& limit, std::chrono::steady_clock::time_point now) {
    if (limit.per_second <= 0) return true;
    const auto now_ms = static_cast<std::uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
    if (tokens_ < 0) {
      tokens_ = static_cast<float>(limit.burst);
    } else {
      const std::uint32_t elapsed = now_ms - last_ms_;
      tokens_ = static_cast<float>(std::min<double>(limit.burst, tokens_ + elapsed * limit.per_second / 1000.0));
    }
    last_ms_ = now_ms;
    if (tokens_ < 1.0f) return false;
    tokens_ -= 1.0f;
    return true;
  }

 private:
  float tokens_ = -1;  // negative: no frame seen yet (the bucket starts full)
  std::uint32_t last_ms_ = 0;
};

}  // namespace quest_live::channels::detail
