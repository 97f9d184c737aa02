// The HttpResponder the application gets with each request (see http_app.hpp for its
// contract). It owns nothing on the socket: it holds weak pointers to the server and to
// its session plus the request's sequence number, and every answer is posted to the
// session's strand, which writes it if that request is still the one waiting.
//
// "Only the first answer counts" is one atomic flag: whoever claims it (respond(),
// stream(), the destructor's 500, or the session's request_timeout 503) is the only one
// that posts or writes an answer for this request.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "hub.hpp"
#include "quest_live/net/http_app.hpp"

namespace quest_live::net {

class http_session;

class app_responder final : public HttpResponder {
 public:
  app_responder(std::weak_ptr<Server::Hub> hub, std::weak_ptr<http_session> session,
                std::uint64_t sequence, bool chunked_stream, std::size_t max_stream_queue_bytes);
  // Unanswered: the client gets 500.
  ~app_responder() override;

  void respond(HttpResponse response) override;
  std::shared_ptr<HttpStream> stream(unsigned status, HeaderList headers) override;
  bool answered() const override { return answered_.load(); }

  // For the session: takes the answer for one the server makes itself (timeout, client
  // gone). false when the application's answer is already on its way to the strand.
  bool claim() { return !answered_.exchange(true); }

 private:
  std::weak_ptr<Server::Hub> hub_;
  std::weak_ptr<http_session> session_;
  const std::uint64_t sequence_;
  const bool chunked_stream_;
  const std::size_t max_stream_queue_bytes_;
  std::atomic<bool> answered_{false};
};

}  // namespace quest_live::net
