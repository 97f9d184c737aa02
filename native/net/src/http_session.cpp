#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "app_stream.hpp"
#include "http_session_detail.hpp"
#include "log.hpp"
#include "quest_live/net/static_files.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace http_session_detail;

namespace {

std::pair<std::string, std::string> describe(const asio::ip::tcp::socket& socket) {
  boost::system::error_code error;
  const auto endpoint = socket.remote_endpoint(error);
  if (error) return {"unknown", "unknown"};
  const auto ip = endpoint.address().to_string();
  return {ip + ":" + std::to_string(endpoint.port()), ip};
}

bool is_http_syntax_error(beast::error_code error) {
  return error.category() == beast::error_code(http::error::bad_target).category();
}

}  // namespace

http_session::http_session(asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub)
    : stream_(std::move(socket)), hub_(std::move(hub)), answer_timer_(stream_.get_executor()) {
  std::tie(remote_address_, client_ip_) = describe(stream_.socket());
}

http_session::~http_session() {
  finish_in_flight();
  if (app_stream_) app_stream_->finish();
}

void http_session::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

bool http_session::post_to(const std::weak_ptr<Server::Hub>& hub, std::weak_ptr<http_session> session,
                           std::function<void(http_session&)> task, std::function<void()> if_gone) {
  const auto server = hub.lock();
  const bool posted =
      server && server->post_from_any_thread([session = std::move(session), task = std::move(task),
                                              if_gone]() mutable {
        auto self = session.lock();
        if (!self) {
          if (if_gone) if_gone();
          return;
        }
        asio::dispatch(self->stream_.get_executor(),
                       [self, task = std::move(task)]() mutable { task(*self); });
      });
  if (!posted && if_gone) if_gone();
  return posted;
}

void http_session::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_->config.max_request_header_bytes));
  parser_->body_limit(static_cast<std::uint64_t>(hub_->config.max_request_body_bytes));
  // The first request must arrive within the handshake timeout; later ones are keep-alive.
  stream_.expires_after(first_request_ ? hub_->config.handshake_timeout
                                       : hub_->config.http_keep_alive_timeout);
  first_request_ = false;
  http::async_read_header(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&http_session::on_header, shared_from_this()));
}

// The head is in (and within limits, including an announced body size): a client that
// asked "Expect: 100-continue" is told to send its body, then the body is read.
void http_session::on_header(beast::error_code error, std::size_t bytes) {
  if (error) return on_read(error, bytes);
  if (parser_->is_done()) return on_read(error, bytes);
  const auto expect = parser_->get()[http::field::expect];
  if (!beast::iequals(expect, "100-continue")) return read_body();
  static const std::string continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
  asio::async_write(stream_, asio::buffer(continue_line),
                    [self = shared_from_this()](beast::error_code write_error, std::size_t) {
                      if (!write_error) self->read_body();
                    });
}

void http_session::read_body() {
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code error, std::size_t) {
  if (error == http::error::end_of_stream) return do_close();
  if (error) return answer_read_error(error);
  dispatch(parser_->release());
}

// A request that cannot be parsed, or is over a limit, gets its status and the end of
// the connection: the rest of what the client sends is not read.
void http_session::answer_read_error(beast::error_code error) {
  if (error == http::error::body_limit) {
    return send_status_and_close(413, "request body too large");
  }
  if (error == http::error::header_limit) {
    return send_status_and_close(431, "request header fields too large");
  }
  if (is_http_syntax_error(error) && error != http::error::partial_message) {
    return send_status_and_close(400, "malformed request: " + error.message());
  }
  if (error != beast::error::timeout && error != asio::error::operation_aborted &&
      error != asio::error::connection_reset && error != http::error::partial_message) {
    log_line("info", remote_address_, "http read: " + error.message());
  }
  // Timeout or a client gone mid-request: the socket closes with this session.
}

void http_session::dispatch(request&& req) {
  if (!is_text_target(req.target())) {
    return send_status_and_close(400, "malformed request: the request target is not UTF-8");
  }
  if (is_websocket_upgrade(req)) {
    const auto path = split_target(req.target()).first;
    if (hub_->manager.handlers_for(path) || !hub_->request_handler) {
      return handle_upgrade(std::move(req));
    }
  }
  if (serve_file(req)) return;
  if (hub_->request_handler) return dispatch_to_app(std::move(req));
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return send_status(req, 405, "method not allowed");
  }
  send_status(req, 404, "not found");
}

// True when a static mount answered (the file, or 403 for a path that escapes the
// mount). A missing file is not an answer: the application may have the path.
bool http_session::serve_file(const request& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) return false;
  const auto path = split_target(req.target()).first;
  const StaticMount* mount = hub_->static_mount_for(path);
  if (!mount) return false;
  const auto file = resolve_static_path(mount->directory,
                                        std::string_view(path).substr(mount->url_prefix.size()));
  if (!file) {
    send_status(req, 403, "forbidden");
    return true;
  }
  http::file_body::value_type body;
  beast::error_code error;
  if (!std::filesystem::is_regular_file(*file) ||
      (body.open(file->c_str(), beast::file_mode::scan, error), error)) {
    return false;
  }
  const auto size = body.size();
  const auto type = content_type_for(*file);
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> response{http::status::ok, req.version()};
    response.set(http::field::content_type, type);
    response.content_length(size);
    response.keep_alive(req.keep_alive());
    send(std::move(response));
    return true;
  }
  http::response<http::file_body> response{std::piecewise_construct,
                                            std::make_tuple(std::move(body)),
                                            std::make_tuple(http::status::ok, req.version())};
  response.set(http::field::content_type, type);
  response.content_length(size);
  response.keep_alive(req.keep_alive());
  send(std::move(response));
  return true;
}

void http_session::send_status(const request& req, unsigned status, std::string body,
                               const HeaderList& headers) {
  http::response<http::string_body> response{static_cast<http::status>(status), req.version()};
  for (const auto& [name, value] : headers) {
    if (value.find_first_of("\r\n") == std::string::npos) response.insert(name, value);
  }
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  if (status == 405) response.set(http::field::allow, "GET, HEAD");
  if (status == 426) response.set(http::field::sec_websocket_version, "13");
  response.body() = std::move(body);
  response.body() += "\n";
  response.prepare_payload();
  // A refused upgrade ends the connection: the client asked for a different protocol.
  response.keep_alive(req.keep_alive() && !is_websocket_upgrade(req));
  send(std::move(response));
}

void http_session::send_status_and_close(unsigned status, std::string body) {
  http::response<http::string_body> response{static_cast<http::status>(status), 11};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(body) + "\n";
  response.prepare_payload();
  response.keep_alive(false);
  send(std::move(response));
}

template <class Response>
void http_session::send(Response&& response) {
  if (response.find(http::field::server) == response.end()) {
    response.set(http::field::server, "quest-live");
  }
  auto held = std::make_shared<std::decay_t<Response>>(std::forward<Response>(response));
  response_in_flight_ = held;
  stream_.expires_after(hub_->config.handshake_timeout);
  http::async_write(stream_, *held,
                    beast::bind_front_handler(&http_session::on_write, shared_from_this(),
                                              held->need_eof()));
}

template void http_session::send(http::response<http::string_body>&&);
template void http_session::send(http::response<http::empty_body>&&);

void http_session::on_write(bool close, beast::error_code error, std::size_t) {
  response_in_flight_.reset();
  finish_in_flight();
  if (error) return;
  if (close || hub_->stopping) return do_close();
  do_read();
}

void http_session::do_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace quest_live::net
