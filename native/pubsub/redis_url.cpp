// parse_redis_url: the one place a Redis url is read.
#include <charconv>
#include <stdexcept>
#include <string>

#include "quest_live/pubsub/redis_adapter.hpp"

namespace quest_live::pubsub {

RedisAddress parse_redis_url(std::string_view url) {
  auto fail = [&](const char* what) {
    throw std::invalid_argument("redis url \"" + std::string(url) + "\": " + what +
                                " (expected redis://[:password@]host[:port][/db])");
  };
  constexpr std::string_view scheme = "redis://";
  if (url.substr(0, scheme.size()) != scheme) fail("must start with redis://");
  std::string_view rest = url.substr(scheme.size());
  RedisAddress address;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = rest.substr(0, at);
    const auto colon = credentials.find(':');
    address.password = std::string(colon == std::string_view::npos ? credentials : credentials.substr(colon + 1));
    rest = rest.substr(at + 1);
  }
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    unsigned number = 0;
    if (!db.empty()) {
      const auto [end, error] = std::from_chars(db.data(), db.data() + db.size(), number);
      if (error != std::errc() || end != db.data() + db.size()) fail("the database must be a number");
    }
    rest = rest.substr(0, slash);
  }
  std::string_view host = rest;
  if (const auto colon = rest.rfind(':'); colon != std::string_view::npos && rest.find(']') == std::string_view::npos) {
    host = rest.substr(0, colon);
    const std::string_view port = rest.substr(colon + 1);
    unsigned value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      fail("the port must be a number from 1 to 65535");
    }
    address.port = static_cast<std::uint16_t>(value);
  }
  if (host.empty()) fail("the host is missing");
  address.host = std::string(host);
  return address;
}

}  // namespace quest_live::pubsub
