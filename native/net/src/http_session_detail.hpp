// Small request helpers shared by the parts of http_session (http_session*.cpp).
#pragma once

#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "http_request_checks.hpp"  // split_target, collect_headers, is_websocket_upgrade
#include "http_session.hpp"

namespace quest_live::net::http_session_detail {

inline std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

}  // namespace quest_live::net::http_session_detail
