// Small request helpers shared by the parts of http_session (http_session*.cpp).
#pragma once

#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "http_session.hpp"

namespace quest_live::net::http_session_detail {

inline std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

// Path and query of a request target ("/a?b" -> "/a", "b").
inline std::pair<std::string, std::string> split_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {std::string(target), {}};
  return {std::string(target.substr(0, question)), std::string(target.substr(question + 1))};
}

// RFC 6455 section 4.2.1: a GET over HTTP/1.1 with "Connection: upgrade" and
// "Upgrade: websocket" (tokens, case-insensitive). Key and version are checked later,
// once the request has passed the server's own checks.
inline bool is_websocket_upgrade(const http_session::request& req) {
  namespace http = boost::beast::http;
  if (req.version() < 11 || req.method() != http::verb::get) return false;
  if (!http::token_list(req[http::field::connection]).exists("upgrade")) return false;
  return http::token_list(req[http::field::upgrade]).exists("websocket");
}

}  // namespace quest_live::net::http_session_detail
