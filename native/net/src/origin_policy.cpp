#include "quest_live/net/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace quest_live::net {
namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

}  // namespace

std::optional<std::string> origin_authority(std::string_view origin) {
  const auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  std::string_view rest = origin.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('/'));
  if (rest.empty() || rest.find_first_of("@ \t") != std::string_view::npos) return std::nullopt;
  return lower(rest);
}

bool origin_allowed(std::optional<std::string_view> origin, std::string_view host_header,
                    const std::vector<std::string>& allow_list) {
  if (!origin) return true;
  for (const auto& allowed : allow_list) {
    if (allowed == "*" || equal_ignoring_case(allowed, *origin)) return true;
  }
  const auto authority = origin_authority(*origin);
  return authority && !host_header.empty() && equal_ignoring_case(*authority, host_header);
}

}  // namespace quest_live::net
