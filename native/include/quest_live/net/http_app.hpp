// The application side of HTTP: requests the server does not answer itself (static
// files, WebSocket upgrades on routed paths) go to one handler, which answers through a
// thread-safe responder, now or later, from any thread.
//
// This is what lets an interpreter on its own thread serve HTTP: the handler runs on an
// I/O thread, copies the request into a task for the interpreter and returns at once;
// the interpreter answers later with respond() or stream(). The I/O thread never waits.
//
// Lifetimes: the responder is shared by the session and the application. If the last
// application reference goes away without an answer, the server answers 500. If the
// application does not answer within ServerConfig::request_timeout, the server answers
// 503 and later answers are ignored. A response to a client that has gone is dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace quest_live::net {

// Header fields in order, names as given. Repeats are kept (Set-Cookie).
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;          // as sent: "GET", "POST", ...
  std::string target;          // as sent: path plus "?query"
  std::string path;            // target before '?', not percent-decoded
  std::string query;           // after '?', "" when absent
  std::string version;         // "HTTP/1.1" or "HTTP/1.0"
  std::string remote_address;  // "ip:port"
  std::string client_ip;       // "ip", no port
  HeaderList headers;          // names lower-cased, in arrival order, repeats kept
  std::string body;            // the whole body; at most ServerConfig::max_request_body_bytes
  std::string request_id;      // short unique id for log lines
};

struct HttpResponse {
  unsigned status = 200;
  HeaderList headers;  // Content-Length is computed by the server; do not set it
  std::string body;
};

// A streamed response body (Server-Sent Events, long downloads): chunked transfer
// encoding, no Content-Length. Thread-safe; write() queues and returns at once.
class HttpStream {
 public:
  virtual ~HttpStream() = default;
  // Queues `chunk`. false when the stream is closed, or when the client is so slow that
  // the queue passed ServerConfig::max_stream_queue_bytes (the stream is then closed).
  virtual bool write(std::string chunk) = 0;
  // Ends the body after what is queued; idempotent.
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Runs once, on an I/O thread, when the stream ends for any reason (close(), client
  // gone, server stopping). Set it right after stream(); a callback set after the end
  // runs at once on the caller's thread.
  virtual void on_close(std::function<void()> callback) = 0;
};

class HttpResponder {
 public:
  virtual ~HttpResponder() = default;
  // A complete response. Only the first answer (respond or stream) counts.
  virtual void respond(HttpResponse response) = 0;
  // Starts a streamed response with this status and these headers; nullptr when an
  // answer was already given or the client is gone.
  virtual std::shared_ptr<HttpStream> stream(unsigned status, HeaderList headers) = 0;
  // True once an answer was given (or the server gave one: timeout, client gone).
  virtual bool answered() const = 0;
};

using HttpResponderPtr = std::shared_ptr<HttpResponder>;

// Runs on an I/O thread. Must return quickly: hand the work to another thread.
using HttpHandler = std::function<void(HttpRequest request, HttpResponderPtr responder)>;

}  // namespace quest_live::net
