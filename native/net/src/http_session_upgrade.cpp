// http_session, part four: the WebSocket upgrade, decided at once or asynchronously.
//
// Checks, in order: server stopping (503), route exists (404), Origin (403), the upgrade
// hook (its refusal; 500 if it throws; 503 when an asynchronous decision is dropped or
// late), then, once accepted: stopping again (503), a connection slot (503), and the
// handshake fields (400/426). The slot is reserved only after the decision, so a slow
// decision holds none.
#include <boost/asio/strand.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/write.hpp>

#include "accept_key.hpp"
#include "connection_id.hpp"
#include "http_session.hpp"
#include "http_session_detail.hpp"
#include "log.hpp"
#include "quest_live/net/origin_policy.hpp"
#include "upgrade_decider.hpp"
#include "ws_session.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace http_session_detail;

namespace {

ws::Headers collect_headers(const http_session::request& req) {
  ws::Headers headers;
  for (const auto& field : req) {
    headers.insert_or_assign(lower(field.name_string()), std::string(field.value()));
  }
  return headers;
}

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

}  // namespace

void http_session::handle_upgrade(request&& req) {
  auto [path, query] = split_target(req.target());
  UpgradeRequest upgrade{std::move(path), std::move(query), remote_address_,
                         collect_headers(req)};
  if (auto refusal = check_upgrade_preconditions(upgrade, req)) {
    return send_status(req, refusal->status, std::move(refusal->body), refusal->headers);
  }
  if (hub_->async_upgrade_hook) return ask_async_upgrade_hook(std::move(req), std::move(upgrade));
  if (hub_->upgrade_hook) {
    try {
      auto decision = hub_->upgrade_hook(upgrade);
      if (!decision.accepted()) {
        return send_status(req, decision.status, std::move(decision.body), decision.headers);
      }
    } catch (const std::exception& error) {
      log_line("error", remote_address_, std::string("upgrade hook threw: ") + error.what());
      return send_status(req, 500, "upgrade hook failed");
    }
  }
  continue_upgrade(std::move(req), std::move(upgrade));
}

void http_session::ask_async_upgrade_hook(request&& req, UpgradeRequest&& upgrade) {
  ++sequence_;
  pending_upgrade_ = std::make_unique<PendingUpgrade>(PendingUpgrade{std::move(req), upgrade});
  auto state = std::make_shared<upgrade_decider_state>(hub_, weak_from_this(), sequence_);
  decider_ = state;
  stream_.expires_never();
  arm_answer_timer([this] { on_upgrade_decision_timeout(); });
  try {
    hub_->async_upgrade_hook(std::move(upgrade), upgrade_decider_state::make_decider(state));
  } catch (const std::exception& error) {
    log_line("error", remote_address_, std::string("upgrade hook threw: ") + error.what());
    state->decide(UpgradeDecision::refuse(500, "upgrade hook failed"));
  }
}

void http_session::on_upgrade_decision_timeout() {
  if (!pending_upgrade_) return;
  const auto state = decider_.lock();
  if (!state || !state->claim()) return;  // a decision (or the dropped decider's 503) is coming
  log_line("warn", remote_address_, "upgrade not decided within request_timeout: 503");
  deliver_upgrade_decision(sequence_, UpgradeDecision::refuse(503, "upgrade decision timed out"));
}

void http_session::deliver_upgrade_decision(std::uint64_t sequence, UpgradeDecision decision) {
  if (sequence != sequence_ || !pending_upgrade_) return;
  auto pending = std::move(pending_upgrade_);
  answer_timer_.cancel();
  if (!decision.accepted()) {
    return send_status(pending->req, decision.status, std::move(decision.body), decision.headers);
  }
  continue_upgrade(std::move(pending->req), std::move(pending->upgrade));
}

void http_session::continue_upgrade(request&& req, UpgradeRequest&& upgrade) {
  if (hub_->stopping) return send_status(req, 503, "server shutting down");
  if (!hub_->try_reserve_websocket_slot()) return send_status(req, 503, "too many connections");
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
  // No session will start: give back what continue_upgrade() took for it.
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

// The cheap reasons to refuse before asking the application; nullopt to go on.
std::optional<UpgradeDecision> http_session::check_upgrade_preconditions(
    const UpgradeRequest& upgrade, const request& req) const {
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
  return std::nullopt;
}

}  // namespace quest_live::net
