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
//
// What the server does with an answer (native/net/src/http_session_app.cpp):
// - status must be 200..599 (else 500 and a log line); 204/304 and HEAD get no body, HEAD
//   keeps the Content-Length of the body it would have had;
// - headers are written in order, repeats kept; the server drops Content-Length,
//   Transfer-Encoding and Connection (it frames the body and decides keep-alive; a
//   "Connection: close" is honoured) and any field with a non-token name or CR/LF/NUL in
//   its value (logged); it adds Server and Date unless given;
// - a client that leaves while the application decides is noticed only when the answer is
//   written (plain responses read nothing meanwhile: HTTP/1.1 ordering);
// - request_timeout <= 0 waits without limit; a graceful stop waits for answers in flight
//   up to shutdown_drain_timeout (they then say Connection: close).
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
// encoding, no Content-Length (HTTP/1.0 clients get the raw bytes, ended by the close).
// A stream is the last response on its connection (its head says Connection: close); a
// HEAD request gets the head only, then the stream ends. Thread-safe; write() queues and
// returns at once. The stream stays open until close(), the client leaving, an overflow
// or the server stopping (a graceful stop ends it with its final chunk); dropping the
// last application reference does not end it.
class HttpStream {
 public:
  virtual ~HttpStream() = default;
  // Queues `chunk`. false when the stream is closed, or when the client is so slow that
  // the queue passed ServerConfig::max_stream_queue_bytes (the stream is then closed
  // without its final chunk). Bytes count until written. An empty chunk is a no-op.
  virtual bool write(std::string chunk) = 0;
  // Ends the body after what is queued; idempotent.
  virtual void close() = 0;
  virtual bool is_open() const = 0;
  // Runs once, on an I/O thread, when the stream ends for any reason (close(), client
  // gone, server stopping). Set it right after stream(); a callback set after the end
  // runs at once on the caller's thread. A stream still open when the server's threads
  // have ended (a client that stopped reading at the drain deadline) reports its end on
  // the thread that destroys the server's I/O objects (Server::wait()).
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
  // True once an answer was given (or the server gave one: timeout, 500 on a throw).
  virtual bool answered() const = 0;
};

using HttpResponderPtr = std::shared_ptr<HttpResponder>;

// Runs on an I/O thread. Must return quickly: hand the work to another thread. An
// exception escaping it is logged and answered 500.
using HttpHandler = std::function<void(HttpRequest request, HttpResponderPtr responder)>;

}  // namespace quest_live::net
