// The life of a channel instance: a join (decided at once or later through a
// JoinResponder), what waits while it is undecided, the ok reply and the backlog sent in
// order after it, and the end of an instance for whatever reason.
//
// Phases (endpoint_internal.hpp) change only under lock_for(connection), and nothing is
// sent while the lock is held. Order is kept by who sends: while an instance is joining or
// draining, its pushes and its client's frames go into the backlog, and only the thread
// that accepted the join sends them, after the ok reply; it sets `open` only once the
// backlog is empty, so nothing overtakes anything.
#include <exception>

#include "endpoint_internal.hpp"

namespace quest_live::channels {

using detail::ChannelInstance;
using detail::ConnectionState;
using detail::HeldMessage;
using detail::JoinBacklog;
using detail::kEmptyObject;
using detail::Phase;

void EndpointDispatch::handle_join(ChannelEndpoint& endpoint, const std::shared_ptr<ConnectionState>& state,
                                   Message& message) {
  const ConnectionPtr& connection = state->connection;
  if (!message.ref) {
    endpoint.log("ignored a phx_join without a ref on topic " + message.topic, connection->id());
    return;
  }
  // A duplicate join replaces the instance on the topic (a pending one is cancelled);
  // the client drops the old join_ref.
  if (auto old = end_instance(endpoint, *state, message.topic, LeaveReason::rejoined)) {
    if (old->subscription != 0) {
      send(connection, encode(old->join_ref, old->join_ref, message.topic, "phx_close", kEmptyObject));
    }
  }
  auto route = endpoint.find_route(message.topic);
  const std::string join_ref = message.join_ref.value_or(*message.ref);
  if (!route) {
    send(connection, encode_reply(std::nullopt, message.ref, message.topic, "error", reason_json("unmatched topic")));
    return;
  }
  auto instance = std::make_shared<ChannelInstance>();
  instance->name = endpoint.topic_names_->intern(message.topic);
  instance->join_ref = join_ref;
  instance->connection = connection;
  instance->route = route;
  bool too_many = false;
  {
    std::lock_guard lock(endpoint.lock_for(*connection));
    if (state->closed) return;
    too_many = state->channels.size() >= endpoint.options_.max_channels_per_connection;
    if (!too_many) state->channels.push_back(instance);  // pending until the join is decided
  }
  if (too_many) {
    send(connection,
         encode_reply(join_ref, message.ref, message.topic, "error", reason_json("too many channels joined")));
    return;
  }
  run_join_handler(endpoint, instance, message);
}

void EndpointDispatch::run_join_handler(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                        const Message& message) {
  const auto& handlers = instance->route->handlers;
  auto pending = std::make_shared<detail::PendingJoin>();
  pending->endpoint = endpoint.shared_from_this();
  pending->instance = instance;
  pending->ref = *message.ref;
  auto crashed = [&](const char* what) {
    endpoint.log("join handler for " + instance->topic() + " threw" + (what ? std::string(": ") + what : ""),
                 instance->connection->id());
    complete_join(*pending, JoinResult::refuse("join crashed"));
  };
  ChannelContext context(pending->endpoint, instance);
  try {
    if (handlers.join) {
      const rapidjson::Document payload = parse_payload(message.payload_json);
      complete_join(*pending, handlers.join(context, payload));
      return;
    }
    handlers.join_async(context, message.payload_json, JoinResponder(pending));
  } catch (const std::exception& error) {
    crashed(error.what());
    return;
  } catch (...) {
    crashed(nullptr);
    return;
  }
  if (!pending->answered.load()) endpoint.deadlines_->add(*pending);
}

bool EndpointDispatch::complete_join(detail::PendingJoin& pending, const JoinResult& result) {
  if (pending.answered.exchange(true)) return false;
  ChannelEndpoint& endpoint = *pending.endpoint;
  const auto& instance = pending.instance;
  const ConnectionPtr& connection = instance->connection;
  if (!result.accepted) {
    auto state = endpoint.find_state(connection->id());
    std::unique_ptr<JoinBacklog> backlog;
    {
      std::lock_guard lock(endpoint.lock_for(*connection));
      if (instance->phase != Phase::joining) return false;  // cancelled, or the connection closed
      instance->phase = Phase::ended;
      backlog = std::move(instance->backlog);  // its pushes die with the refused join
      if (auto* found = state ? state->find_locked(instance->topic()) : nullptr; found && found->get() == instance.get()) {
        state->take_locked(found);
      }
    }
    endpoint.presence_->untrack_owner(instance->topic(), connection->id());
    send(connection, encode_reply(instance->join_ref, pending.ref, instance->topic(), "error", result.response_json));
    if (backlog) answer_held(connection, backlog->messages, "join refused");
    return true;
  }
  // Subscribed before the ok reply, so no broadcast after it is missed.
  const auto subscription = endpoint.pubsub_->subscribe(instance->topic(), connection);
  bool live = false;
  {
    std::lock_guard lock(endpoint.lock_for(*connection));
    live = instance->phase == Phase::joining;
    if (live) {
      instance->subscription = subscription;
      instance->phase = Phase::draining;
    }
  }
  if (!live) {  // ended meanwhile; whoever ended it cleaned up everything but this
    endpoint.pubsub_->unsubscribe(subscription);
    return false;
  }
  send(connection, encode_reply(instance->join_ref, pending.ref, instance->topic(), "ok", result.response_json));
  drain(endpoint, instance);
  return true;
}

// Sends what waited, in order, until nothing is left; then the instance is open. Frames
// and pushes arriving meanwhile join the backlog and are sent by this loop too.
void EndpointDispatch::drain(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance) {
  for (;;) {
    std::unique_ptr<JoinBacklog> batch;
    {
      std::lock_guard lock(endpoint.lock_for(*instance->connection));
      if (instance->phase != Phase::draining) return;
      if (!instance->backlog || (instance->backlog->pushes.empty() && instance->backlog->messages.empty())) {
        instance->backlog.reset();
        instance->phase = Phase::open;
        return;
      }
      batch = std::move(instance->backlog);
    }
    for (auto& push : batch->pushes) push();
    for (auto& held : batch->messages) dispatch_held(endpoint, instance, held);
  }
}

void EndpointDispatch::dispatch_held(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                     HeldMessage& held) {
  held.message.payload_json = held.payload;
  auto state = endpoint.find_state(instance->connection->id());
  if (!state) return;  // disconnected: nobody to answer
  if (!is_live(endpoint, *instance)) {  // a held phx_leave (or a crash) ended it
    std::deque<HeldMessage> one;
    one.push_back(std::move(held));
    answer_held(instance->connection, one, "channel closed");
    return;
  }
  if (held.message.event == "phx_leave") {
    handle_leave(endpoint, *state, held.message);
  } else {
    handle_event(endpoint, *state, held.message);
  }
}

bool EndpointDispatch::hold_if_joining(ChannelEndpoint& endpoint, ConnectionState& state, Message& message) {
  {
    std::lock_guard lock(endpoint.lock_for(*state.connection));
    auto* found = state.find_locked(message.topic);
    if (!found) return false;
    ChannelInstance& instance = **found;
    if (instance.phase != Phase::joining && instance.phase != Phase::draining) return false;
    if (message.join_ref && *message.join_ref != instance.join_ref) return false;  // dropped as stale later
    JoinBacklog& backlog = instance.backlog_locked();
    if (backlog.messages.size() < endpoint.options_.max_held_messages) {
      HeldMessage& held = backlog.messages.emplace_back();
      held.payload = std::string(message.payload_json);
      held.message = std::move(message);
      return true;
    }
  }
  endpoint.log("refused a frame on " + message.topic + ": too many messages while joining", state.connection->id());
  if (message.ref) {
    send(state.connection, encode_reply(message.join_ref, message.ref, message.topic, "error",
                                        reason_json("too many messages while joining")));
  }
  return true;
}

// Held frames of a join that will never open: a phx_leave gets its ok (the topic is not
// joined), anything else with a ref an error reply naming why.
void EndpointDispatch::answer_held(const ConnectionPtr& connection, std::deque<HeldMessage>& held,
                                   std::string_view reason) {
  for (auto& entry : held) {
    const Message& message = entry.message;
    if (!message.ref) continue;
    if (message.event == "phx_leave") {
      send(connection, encode_reply(message.join_ref, message.ref, message.topic, "ok", kEmptyObject));
    } else {
      send(connection, encode_reply(message.join_ref, message.ref, message.topic, "error", reason_json(reason)));
    }
  }
}

std::shared_ptr<ChannelInstance> EndpointDispatch::end_instance(ChannelEndpoint& endpoint, ConnectionState& state,
                                                                const std::string& topic, LeaveReason reason,
                                                                const ChannelInstance* expected) {
  std::shared_ptr<ChannelInstance> instance;
  std::unique_ptr<JoinBacklog> backlog;
  {
    std::lock_guard lock(endpoint.lock_for(*state.connection));
    auto* found = state.find_locked(topic);
    if (!found) return nullptr;
    if (expected && found->get() != expected) return nullptr;
    instance = state.take_locked(found);
    instance->phase = Phase::ended;
    backlog = std::move(instance->backlog);
  }
  if (backlog) {
    answer_held(state.connection, backlog->messages, instance->subscription ? "channel closed" : "join cancelled");
  }
  cleanup(endpoint, instance, reason);
  return instance;
}

// The instance is already detached and ended. Only an accepted one was subscribed and
// hears its leave handler; the presence it tracked goes either way.
void EndpointDispatch::cleanup(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                               LeaveReason reason) {
  const bool was_joined = instance->subscription != 0;
  if (was_joined) endpoint.pubsub_->unsubscribe(instance->subscription);
  endpoint.presence_->untrack_owner(instance->topic(), instance->connection->id());
  const auto& on_leave = instance->route->handlers.leave;
  if (!was_joined || !on_leave) return;
  try {
    ChannelContext context(endpoint.shared_from_this(), instance);
    on_leave(context, reason);
  } catch (...) {
    endpoint.log("leave handler for " + instance->topic() + " threw", instance->connection->id());
  }
}

bool EndpointDispatch::run_or_hold(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                   std::function<void()> task) {
  {
    std::lock_guard lock(endpoint.lock_for(*instance->connection));
    if (instance->phase == Phase::ended) return false;
    if (instance->phase != Phase::open) {
      instance->backlog_locked().pushes.push_back(std::move(task));
      return true;
    }
  }
  task();
  return true;
}

bool EndpointDispatch::push_to_instance(ChannelEndpoint& endpoint, const std::shared_ptr<ChannelInstance>& instance,
                                        std::string_view event, std::string_view payload_json) {
  return run_or_hold(endpoint, instance,
                     [connection = instance->connection,
                      frame = encode(instance->join_ref, std::nullopt, instance->topic(), event, payload_json)]() mutable {
                       send(connection, std::move(frame));
                     });
}

}  // namespace quest_live::channels
