// Real network clients for Quest test suites: a WebSocket client (ws.test_client) and a
// one-shot HTTP request (web.test_request). Each runs its own io_context on its own
// thread, so the Quest side can wait for it while pumping the interpreter loop (the
// server under test runs in the same process and needs that loop to answer).
//
// No Beast or Asio here: the implementation lives in test_clients.cpp, the only
// translation unit of quest_bindings that includes Beast (it is slow to compile).
// Every member is thread-safe; results are polled (done / pop) by the waiting side.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace quest_bindings {

using HeaderPairs = std::vector<std::pair<std::string, std::string>>;

// ws:// URL split into its parts; nullopt (with `error` set) when it is not one.
struct ClientUrl {
  std::string scheme;  // "ws" or "http"
  std::string host;
  std::string port;
  std::string target;  // path + query, "/" at least
};
std::optional<ClientUrl> parse_client_url(const std::string& url, const std::string& scheme, std::string& error);

class WebSocketTestClient {
 public:
  enum class State { idle, connecting, open, closed, failed };
  struct Message {
    std::string data;
    bool binary = false;
  };

  // `notify` runs on the client's thread after every change of state or new message
  // (the waiting side uses it to wake its loop); may be empty.
  WebSocketTestClient(ClientUrl url, HeaderPairs headers, std::function<void()> notify = {});
  ~WebSocketTestClient();
  WebSocketTestClient(const WebSocketTestClient&) = delete;
  WebSocketTestClient& operator=(const WebSocketTestClient&) = delete;

  // Starts connecting (resolve, TCP, handshake); state() leaves `connecting` when done.
  void connect();
  State state() const;
  std::string error() const;              // why it failed, "" otherwise
  unsigned handshake_status() const;      // the HTTP status of a refused handshake, else 0
  void send(std::string data, bool binary);
  // Starts the closing handshake after the queued sends.
  void close(std::uint16_t code, std::string reason);
  std::optional<Message> pop();
  bool has_message() const;
  // The close code and reason the peer sent (1006 when the link dropped), once closed.
  std::uint16_t close_code() const;
  std::string close_reason() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

struct HttpTestResponse {
  bool done = false;
  std::string error;  // "" on success
  unsigned status = 0;
  HeaderPairs headers;  // names lower-cased
  std::string body;
};

// A one-shot HTTP/1.1 request (Connection: close). Thread-safe; poll done().
class HttpTestRequest {
 public:
  // `notify` runs on the request's thread once the answer (or failure) is in.
  HttpTestRequest(ClientUrl url, std::string method, HeaderPairs headers, std::string body,
                  std::function<void()> notify = {});
  ~HttpTestRequest();
  bool done() const;
  HttpTestResponse result() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace quest_bindings
