// ChannelContext: what a handler can do to its own channel instance, from any thread.
#include "quest_live/channels/handlers.hpp"

#include "endpoint_internal.hpp"

namespace quest_live::channels {

JoinResult JoinResult::refuse(std::string_view reason) { return {false, reason_json(reason)}; }

ChannelContext::ChannelContext(std::shared_ptr<ChannelEndpoint> endpoint,
                               std::shared_ptr<detail::ChannelInstance> instance)
    : endpoint_(std::move(endpoint)), instance_(std::move(instance)) {}

const std::string& ChannelContext::topic() const { return instance_->topic(); }
const std::string& ChannelContext::join_ref() const { return instance_->join_ref; }
const std::string& ChannelContext::connection_id() const { return instance_->connection->id(); }
Assigns& ChannelContext::assigns() { return instance_->assigns; }

void ChannelContext::push(std::string_view event, std::string_view payload_json) {
  EndpointDispatch::push_to_instance(*endpoint_, instance_, event, payload_json);
}

std::size_t ChannelContext::broadcast(std::string_view event, std::string_view payload_json) {
  return EndpointDispatch::broadcast_except(*endpoint_, instance_->topic(), event, payload_json, 0);
}

std::size_t ChannelContext::broadcast_from(std::string_view event, std::string_view payload_json) {
  pubsub::SubscriptionId self = 0;
  {
    std::lock_guard lock(endpoint_->lock_for(*instance_->connection));
    self = instance_->subscription;
  }
  return EndpointDispatch::broadcast_except(*endpoint_, instance_->topic(), event, payload_json, self);
}

std::optional<std::string> ChannelContext::track(const std::string& key, std::string_view meta_json) {
  if (!EndpointDispatch::is_live(*endpoint_, *instance_)) return std::nullopt;
  return endpoint_->presence().track(instance_->topic(), key, connection_id(), meta_json);
}

std::optional<std::string> ChannelContext::update_presence(const std::string& key, std::string_view meta_json) {
  if (!EndpointDispatch::is_live(*endpoint_, *instance_)) return std::nullopt;
  return endpoint_->presence().update(instance_->topic(), key, connection_id(), meta_json);
}

bool ChannelContext::untrack(const std::string& key) {
  return endpoint_->presence().untrack(instance_->topic(), key, connection_id());
}

// The state is read when the push goes out, after the subscription exists, so no diff
// published in between can be missed. It includes this connection's own metas on the
// topic, so the joiner sees itself at once (as with Phoenix).
void ChannelContext::push_presence_state() {
  EndpointDispatch::run_or_hold(*endpoint_, instance_, [endpoint = endpoint_, instance = instance_] {
    EndpointDispatch::send(instance->connection,
                           encode(instance->join_ref, std::nullopt, instance->topic(), "presence_state",
                                  endpoint->presence().state_json_for(instance->topic(), instance->connection->id())));
  });
}

}  // namespace quest_live::channels
