#include "upgrade_decider.hpp"

#include "http_session.hpp"

namespace quest_live::net {

upgrade_decider_state::~upgrade_decider_state() {
  if (!claim()) return;
  http_session::post_to(hub_, session_, [sequence = sequence_](http_session& session) {
    session.deliver_upgrade_decision(sequence,
                                     UpgradeDecision::refuse(503, "upgrade was not decided"));
  });
}

void upgrade_decider_state::decide(UpgradeDecision decision) {
  if (!claim()) return;
  http_session::post_to(hub_, session_,
                        [sequence = sequence_, decision = std::move(decision)](http_session& session) mutable {
                          session.deliver_upgrade_decision(sequence, std::move(decision));
                        });
}

UpgradeDecider upgrade_decider_state::make_decider(const std::shared_ptr<upgrade_decider_state>& state) {
  return [state](UpgradeDecision decision) { state->decide(std::move(decision)); };
}

}  // namespace quest_live::net
