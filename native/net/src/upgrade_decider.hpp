// The state behind the UpgradeDecider an asynchronous upgrade hook gets: the first
// decision is posted to the session's strand; a decider dropped undecided posts a 503.
// Like app_responder it holds only weak pointers, so an application thread never owns
// the session or anything tied to the io_context.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "hub.hpp"

namespace quest_live::net {

class http_session;

class upgrade_decider_state {
 public:
  upgrade_decider_state(std::weak_ptr<Server::Hub> hub, std::weak_ptr<http_session> session,
                        std::uint64_t sequence)
      : hub_(std::move(hub)), session_(std::move(session)), sequence_(sequence) {}
  ~upgrade_decider_state();

  void decide(UpgradeDecision decision);
  // For the session's timeout: false when a decision is already on its way.
  bool claim() { return !decided_.exchange(true); }

  // The std::function handed to the hook; every copy shares this state.
  static UpgradeDecider make_decider(const std::shared_ptr<upgrade_decider_state>& state);

 private:
  std::weak_ptr<Server::Hub> hub_;
  std::weak_ptr<http_session> session_;
  const std::uint64_t sequence_;
  std::atomic<bool> decided_{false};
};

}  // namespace quest_live::net
