// Turning what the application answers (HttpResponse, stream heads) into a response head
// that is safe to put on the wire: the application's headers are copied in order with
// repeats kept (Set-Cookie), except the framing fields the server owns and anything that
// could split the response.
#pragma once

#include <boost/beast/http/message.hpp>

#include <string>
#include <string_view>

#include "quest_live/net/http_app.hpp"

namespace quest_live::net {

using response_head = boost::beast::http::response_header<>;

// What copy_application_headers() found worth telling the session.
struct CopiedHeaders {
  bool asked_to_close = false;  // a "Connection: close" was among them
  bool has_server = false;      // the application named its own Server
  bool has_date = false;
};

// Appends `headers` to `head`. Drops Content-Length, Transfer-Encoding and Connection
// (the server frames the body and decides keep-alive; "Connection: close" is honoured
// through the result), names that are not HTTP tokens, and values holding CR, LF or NUL;
// each drop is logged under `subject`.
CopiedHeaders copy_application_headers(const HeaderList& headers, response_head& head,
                                       std::string_view subject);

// A status the application may answer with: 200..599 (1xx are not final answers; a
// bad status is answered 500 instead).
bool is_final_status(unsigned status);

// Statuses whose responses never carry a body (RFC 9110: 204, 304).
bool status_forbids_body(unsigned status);

// The current time as an HTTP date ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string http_date_now();

}  // namespace quest_live::net
