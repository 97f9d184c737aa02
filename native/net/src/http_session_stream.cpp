// http_session, part three: a streamed response (SSE) after its head.
//
// The head goes out first (chunked for HTTP/1.1, raw for 1.0, always Connection: close),
// then each drain writes whatever app_stream has queued as one write. A small read stays
// pending for the client's EOF; bytes the client sends meanwhile are discarded.
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

#include <sstream>

#include "app_responder.hpp"
#include "app_response.hpp"
#include "app_stream.hpp"
#include "http_session.hpp"
#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

std::string stream_head(const response_head& head) {
  std::ostringstream out;
  out << head;
  return out.str();
}

}  // namespace

void http_session::begin_stream(std::uint64_t sequence, unsigned status, HeaderList headers,
                                std::shared_ptr<app_stream> stream) {
  if (sequence != sequence_ || !awaiting_answer_) return stream->finish();
  awaiting_answer_ = false;
  answer_timer_.cancel();
  finish_in_flight();
  stream_.expires_never();  // a stream is not bounded in time once started
  if (!is_final_status(status) || status_forbids_body(status)) {
    log_line("error", remote_address_, "stream with status " + std::to_string(status) + ": 500");
    stream->finish();
    return write_app_response(HttpResponse{500, {{"content-type", "text/plain; charset=utf-8"}},
                                           "the application answered with an invalid status\n"});
  }
  response_head head;
  head.version(answering_.version);
  head.result(status);
  const auto copied = copy_application_headers(headers, head, remote_address_);
  if (!copied.has_server) head.set(http::field::server, "quest-live");
  if (!copied.has_date) head.set(http::field::date, http_date_now());
  if (answering_.version >= 11) head.set(http::field::transfer_encoding, "chunked");
  head.set(http::field::connection, "close");

  app_stream_ = std::move(stream);
  hub_->track_stream(app_stream_);
  stream_out_ = stream_head(head);
  stream_head_only_ = answering_.head;
  if (hub_->stopping) app_stream_->close();  // begun during a graceful stop: head, then the end
  stream_read_buffer_ = std::make_unique<std::array<char, 512>>();
  do_stream_read();
  drain_stream();
}

void http_session::drain_stream() {
  if (!app_stream_) return;
  // Checked before the write in flight: with a client that does not read, that write is
  // the one that never completes. Closing the socket aborts it.
  if (app_stream_->overflowed()) {
    log_line("warn", remote_address_, "stream queue overflow (client not reading): closed");
    return end_stream(false);
  }
  if (stream_write_in_flight_) return;
  app_stream::Taken taken;
  if (!stream_head_only_) taken = app_stream_->take(stream_out_);
  if (stream_head_only_) taken.final = true;
  if (stream_out_.empty()) {
    if (taken.final) end_stream(true);  // HTTP/1.0: the body ends with the connection
    return;
  }
  stream_write_in_flight_ = true;
  asio::async_write(stream_.socket(), asio::buffer(stream_out_),
                    [self = shared_from_this(), bytes = taken.bytes, final = taken.final](
                        beast::error_code error, std::size_t) {
                      self->on_stream_written(bytes, final, error);
                    });
}

void http_session::on_stream_written(std::size_t payload_bytes, bool final, beast::error_code error) {
  stream_write_in_flight_ = false;
  stream_out_.clear();
  if (!app_stream_) return;
  app_stream_->written(payload_bytes);
  if (error) return end_stream(false);
  if (final) return end_stream(true);
  drain_stream();
}

void http_session::do_stream_read() {
  stream_.socket().async_read_some(
      asio::buffer(*stream_read_buffer_),
      [self = shared_from_this()](beast::error_code error, std::size_t bytes) {
        self->on_stream_read(error, bytes);
      });
}

void http_session::on_stream_read(beast::error_code error, std::size_t bytes) {
  if (!error) {
    (void)bytes;  // nothing is expected from the client while it reads a stream
    return do_stream_read();
  }
  if (app_stream_) return end_stream(false);  // the client has gone
  answer_timer_.cancel();                     // ... after our end: close now
  beast::error_code ignored;
  stream_.socket().close(ignored);
}

// graceful: the body is complete, so shut down our side and give the client
// handshake_timeout to close its own (reading on until its EOF). Otherwise cut.
void http_session::end_stream(bool graceful) {
  auto stream = std::move(app_stream_);
  app_stream_.reset();
  if (stream) stream->finish();
  beast::error_code ignored;
  if (!graceful) {
    stream_.socket().close(ignored);
    return;
  }
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  answer_timer_.expires_after(hub_->config.handshake_timeout);
  answer_timer_.async_wait([self = shared_from_this()](beast::error_code timer_error) {
    if (timer_error) return;
    beast::error_code close_error;
    self->stream_.socket().close(close_error);
  });
}

}  // namespace quest_live::net
