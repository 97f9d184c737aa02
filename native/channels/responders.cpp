// JoinResponder and EventResponder: the handles asynchronous handlers answer through.
// Every answer, timeout and drop funnels into EndpointDispatch::complete_join /
// complete_event, whose atomic `answered` flag makes the first one win.
#include "endpoint_internal.hpp"

namespace quest_live::channels {

namespace detail {

PendingJoin::~PendingJoin() {
  if (!answered.load()) EndpointDispatch::complete_join(*this, JoinResult::refuse("join crashed"));
}

PendingEvent::~PendingEvent() {
  if (!answered.load()) EndpointDispatch::complete_event(*this, Reply::error(reason_json("no reply")));
}

void PendingJoin::expire() { EndpointDispatch::complete_join(*this, JoinResult::refuse("join timed out")); }

void PendingEvent::expire() { EndpointDispatch::complete_event(*this, Reply::error(reason_json("timeout"))); }

}  // namespace detail

bool EndpointDispatch::complete_event(detail::PendingEvent& pending, const EventResult& result) {
  if (pending.answered.exchange(true)) return false;
  if (!result || !pending.ref) return true;
  const auto& instance = pending.instance;
  if (!is_live(*pending.endpoint, *instance)) return false;
  send(instance->connection,
       encode_reply(instance->join_ref, pending.ref, instance->topic(), result->status, result->response_json));
  return true;
}

bool EndpointDispatch::crash_event(detail::PendingEvent& pending, std::string_view why) {
  if (pending.answered.exchange(true)) return false;
  ChannelEndpoint& endpoint = *pending.endpoint;
  const auto& instance = pending.instance;
  endpoint.log(why, instance->connection->id());
  auto state = endpoint.find_state(instance->connection->id());
  if (!state) return false;
  crash_instance(endpoint, *state, instance);
  return true;
}

JoinResponder::JoinResponder(std::shared_ptr<detail::PendingJoin> pending) : pending_(std::move(pending)) {}

bool JoinResponder::answer(JoinResult result) { return EndpointDispatch::complete_join(*pending_, result); }
bool JoinResponder::accept(std::string response_json) { return answer(JoinResult::accept(std::move(response_json))); }
bool JoinResponder::refuse(std::string_view reason) { return answer(JoinResult::refuse(reason)); }
bool JoinResponder::refuse_with(std::string response_json) {
  return answer(JoinResult::refuse_with(std::move(response_json)));
}
bool JoinResponder::answered() const { return pending_->answered.load(); }
const std::string& JoinResponder::ref() const { return pending_->ref; }
const std::string& JoinResponder::join_ref() const { return pending_->instance->join_ref; }
const std::string& JoinResponder::topic() const { return pending_->instance->topic(); }
const std::string& JoinResponder::connection_id() const { return pending_->instance->connection->id(); }
ChannelContext JoinResponder::context() const { return ChannelContext(pending_->endpoint, pending_->instance); }

EventResponder::EventResponder(std::shared_ptr<detail::PendingEvent> pending) : pending_(std::move(pending)) {}

bool EventResponder::reply(Reply reply) { return EndpointDispatch::complete_event(*pending_, std::move(reply)); }
bool EventResponder::no_reply() { return EndpointDispatch::complete_event(*pending_, std::nullopt); }
bool EventResponder::crash(std::string_view why) {
  return EndpointDispatch::crash_event(*pending_, "event handler for " + pending_->event + " on " +
                                                      pending_->instance->topic() + " crashed: " + std::string(why));
}
bool EventResponder::answered() const { return pending_->answered.load(); }
const std::optional<std::string>& EventResponder::ref() const { return pending_->ref; }
const std::string& EventResponder::event() const { return pending_->event; }
ChannelContext EventResponder::context() const { return ChannelContext(pending_->endpoint, pending_->instance); }

}  // namespace quest_live::channels
