// What http_session decides from a parsed request before any I/O: where the target's
// path ends, which headers the application sees, and whether it asks for a WebSocket.
// Pure functions over Beast's request type, kept apart so they are fuzzed and
// unit-tested without sockets (tests/fuzz/http_request_fuzz.cpp).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "quest_live/ws/websocket_connection.hpp"

namespace quest_live::net {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;

// "/a/b?x=1" -> {"/a/b", "x=1"}; no '?' -> {target, ""}.
std::pair<std::string, std::string> split_target(std::string_view target);

// A request target the application can be given as text: UTF-8 (RFC 3986 wants ASCII
// with %-escapes, but Beast's parser passes raw bytes >= 0x80 through, and a path or
// route parameter that is not UTF-8 cannot become a Quest Str). Not UTF-8 -> 400.
bool is_text_target(std::string_view target);

// Every header with its name lower-cased; a repeated name keeps its last value.
ws::Headers collect_headers(const http_request& req);

// RFC 6455 section 4.2.1: a GET over HTTP/1.1 with "Connection: upgrade" and
// "Upgrade: websocket" (tokens, case-insensitive). Key and version are checked later,
// once the request has passed the server's own checks.
bool is_websocket_upgrade(const http_request& req);

}  // namespace quest_live::net
