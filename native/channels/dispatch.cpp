// Frame handling for ChannelEndpoint: the dispatch rules of Phoenix.Socket (see the wire
// protocol guide, section 1.5) and the lifecycle of channel instances.
#include <exception>

#include "endpoint_internal.hpp"

namespace quest_live::channels {

using detail::ChannelInstance;
using detail::ConnectionState;
using detail::kEmptyObject;

namespace {
const std::string kPhoenixTopic = "phoenix";
}  // namespace

void EndpointDispatch::send(const ConnectionPtr& connection, std::string bytes) {
  connection->send(make_frame(std::move(bytes)));
}

void EndpointDispatch::handle_text(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                   std::string_view frame) {
  DecodeResult result = decode(frame, endpoint.options_.max_frame_bytes);
  if (!result.ok()) {
    handle_malformed(endpoint, *state, result);
    return;
  }
  handle_message(endpoint, state, *result.message);
}

// Binary V2 pushes are not supported: refuse with an error reply when the header says
// where to send it, otherwise log and ignore.
void EndpointDispatch::handle_binary(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                     std::string_view frame) {
  const std::string& id = state->connection->id();
  auto header = read_binary_push_header(frame);
  if (!header) {
    endpoint.log("ignored a binary frame without a readable push header", id);
    return;
  }
  endpoint.log("refused a binary push on topic " + header->topic, id);
  send(state->connection, encode_reply(header->join_ref, header->ref, header->topic, "error",
                                       reason_json("binary frames are not supported")));
}

void EndpointDispatch::handle_malformed(ChannelEndpoint& endpoint, ConnectionState& state,
                                        const DecodeResult& result) {
  const std::string& id = state.connection->id();
  const std::string what(describe(result.error));
  if (result.error == DecodeError::too_large) {
    endpoint.log("closing: " + what, id);
    state.connection->close(close_code::message_too_big, what);
    return;
  }
  if (!result.ref || !result.topic) {
    endpoint.log("ignored a malformed frame (" + what + ")", id);
    return;
  }
  endpoint.log("malformed frame on topic " + *result.topic + " (" + what + ")", id);
  send(state.connection,
       encode_reply(result.join_ref, result.ref, *result.topic, "error", reason_json("malformed message: " + what)));
}

void EndpointDispatch::handle_message(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                      Message& message) {
  if (message.topic == kPhoenixTopic && message.event == "heartbeat") {
    if (message.ref) send(state->connection, encode_reply(message.join_ref, message.ref, kPhoenixTopic, "ok", kEmptyObject));
    return;
  }
  if (message.event == "phx_join") {
    handle_join(endpoint, state, message);
  } else if (message.event == "phx_leave") {
    handle_leave(endpoint, *state, message);
  } else {
    handle_event(endpoint, *state, message);
  }
}

void EndpointDispatch::handle_join(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                   Message& message) {
  const ConnectionPtr& connection = state->connection;
  if (!message.ref) {
    endpoint.log("ignored a phx_join without a ref on topic " + message.topic, connection->id());
    return;
  }
  const std::string join_ref = message.join_ref.value_or(*message.ref);
  // A duplicate join replaces the running instance; the client drops the old join_ref.
  if (auto old = end_instance(endpoint, *state, message.topic, LeaveReason::rejoined)) {
    send(connection, encode(old->join_ref, old->join_ref, message.topic, "phx_close", kEmptyObject));
  }
  auto route = endpoint.find_route(message.topic);
  if (!route) {
    send(connection, encode_reply(std::nullopt, message.ref, message.topic, "error", reason_json("unmatched topic")));
    return;
  }
  if (channel_count(endpoint, *state) >= endpoint.options_.max_channels_per_connection) {
    send(connection,
         encode_reply(join_ref, message.ref, message.topic, "error", reason_json("too many channels joined")));
    return;
  }
  auto instance = std::make_shared<ChannelInstance>();
  instance->name = endpoint.topic_names_->intern(message.topic);
  instance->join_ref = join_ref;
  instance->connection = connection;
  instance->route = route;
  const JoinResult result = run_join_handler(endpoint, instance, message);
  finish_join(endpoint, *state, instance, *message.ref, result);
}

// Refused: undo what the handler did and say why. Accepted: subscribe, reply ok, then
// send the pushes the handler made while joining.
void EndpointDispatch::finish_join(ChannelEndpoint& endpoint, ConnectionState& state,
                                   const std::shared_ptr<ChannelInstance>& instance, const std::string& ref,
                                   const JoinResult& result) {
  const ConnectionPtr& connection = instance->connection;
  if (!result.accepted) {
    instance->after_join.reset();  // the held-back pushes die with the refused join
    endpoint.presence_->untrack_owner(instance->topic(), connection->id());
    send(connection, encode_reply(instance->join_ref, ref, instance->topic(), "error", result.response_json));
    return;
  }
  if (!activate(endpoint, state, instance)) {
    instance->after_join.reset();
    return;
  }
  send(connection, encode_reply(instance->join_ref, ref, instance->topic(), "ok", result.response_json));
  instance->joining = false;
  run_deferred(*instance);
}

void EndpointDispatch::run_deferred(ChannelInstance& instance) {
  auto deferred = std::move(instance.after_join);
  if (!deferred) return;
  for (auto& task : *deferred) task();
}

std::size_t EndpointDispatch::channel_count(ChannelEndpoint& endpoint, ConnectionState& state) {
  std::lock_guard lock(endpoint.lock_for(state));
  return state.channels.size();
}

JoinResult EndpointDispatch::run_join_handler(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                              const Message& message) {
  ChannelContext context(endpoint.shared_from_this(), instance);
  try {
    return instance->route->handlers.join(context, message.payload());
  } catch (const std::exception& error) {
    endpoint.log("join handler for " + instance->topic() + " threw: " + error.what(), instance->connection->id());
  } catch (...) {
    endpoint.log("join handler for " + instance->topic() + " threw", instance->connection->id());
  }
  return JoinResult::refuse("join crashed");
}

// Subscribes and registers a freshly accepted instance, unless the connection closed
// while its join handler ran.
bool EndpointDispatch::activate(ChannelEndpoint& endpoint, ConnectionState& state,
                                const std::shared_ptr<ChannelInstance>& instance) {
  instance->subscription = endpoint.pubsub_->subscribe(instance->topic(), instance->connection);
  {
    std::lock_guard lock(endpoint.lock_for(state));
    if (!state.closed) {
      state.channels.push_back(instance);  // the topic is free: a duplicate join ended the old one
      return true;
    }
  }
  endpoint.pubsub_->unsubscribe(instance->subscription);
  endpoint.presence_->untrack_owner(instance->topic(), instance->connection->id());
  return false;
}

void EndpointDispatch::handle_leave(ChannelEndpoint& endpoint, ConnectionState& state, const Message& message) {
  auto instance = current_instance(endpoint, state, message.topic);
  if (instance && message.join_ref && *message.join_ref != instance->join_ref) return;  // stale leave
  if (instance) instance = end_instance(endpoint, state, message.topic, LeaveReason::left, instance.get());
  if (!message.ref) return;
  const auto join_ref = instance ? std::optional<std::string>(instance->join_ref) : message.join_ref;
  send(state.connection, encode_reply(join_ref, message.ref, message.topic, "ok", kEmptyObject));
  if (instance) send(state.connection, encode(join_ref, join_ref, message.topic, "phx_close", kEmptyObject));
}

void EndpointDispatch::handle_event(ChannelEndpoint& endpoint, ConnectionState& state, Message& message) {
  auto instance = current_instance(endpoint, state, message.topic);
  if (!instance) {
    if (message.ref) {
      send(state.connection,
           encode_reply(std::nullopt, message.ref, message.topic, "error", reason_json("unmatched topic")));
    }
    return;
  }
  if (message.join_ref && *message.join_ref != instance->join_ref) return;  // from an older instance
  const auto& handler = instance->route->handlers.event;
  if (!handler) return;
  EventResult result;
  try {
    ChannelContext context(endpoint.shared_from_this(), instance);
    result = handler(context, message.event, message.payload());
  } catch (...) {
    endpoint.log("event handler for " + message.event + " on " + message.topic + " threw; channel crashed",
                 state.connection->id());
    if (end_instance(endpoint, state, message.topic, LeaveReason::crashed, instance.get())) {
      send(state.connection, encode(instance->join_ref, instance->join_ref, message.topic, "phx_error", kEmptyObject));
    }
    return;
  }
  if (result && message.ref) {
    send(state.connection, encode_reply(instance->join_ref, message.ref, message.topic, result->status,
                                        result->response_json));
  }
}

std::shared_ptr<ChannelInstance> EndpointDispatch::current_instance(ChannelEndpoint& endpoint, ConnectionState& state,
                                                                    const std::string& topic) {
  std::lock_guard lock(endpoint.lock_for(state));
  auto* found = state.find_locked(topic);
  return found ? *found : nullptr;
}

std::shared_ptr<ChannelInstance> EndpointDispatch::end_instance(ChannelEndpoint& endpoint, ConnectionState& state,
                                                                const std::string& topic, LeaveReason reason,
                                                                const ChannelInstance* expected) {
  std::shared_ptr<ChannelInstance> instance;
  {
    std::lock_guard lock(endpoint.lock_for(state));
    auto* found = state.find_locked(topic);
    if (!found) return nullptr;
    if (expected && found->get() != expected) return nullptr;
    instance = state.take_locked(found);
  }
  cleanup(endpoint, instance, reason);
  return instance;
}

void EndpointDispatch::cleanup(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                               LeaveReason reason) {
  endpoint.pubsub_->unsubscribe(instance->subscription);
  endpoint.presence_->untrack_owner(instance->topic(), instance->connection->id());
  const auto& on_leave = instance->route->handlers.leave;
  if (!on_leave) return;
  try {
    ChannelContext context(endpoint.shared_from_this(), instance);
    on_leave(context, reason);
  } catch (...) {
    endpoint.log("leave handler for " + instance->topic() + " threw", instance->connection->id());
  }
}

bool EndpointDispatch::push_to_instance(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                        std::string_view event, std::string_view payload_json) {
  auto state = endpoint.find_state(instance->connection->id());
  if (!state || current_instance(endpoint, *state, instance->topic()) != instance) return false;
  send(instance->connection, encode(instance->join_ref, std::nullopt, instance->topic(), event, payload_json));
  return true;
}

std::size_t EndpointDispatch::broadcast_except(ChannelEndpoint& endpoint, const std::string& topic,
                                               std::string_view event, std::string_view payload_json,
                                               pubsub::SubscriptionId except) {
  auto message = std::make_shared<pubsub::Broadcast>();
  message->topic = topic;
  message->event = std::string(event);
  message->payload_json = std::string(payload_json);
  message->frame = make_frame(encode(std::nullopt, std::nullopt, topic, event, payload_json));
  return endpoint.pubsub_->broadcast(message, except);
}

}  // namespace quest_live::channels
