// Collects the requests a server hands to its application, so that a test can answer
// them later from its own thread (as an interpreter on another thread would).
#pragma once

#include <deque>
#include <mutex>
#include <optional>
#include <utility>

#include "quest_live/net/http_app.hpp"
#include "test_client.hpp"

namespace quest_live::test {

struct PendingRequest {
  net::HttpRequest request;
  net::HttpResponderPtr responder;
};

class AppRequests {
 public:
  // The handler to give Server::on_request: it only records.
  net::HttpHandler handler() {
    return [this](net::HttpRequest request, net::HttpResponderPtr responder) {
      std::lock_guard lock(mutex_);
      pending_.push_back({std::move(request), std::move(responder)});
    };
  }
  // The oldest request not yet taken (nullopt after step_deadline).
  std::optional<PendingRequest> next() {
    std::optional<PendingRequest> taken;
    eventually([&] {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) return false;
      taken = std::move(pending_.front());
      pending_.pop_front();
      return true;
    });
    return taken;
  }

 private:
  std::mutex mutex_;
  std::deque<PendingRequest> pending_;
};

inline net::HttpResponse text_response(unsigned status, std::string body) {
  return net::HttpResponse{status, {{"Content-Type", "text/plain"}}, std::move(body)};
}

}  // namespace quest_live::test
