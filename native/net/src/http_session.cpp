#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "accept_key.hpp"
#include "connection_id.hpp"
#include "http_request_checks.hpp"
#include "log.hpp"
#include "quest_live/net/origin_policy.hpp"
#include "quest_live/net/static_files.hpp"
#include "ws_session.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// The request headers a connection keeps for the application: the handshake's own
// fields are useless after it and would cost memory on every connection.
void drop_handshake_headers(ws::Headers& headers) {
  for (const char* name : {"sec-websocket-key", "sec-websocket-version",
                           "sec-websocket-extensions", "upgrade", "connection"}) {
    headers.erase(name);
  }
}

// Hands a socket to a socket type bound to its own strand, so that the WebSocket session
// posts and completes through a concrete executor instead of the type-erased one.
std::optional<ws_session::socket_type> rebind_to_strand(asio::ip::tcp::socket&& socket,
                                                        asio::io_context& io,
                                                        boost::system::error_code& error) {
  const auto* strand = socket.get_executor().target<ws_session::strand_type>();
  const ws_session::strand_type executor = strand ? *strand : asio::make_strand(io);
  const auto endpoint = socket.local_endpoint(error);
  if (error) return std::nullopt;
  const auto handle = socket.release(error);
  if (error) return std::nullopt;
  return ws_session::socket_type(executor, endpoint.protocol(), handle);
}

std::string describe(const asio::ip::tcp::socket& socket) {
  boost::system::error_code error;
  const auto endpoint = socket.remote_endpoint(error);
  if (error) return "unknown";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

http_session::http_session(asio::ip::tcp::socket&& socket, std::shared_ptr<Server::Hub> hub)
    : stream_(std::move(socket)), hub_(std::move(hub)) {
  remote_address_ = describe(stream_.socket());
}

void http_session::run() {
  asio::dispatch(stream_.get_executor(),
                 beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(hub_->config.max_request_header_bytes));
  parser_->body_limit(max_request_body_bytes);
  // The first request must arrive within the handshake timeout; later ones are keep-alive.
  stream_.expires_after(first_request_ ? hub_->config.handshake_timeout
                                       : hub_->config.http_keep_alive_timeout);
  first_request_ = false;
  http::async_read(stream_, buffer_, *parser_,
                   beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code error, std::size_t) {
  if (error == http::error::end_of_stream) return do_close();
  if (error) {
    if (error != beast::error::timeout && error != asio::error::operation_aborted &&
        error != asio::error::connection_reset) {
      log_line("info", remote_address_, "http read: " + error.message());
    }
    return;  // timeout or broken request: the socket closes with this session
  }
  request req = parser_->release();
  if (is_websocket_upgrade(req)) return handle_upgrade(std::move(req));
  serve_file(req);
}

void http_session::handle_upgrade(request&& req) {
  auto [path, query] = split_target(req.target());
  UpgradeRequest upgrade{std::move(path), std::move(query), remote_address_,
                         collect_headers(req)};
  if (auto refusal = check_upgrade(upgrade, req)) {
    return send_status(req, refusal->status, std::move(refusal->body));
  }
  if (auto refusal = check_handshake_fields(req)) {
    hub_->release_websocket_slot();
    return send_status(req, refusal->status, std::move(refusal->body));
  }
  drop_handshake_headers(upgrade.headers);
  auto upgrade_state = std::make_shared<AcceptedUpgrade>();
  upgrade_state->handlers = hub_->manager.handlers_for(upgrade.path);
  upgrade_state->info = ws::ConnectionInfo{new_connection_id(), std::move(upgrade.path),
                                           std::move(upgrade.query), remote_address_,
                                           std::move(upgrade.headers)};
  auto& response = upgrade_state->response;
  response.result(http::status::switching_protocols);
  response.version(11);
  response.set(http::field::server, "quest-live");
  response.set(http::field::upgrade, "websocket");
  response.set(http::field::connection, "Upgrade");
  response.set(http::field::sec_websocket_accept,
               websocket_accept_key(req[http::field::sec_websocket_key]));
  stream_.expires_after(hub_->config.handshake_timeout);
  // Counted from before the 101 leaves: a client may see it (and the server get SIGTERM)
  // before on_upgrade_written runs. The session's start (or a failure below) uncounts it.
  hub_->sessions_starting.fetch_add(1);
  http::async_write(stream_, response,
                    [self = shared_from_this(), upgrade_state](beast::error_code error, std::size_t) {
                      self->on_upgrade_written(std::move(*upgrade_state), error);
                    });
}

// What Beast's accept used to check: a 16-byte base64 key and version 13 (else 426 with
// the version we speak).
std::optional<UpgradeDecision> http_session::check_handshake_fields(const request& req) const {
  if (!is_valid_websocket_key(req[http::field::sec_websocket_key])) {
    return UpgradeDecision::refuse(400, "missing or malformed Sec-WebSocket-Key");
  }
  if (req[http::field::sec_websocket_version] != "13") {
    return UpgradeDecision::refuse(426, "unsupported Sec-WebSocket-Version (13 expected)");
  }
  return std::nullopt;
}

// The 101 is out: the socket becomes a WebSocket, with whatever the client already sent
// behind the request.
void http_session::on_upgrade_written(AcceptedUpgrade upgrade, beast::error_code error) {
  // No session will start: give back what handle_upgrade() took for it.
  const auto abandon = [&](const char* step) {
    hub_->sessions_starting.fetch_sub(1);
    hub_->release_websocket_slot();
    log_line("info", remote_address_, std::string(step) + ": " + error.message());
  };
  if (error) return abandon("websocket handshake write");
  stream_.expires_never();
  std::string early_bytes = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  auto socket = rebind_to_strand(stream_.release_socket(), *hub_->io, error);
  if (!socket) return abandon("websocket hand-over");
  std::make_shared<ws_session>(std::move(*socket), hub_, std::move(upgrade.info), upgrade.handlers)
      ->run(std::move(early_bytes));
}

// The reasons an upgrade is refused, cheapest first; nullopt to accept. Reserves a
// connection slot on success (the ws_session releases it).
std::optional<UpgradeDecision> http_session::check_upgrade(const UpgradeRequest& upgrade,
                                                           const request& req) const {
  if (hub_->stopping) return UpgradeDecision::refuse(503, "server shutting down");
  if (!hub_->manager.handlers_for(upgrade.path)) {
    return UpgradeDecision::refuse(404, "no WebSocket endpoint at this path");
  }
  const auto origin_field = req.find(http::field::origin);
  std::optional<std::string_view> origin;
  if (origin_field != req.end()) origin = origin_field->value();
  if (!origin_allowed(origin, req[http::field::host], hub_->config.allowed_origins)) {
    return UpgradeDecision::refuse(403, "origin not allowed");
  }
  if (hub_->upgrade_hook) {
    try {
      auto decision = hub_->upgrade_hook(upgrade);
      if (!decision.accepted()) return decision;
    } catch (const std::exception& error) {
      log_line("error", remote_address_, std::string("upgrade hook threw: ") + error.what());
      return UpgradeDecision::refuse(500, "upgrade hook failed");
    }
  }
  if (!hub_->try_reserve_websocket_slot()) {
    return UpgradeDecision::refuse(503, "too many connections");
  }
  return std::nullopt;
}

void http_session::serve_file(const request& req) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    return send_status(req, 405, "method not allowed");
  }
  const auto path = split_target(req.target()).first;
  const StaticMount* mount = hub_->static_mount_for(path);
  if (!mount) return send_status(req, 404, "not found");
  const auto file = resolve_static_path(mount->directory,
                                        std::string_view(path).substr(mount->url_prefix.size()));
  if (!file) return send_status(req, 403, "forbidden");

  http::file_body::value_type body;
  beast::error_code error;
  if (!std::filesystem::is_regular_file(*file) ||
      (body.open(file->c_str(), beast::file_mode::scan, error), error)) {
    return send_status(req, 404, "not found");
  }
  const auto size = body.size();
  const auto type = content_type_for(*file);
  if (req.method() == http::verb::head) {
    http::response<http::empty_body> response{http::status::ok, req.version()};
    response.set(http::field::content_type, type);
    response.content_length(size);
    response.keep_alive(req.keep_alive());
    return send(std::move(response));
  }
  http::response<http::file_body> response{std::piecewise_construct,
                                            std::make_tuple(std::move(body)),
                                            std::make_tuple(http::status::ok, req.version())};
  response.set(http::field::content_type, type);
  response.content_length(size);
  response.keep_alive(req.keep_alive());
  send(std::move(response));
}

void http_session::send_status(const request& req, unsigned status, std::string body) {
  http::response<http::string_body> response{static_cast<http::status>(status), req.version()};
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

template <class Response>
void http_session::send(Response&& response) {
  response.set(http::field::server, "quest-live");
  auto held = std::make_shared<std::decay_t<Response>>(std::forward<Response>(response));
  response_in_flight_ = held;
  stream_.expires_after(hub_->config.handshake_timeout);
  http::async_write(stream_, *held,
                    beast::bind_front_handler(&http_session::on_write, shared_from_this(),
                                              held->need_eof()));
}

void http_session::on_write(bool close, beast::error_code error, std::size_t) {
  response_in_flight_.reset();
  if (error) return;
  if (close || hub_->stopping) return do_close();
  do_read();
}

void http_session::do_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

}  // namespace quest_live::net
