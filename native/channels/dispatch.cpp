// Frame handling for ChannelEndpoint: the dispatch rules of Phoenix.Socket (see the wire
// protocol guide, section 1.5), the rate limit, events and leaves. Joins and the life of
// a pending join live in join.cpp.
#include <chrono>
#include <exception>

#include "endpoint_internal.hpp"

namespace quest_live::channels {

using detail::ChannelInstance;
using detail::ConnectionState;
using detail::kEmptyObject;
using detail::Phase;

namespace {
const std::string kPhoenixTopic = "phoenix";
constexpr std::string_view kRateLimited = "rate limit exceeded";

std::string what_threw() {
  try {
    throw;
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}
}  // namespace

void EndpointDispatch::send(const ConnectionPtr& connection, std::string bytes) {
  connection->send(make_frame(std::move(bytes)));
}

void EndpointDispatch::handle_text(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                   std::string_view frame) {
  DecodeResult result = decode(frame, endpoint.options_.max_frame_bytes);
  if (!within_rate(endpoint, *state, result.message ? &*result.message : nullptr, &result)) return;
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
  if (!within_rate(endpoint, *state, nullptr, nullptr)) return;
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

// One token per frame; the first frame over the limit is answered (if it can be) and the
// connection is closed with 4029.
bool EndpointDispatch::within_rate(ChannelEndpoint& endpoint, ConnectionState& state, const Message* message,
                                   const DecodeResult* malformed) {
  if (state.rate.take(endpoint.options_.rate_limit, std::chrono::steady_clock::now())) return true;
  const std::optional<std::string>* join_ref = message ? &message->join_ref : malformed ? &malformed->join_ref : nullptr;
  const std::optional<std::string>* ref = message ? &message->ref : malformed ? &malformed->ref : nullptr;
  const std::string* topic = message ? &message->topic : malformed && malformed->topic ? &*malformed->topic : nullptr;
  if (ref && *ref && topic) {
    send(state.connection, encode_reply(*join_ref, *ref, *topic, "error", reason_json(kRateLimited)));
  }
  endpoint.log("closing: rate limit exceeded", state.connection->id());
  state.connection->close(rate_limited_close_code, std::string(kRateLimited));
  return false;
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
    return;
  }
  if (hold_if_joining(endpoint, *state, message)) return;
  if (message.event == "phx_leave") {
    handle_leave(endpoint, *state, message);
  } else {
    handle_event(endpoint, *state, message);
  }
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
  run_event_handler(endpoint, state, instance, message);
}

void EndpointDispatch::run_event_handler(ChannelEndpoint& endpoint, ConnectionState& state,
                                         const std::shared_ptr<ChannelInstance>& instance, Message& message) {
  const auto& handlers = instance->route->handlers;
  ChannelContext context(endpoint.shared_from_this(), instance);
  if (handlers.event) {
    EventResult result;
    try {
      const rapidjson::Document payload = parse_payload(message.payload_json);
      result = handlers.event(context, message.event, payload);
    } catch (...) {
      endpoint.log("event handler for " + message.event + " on " + message.topic + " threw (" + what_threw() +
                       "); channel crashed",
                   state.connection->id());
      crash_instance(endpoint, state, instance);
      return;
    }
    if (result && message.ref) {
      send(state.connection, encode_reply(instance->join_ref, message.ref, message.topic, result->status,
                                          result->response_json));
    }
    return;
  }
  if (!handlers.event_async) return;
  auto pending = std::make_shared<detail::PendingEvent>();
  pending->endpoint = endpoint.shared_from_this();
  pending->instance = instance;
  pending->ref = message.ref;
  pending->event = message.event;
  try {
    handlers.event_async(context, message.event, message.payload_json, EventResponder(pending));
  } catch (...) {
    crash_event(*pending, "event handler for " + message.event + " on " + message.topic + " threw (" +
                              what_threw() + "); channel crashed");
    return;
  }
  // An event without a ref expects no reply, so nothing can time out.
  if (pending->ref && !pending->answered.load()) endpoint.deadlines_->add(*pending);
}

void EndpointDispatch::crash_instance(ChannelEndpoint& endpoint, ConnectionState& state,
                                      const std::shared_ptr<ChannelInstance>& instance) {
  if (end_instance(endpoint, state, instance->topic(), LeaveReason::crashed, instance.get())) {
    send(state.connection, encode(instance->join_ref, instance->join_ref, instance->topic(), "phx_error", kEmptyObject));
  }
}

std::shared_ptr<ChannelInstance> EndpointDispatch::current_instance(ChannelEndpoint& endpoint, ConnectionState& state,
                                                                    const std::string& topic) {
  std::lock_guard lock(endpoint.lock_for(*state.connection));
  auto* found = state.find_locked(topic);
  return found ? *found : nullptr;
}

bool EndpointDispatch::is_live(ChannelEndpoint& endpoint, const ChannelInstance& instance) {
  std::lock_guard lock(endpoint.lock_for(*instance.connection));
  return instance.phase != Phase::ended;
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
