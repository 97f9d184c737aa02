#include "http_request_checks.hpp"

#include "utf8_validator.hpp"

#include <boost/beast/http/rfc7230.hpp>

#include <algorithm>
#include <cctype>

namespace quest_live::net {

namespace http = boost::beast::http;

namespace {

std::string lower(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

}  // namespace

std::pair<std::string, std::string> split_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {std::string(target), {}};
  return {std::string(target.substr(0, question)), std::string(target.substr(question + 1))};
}

bool is_text_target(std::string_view target) { return is_valid_utf8(target); }

ws::Headers collect_headers(const http_request& req) {
  ws::Headers headers;
  for (const auto& field : req) {
    headers.insert_or_assign(lower(field.name_string()), std::string(field.value()));
  }
  return headers;
}

bool is_websocket_upgrade(const http_request& req) {
  if (req.version() < 11 || req.method() != http::verb::get) return false;
  if (!http::token_list(req[http::field::connection]).exists("upgrade")) return false;
  return http::token_list(req[http::field::upgrade]).exists("websocket");
}

}  // namespace quest_live::net
