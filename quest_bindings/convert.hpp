// Every conversion between Quest values and the engine's plain data, in one place:
// JSON both ways, form-urlencoded text and query strings, cookies, the request dict a
// handler receives and the response dict it returns, and outgoing WebSocket frames.
//
// All functions run on the loop thread (they create or read Quest values). Decoding
// choices, stated once:
//   - form bodies and query strings: split on '&', then on the first '='; '+' is a
//     space and %XX is decoded in names and values (a malformed escape stays as
//     written); an item without '=' maps to ""; empty items are skipped; a repeated
//     name keeps its LAST value (as upstream's query dict does).
//   - cookies: the Cookie header split on ';' and the first '=', names and values
//     trimmed, values not decoded (as upstream).
//   - request body: a Str when it is valid UTF-8, otherwise Bytes (never corrupted).
//   - response: `json` wins over `body` and keeps Content-Type application/json unless
//     the handler set a Content-Type itself; a Str body without a Content-Type gets
//     `text/html; charset=utf-8`, a Bytes body `application/octet-stream`.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "quest/vm.hpp"
#include "quest_live/connection.hpp"
#include "quest_live/net/http_app.hpp"
#include "quest_live/net/server.hpp"

namespace quest_bindings {

// A response dict the server cannot send; the message is what the log and the 500 say.
class InvalidResponse : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ---- JSON ----
// Compact JSON through quest/json.hpp (Dicts in insertion order; NaN, cycles and
// values without a JSON form raise).
std::string to_json(quest::Vm& vm, const quest::Value& value);
// Appends the same text to `out` (for frames built around a payload).
void append_json(quest::Vm& vm, const quest::Value& value, std::string& out);
// Parses JSON text into Quest values; raises a Quest ValueErr on bad input.
quest::Value from_json(quest::Vm& vm, std::string_view text);

// ---- text formats ----
bool is_valid_utf8(std::string_view text);
// '+' -> ' ', %XX decoded; a malformed escape is kept as written.
std::string form_unescape(std::string_view text);
// "a=1&b=x+y" -> {a: "1", b: "x y"} (rules above).
quest::Value form_dict(std::string_view text);
quest::Value cookie_dict(std::string_view cookie_header);

// ---- HTTP ----
// The request dict of the serve semantics (§5.1) plus `form` for urlencoded bodies.
quest::Value request_dict(const quest_live::net::HttpRequest& request);
// The same shape for an upgrade request (body "", method "GET").
quest::Value upgrade_request_dict(const quest_live::net::UpgradeRequest& request);
// A response dict (§5.2) as an HTTP response. Throws InvalidResponse (or QuestError
// from JSON encoding) when the dict cannot be sent.
quest_live::net::HttpResponse response_from_dict(quest::Vm& vm, const quest::Value& response);
// A plain-text response the server builds itself (404, 500, ...).
quest_live::net::HttpResponse plain_response(unsigned status, std::string body);
// An authorize result that is a response dict, as an upgrade refusal.
quest_live::net::UpgradeDecision refusal_from_dict(quest::Vm& vm, const quest::Value& response);

// ---- WebSocket ----
// A message to send: Str -> text frame, Bytes -> binary frame, Array/Dict -> compact
// JSON text. Anything else raises a Quest TypeErr from `function`.
quest_live::Frame message_frame(quest::Vm& vm, const quest::Value& message,
                                quest_live::FrameKind& kind, std::string_view function);

}  // namespace quest_bindings
