// http_session, part two: requests handed to the application and the answers it gives.
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/string_body.hpp>

#include "app_responder.hpp"
#include "app_response.hpp"
#include "http_session.hpp"
#include "http_session_detail.hpp"
#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using namespace http_session_detail;

namespace {

HttpRequest to_application_request(http_session::request&& req, const std::string& remote_address,
                                   const std::string& client_ip, std::string request_id) {
  HttpRequest request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  std::tie(request.path, request.query) = split_target(request.target);
  request.version = req.version() == 10 ? "HTTP/1.0" : "HTTP/1.1";
  request.remote_address = remote_address;
  request.client_ip = client_ip;
  request.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
  for (const auto& field : req) {
    request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(req.body());
  request.request_id = std::move(request_id);
  return request;
}

}  // namespace

void http_session::dispatch_to_app(request&& req) {
  ++sequence_;
  awaiting_answer_ = true;
  answering_ = Answering{req.version(), req.keep_alive(), req.method() == http::verb::head};
  in_flight_counted_ = true;
  hub_->requests_in_flight.fetch_add(1);
  auto responder = std::make_shared<app_responder>(hub_, weak_from_this(), sequence_,
                                                   req.version() >= 11,
                                                   hub_->config.max_stream_queue_bytes);
  responder_ = responder;
  stream_.expires_never();  // the answer timer bounds the wait, the write sets its own
  arm_answer_timer([this] { on_answer_timeout(); });
  auto request = to_application_request(std::move(req), remote_address_, client_ip_,
                                        hub_->next_request_id());
  try {
    hub_->request_handler(std::move(request), responder);
  } catch (const std::exception& error) {
    log_line("error", remote_address_, std::string("request handler threw: ") + error.what());
    responder->respond(HttpResponse{500, {{"content-type", "text/plain; charset=utf-8"}},
                                    "internal server error\n"});
  } catch (...) {
    log_line("error", remote_address_, "request handler threw");
    responder->respond(HttpResponse{500, {{"content-type", "text/plain; charset=utf-8"}},
                                    "internal server error\n"});
  }
}

// The timer's handler holds the session while the application decides; a request_timeout
// of zero or less waits without limit (until the answer, or the responder's end).
void http_session::arm_answer_timer(std::function<void()> on_timeout) {
  const auto timeout = hub_->config.request_timeout;
  if (timeout.count() > 0) {
    answer_timer_.expires_after(timeout);
  } else {
    answer_timer_.expires_at(asio::steady_timer::time_point::max());
  }
  answer_timer_.async_wait([self = shared_from_this(), on_timeout = std::move(on_timeout)](
                               beast::error_code error) {
    if (!error) on_timeout();
  });
}

void http_session::on_answer_timeout() {
  if (!awaiting_answer_) return;
  const auto responder = responder_.lock();
  // No responder left: its destructor claimed the answer and posted a 500. A responder
  // that cannot be claimed has an answer on its way. Either way one is coming.
  if (!responder || !responder->claim()) return;
  log_line("warn", remote_address_, "application did not answer within request_timeout: 503");
  write_app_response(HttpResponse{503, {{"content-type", "text/plain; charset=utf-8"}},
                                  "the application did not answer in time\n"});
}

void http_session::deliver_response(std::uint64_t sequence, HttpResponse response) {
  if (sequence != sequence_ || !awaiting_answer_) return;
  write_app_response(std::move(response));
}

void http_session::write_app_response(HttpResponse&& response) {
  awaiting_answer_ = false;
  answer_timer_.cancel();
  if (!is_final_status(response.status)) {
    log_line("error", remote_address_,
             "application answered with status " + std::to_string(response.status) + ": 500");
    response = HttpResponse{500, {{"content-type", "text/plain; charset=utf-8"}},
                            "the application answered with an invalid status\n"};
  }
  response_head head;
  head.version(answering_.version);
  head.result(response.status);
  const auto copied = copy_application_headers(response.headers, head, remote_address_);
  if (!copied.has_date) head.set(http::field::date, http_date_now());
  const bool keep_alive = answering_.keep_alive && !copied.asked_to_close && !hub_->stopping;
  const bool bodyless = status_forbids_body(response.status);
  if (answering_.head || bodyless) {
    http::response<http::empty_body> message{std::move(head)};
    if (!bodyless) message.content_length(response.body.size());
    message.keep_alive(keep_alive);
    return send(std::move(message));
  }
  http::response<http::string_body> message{std::move(head), std::move(response.body)};
  message.prepare_payload();
  message.keep_alive(keep_alive);
  send(std::move(message));
}

void http_session::finish_in_flight() {
  if (!in_flight_counted_) return;
  in_flight_counted_ = false;
  hub_->requests_in_flight.fetch_sub(1);
}

}  // namespace quest_live::net
