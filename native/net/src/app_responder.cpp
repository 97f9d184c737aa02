#include "app_responder.hpp"

#include "app_stream.hpp"
#include "http_session.hpp"

namespace quest_live::net {

app_responder::app_responder(std::weak_ptr<Server::Hub> hub, std::weak_ptr<http_session> session,
                             std::uint64_t sequence, bool chunked_stream,
                             std::size_t max_stream_queue_bytes)
    : hub_(std::move(hub)),
      session_(std::move(session)),
      sequence_(sequence),
      chunked_stream_(chunked_stream),
      max_stream_queue_bytes_(max_stream_queue_bytes) {}

app_responder::~app_responder() {
  if (!claim()) return;
  HttpResponse failure{500, {{"content-type", "text/plain; charset=utf-8"}},
                       "the application did not answer\n"};
  http_session::post_to(hub_, session_,
                        [sequence = sequence_, failure = std::move(failure)](http_session& session) mutable {
                          session.deliver_response(sequence, std::move(failure));
                        });
}

void app_responder::respond(HttpResponse response) {
  if (!claim()) return;
  http_session::post_to(hub_, session_,
                        [sequence = sequence_, response = std::move(response)](http_session& session) mutable {
                          session.deliver_response(sequence, std::move(response));
                        });
}

std::shared_ptr<HttpStream> app_responder::stream(unsigned status, HeaderList headers) {
  if (session_.expired() || !claim()) return nullptr;
  auto stream = std::make_shared<app_stream>(hub_, session_, max_stream_queue_bytes_, chunked_stream_);
  // If the session or the server is gone by then, the stream ends before it began.
  http_session::post_to(
      hub_, session_,
      [sequence = sequence_, status, headers = std::move(headers), stream](http_session& session) mutable {
        session.begin_stream(sequence, status, std::move(headers), stream);
      },
      [stream] { stream->finish(); });
  return stream;
}

}  // namespace quest_live::net
