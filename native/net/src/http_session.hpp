// One TCP connection speaking HTTP/1.1: static files, and the WebSocket upgrade.
//
// Reads one request at a time (keep-alive). An upgrade request to a routed path is
// checked (Origin, upgrade hook, connection limit) and, when accepted, the socket is
// handed to a ws_session and this object ends. Everything else is answered here.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <memory>
#include <optional>

#include "hub.hpp"

namespace quest_live::net {

class http_session : public std::enable_shared_from_this<http_session> {
 public:
  using request = boost::beast::http::request<boost::beast::http::string_body>;

  http_session(boost::asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub);
  void run();

 private:
  void do_read();
  void on_read(boost::beast::error_code error, std::size_t bytes);
  void on_write(bool close, boost::beast::error_code error, std::size_t bytes);
  void do_close();

  // An upgrade that passed every check, while its 101 response is being written.
  struct AcceptedUpgrade {
    boost::beast::http::response<boost::beast::http::empty_body> response;
    ws::ConnectionInfo info;
    const ws::WebSocketHandlers* handlers = nullptr;
  };

  void handle_upgrade(request&& req);
  std::optional<UpgradeDecision> check_handshake_fields(const request& req) const;
  void on_upgrade_written(AcceptedUpgrade upgrade, boost::beast::error_code error);
  std::optional<UpgradeDecision> check_upgrade(const UpgradeRequest& upgrade,
                                               const request& req) const;
  void serve_file(const request& req);
  void send_status(const request& req, unsigned status, std::string body);

  template <class Response>
  void send(Response&& response);

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<Server::Hub> hub_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  std::shared_ptr<void> response_in_flight_;
  std::string remote_address_;
  bool first_request_ = true;
};

}  // namespace quest_live::net
