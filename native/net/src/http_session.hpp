// One TCP connection speaking HTTP/1.1: static files, the application's requests, streamed
// responses, and the WebSocket upgrade.
//
// One request at a time (keep-alive; a pipelined request is read only once the previous
// response is written). Dispatch, in order: a WebSocket upgrade on a routed path (or any
// upgrade when no application handler is set) is checked (Origin, upgrade hook, connection
// limit) and, when accepted, the socket is handed to a ws_session and this object ends; a
// GET/HEAD that a static mount answers with a file; everything else goes to the
// application's handler (404 without one).
//
// Waiting for the application: the session keeps a request sequence number and a timer
// (request_timeout) on its strand; the timer's handler is what keeps the session alive
// meanwhile. Answers arrive through post_to() (app_responder, app_stream,
// upgrade_decider_state) and are written only if their sequence is the one waiting.
//
// Streaming: after the head, a small read stays pending so the client's EOF ends the
// stream; a streamed response is the last on its connection (Connection: close).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

#include "hub.hpp"

namespace quest_live::net {

class app_responder;
class app_stream;
class upgrade_decider_state;

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  http_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub);
  ~http_session();
  void run();

  // From any thread: runs `task` on the session's strand if the session and the server's
  // io_context still exist, else `if_gone` (on an I/O thread, or here when the server is
  // gone). Two hops, the io_context then the strand, so that no application thread ever
  // holds the session or a copy of its strand: either could outlive the io_context.
  // Returns false when the task could not be posted at all.
  static bool post_to(const std::weak_ptr<Server::Hub>& hub, std::weak_ptr<http_session> session,
                      std::function<void(http_session&)> task,
                      std::function<void()> if_gone = {});

  // Strand only, through post_to(). Each ignores an answer for a request no longer waiting.
  void deliver_response(std::uint64_t sequence, HttpResponse response);
  void begin_stream(std::uint64_t sequence, unsigned status, HeaderList headers,
                    std::shared_ptr<app_stream> stream);
  void drain_stream();
  void deliver_upgrade_decision(std::uint64_t sequence, UpgradeDecision decision);

 private:
  // http_session.cpp: reading, static files, writing plain responses.
  void do_read();
  void on_header(boost::beast::error_code error, std::size_t bytes);
  void read_body();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void answer_read_error(boost::beast::error_code error);
  void dispatch(request&& req);
  bool serve_file(const request& req);
  void send_status(const request& req, unsigned status, std::string body,
                   const HeaderList& headers = {});
  void send_status_and_close(unsigned status, std::string body);
  template <class Response>
  void send(Response&& response);
  void on_write(bool close, boost::beast::error_code error, std::size_t bytes);
  void do_close();

  // http_session_app.cpp: the application's requests and answers.
  void dispatch_to_app(request&& req);
  void arm_answer_timer(std::function<void()> on_timeout);
  void on_answer_timeout();
  void write_app_response(HttpResponse&& response);
  void finish_in_flight();

  // http_session_stream.cpp: streamed responses.
  void on_stream_written(std::size_t payload_bytes, bool final, boost::beast::error_code error);
  void do_stream_read();
  void on_stream_read(boost::beast::error_code error, std::size_t bytes);
  void end_stream(bool graceful);

  // http_session_upgrade.cpp: the WebSocket upgrade.
  struct AcceptedUpgrade {
    boost::beast::http::response<boost::beast::http::empty_body> response;
    ws::ConnectionInfo info;
    const ws::WebSocketHandlers* handlers = nullptr;
  };
  struct PendingUpgrade {
    request req;
    UpgradeRequest upgrade;
  };
  void handle_upgrade(request&& req);
  void ask_async_upgrade_hook(request&& req, UpgradeRequest&& upgrade);
  void on_upgrade_decision_timeout();
  void continue_upgrade(request&& req, UpgradeRequest&& upgrade);
  std::optional<UpgradeDecision> check_upgrade_preconditions(const UpgradeRequest& upgrade,
                                                             const request& req) const;
  std::optional<UpgradeDecision> check_handshake_fields(const request& req) const;
  void on_upgrade_written(AcceptedUpgrade upgrade, boost::beast::error_code error);

  // Facts of the request being answered that its response needs.
  struct Answering {
    unsigned version = 11;
    bool keep_alive = true;
    bool head = false;
  };

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<Server::Hub> hub_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> response_in_flight_;
  std::string remote_address_;
  std::string client_ip_;
  bool first_request_ = true;

  // Waiting for the application (a response, a stream, an upgrade decision).
  boost::asio::steady_timer answer_timer_;
  std::uint64_t sequence_ = 0;          // the request waiting; answers for others are ignored
  bool awaiting_answer_ = false;        // a response or stream for sequence_
  bool in_flight_counted_ = false;      // counted in Hub::requests_in_flight
  Answering answering_;
  std::weak_ptr<app_responder> responder_;
  std::unique_ptr<PendingUpgrade> pending_upgrade_;  // set while an async hook decides
  std::weak_ptr<upgrade_decider_state> decider_;

  // Streaming (set from begin_stream until end_stream).
  std::shared_ptr<app_stream> app_stream_;
  std::string stream_out_;              // bytes of the write in flight (head, chunks)
  bool stream_write_in_flight_ = false;
  bool stream_head_only_ = false;       // a HEAD request: the head, then the end
  std::unique_ptr<std::array<char, 512>> stream_read_buffer_;  // discarded client bytes
};

}  // namespace quest_live::net
