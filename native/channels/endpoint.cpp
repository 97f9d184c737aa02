// ChannelEndpoint's public face: the connection registry, routes, and server-initiated
// messages. Frame handling lives in dispatch.cpp.
#include "quest_live/channels/endpoint.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iostream>
#include <stdexcept>

#include "endpoint_internal.hpp"

namespace quest_live::channels {

namespace {

// With replication every node diffs its own replicas for its own clients, so a diff is
// delivered locally only; without it, a diff is an ordinary broadcast.
std::shared_ptr<presence::Presence> make_presence(const std::shared_ptr<Scheduler>& scheduler,
                                                  const std::shared_ptr<pubsub::PubSub>& bus,
                                                  const EndpointOptions& options, bool replicated) {
  std::weak_ptr<pubsub::PubSub> weak_bus = bus;
  auto publish_diff = [weak_bus, replicated](const std::string& topic, const std::string& diff_json) {
    auto bus = weak_bus.lock();
    if (!bus) return;
    auto frame = make_frame(encode(std::nullopt, std::nullopt, topic, "presence_diff", diff_json));
    auto message = std::make_shared<const pubsub::Broadcast>(
        pubsub::Broadcast{topic, "presence_diff", diff_json, std::move(frame)});
    if (replicated) bus->broadcast_local(message);
    else bus->broadcast(message);
  };
  return std::make_shared<presence::Presence>(scheduler, std::move(publish_diff), options.presence_window,
                                              options.presence_max_window);
}

}  // namespace

std::shared_ptr<ChannelEndpoint> ChannelEndpoint::create(std::shared_ptr<Scheduler> scheduler,
                                                         EndpointOptions options,
                                                         std::shared_ptr<pubsub::PubSubAdapter> adapter) {
  return std::make_shared<ChannelEndpoint>(Token{}, std::move(scheduler), std::move(options), std::move(adapter));
}

ChannelEndpoint::ChannelEndpoint(Token, std::shared_ptr<Scheduler> scheduler, EndpointOptions options,
                                 std::shared_ptr<pubsub::PubSubAdapter> adapter)
    : options_(std::move(options)),
      scheduler_(scheduler),
      deadlines_(std::make_shared<detail::ReplyDeadlines>(scheduler, options_.reply_timeout)),
      pubsub_(std::make_shared<pubsub::PubSub>(adapter)),
      presence_(make_presence(scheduler, pubsub_, options_,
                              std::dynamic_pointer_cast<pubsub::ControlChannel>(adapter) != nullptr)),
      topic_names_(std::make_shared<detail::TopicNames>()) {
  if (!options_.log) {
    options_.log = [](std::string_view line) { std::cerr << line << '\n'; };
  }
  if (auto control = std::dynamic_pointer_cast<pubsub::ControlChannel>(adapter)) {
    auto replication = options_.presence_replication;
    if (!replication.log) replication.log = options_.log;
    replicator_ = presence::Replicator::start(presence_, std::move(control), scheduler_, std::move(replication));
  }
}

void ChannelEndpoint::add_channel(std::string pattern, ChannelHandlers handlers) {
  if (static_cast<bool>(handlers.join) == static_cast<bool>(handlers.join_async)) {
    throw std::invalid_argument("add_channel(\"" + pattern + "\"): set exactly one of join and join_async");
  }
  if (handlers.event && handlers.event_async) {
    throw std::invalid_argument("add_channel(\"" + pattern + "\"): set at most one of event and event_async");
  }
  auto route = std::make_shared<const detail::Route>(detail::Route{TopicPattern(std::move(pattern)), std::move(handlers)});
  std::lock_guard lock(mutex_);
  routes_.push_back(std::move(route));
}

void ChannelEndpoint::on_open(const ConnectionPtr& connection) { state_of(connection); }

void ChannelEndpoint::on_text(const ConnectionPtr& connection, std::string_view frame) {
  EndpointDispatch::handle_text(*this, state_of(connection), frame);
}

void ChannelEndpoint::on_binary(const ConnectionPtr& connection, std::string_view frame) {
  EndpointDispatch::handle_binary(*this, state_of(connection), frame);
}

// Ends every channel of the connection silently (there is nobody left to tell); pending
// joins are dropped (their responders then answer nothing).
void ChannelEndpoint::on_close(const std::string& connection_id) {
  std::shared_ptr<detail::ConnectionState> state;
  {
    std::lock_guard lock(mutex_);
    auto found = connections_.find(std::string_view(connection_id));
    if (found == connections_.end()) return;
    state = *found;
    connections_.erase(found);
  }
  std::vector<std::shared_ptr<detail::ChannelInstance>> channels;
  {
    std::lock_guard lock(lock_for(*state->connection));
    state->closed = true;
    channels.swap(state->channels);
    for (auto& instance : channels) {
      instance->phase = detail::Phase::ended;
      instance->backlog.reset();
    }
  }
  for (auto& instance : channels) EndpointDispatch::cleanup(*this, instance, LeaveReason::disconnected);
  presence_->untrack_owner(connection_id);
}

bool ChannelEndpoint::push(const std::string& connection_id, const std::string& topic, std::string_view event,
                           std::string_view payload_json) {
  auto state = find_state(connection_id);
  if (!state) return false;
  std::shared_ptr<detail::ChannelInstance> instance;
  {
    std::lock_guard lock(lock_for(*state->connection));
    auto* found = state->find_locked(topic);
    if (!found) return false;
    instance = *found;
  }
  return EndpointDispatch::push_to_instance(*this, instance, event, payload_json);
}

std::size_t ChannelEndpoint::broadcast(const std::string& topic, std::string_view event,
                                       std::string_view payload_json) {
  return EndpointDispatch::broadcast_except(*this, topic, event, payload_json, 0);
}

std::size_t ChannelEndpoint::broadcast_from(const std::string& connection_id, const std::string& topic,
                                            std::string_view event, std::string_view payload_json) {
  pubsub::SubscriptionId sender = 0;
  if (auto state = find_state(connection_id)) {
    std::lock_guard lock(lock_for(*state->connection));
    if (auto* found = state->find_locked(topic)) sender = (*found)->subscription;
  }
  return EndpointDispatch::broadcast_except(*this, topic, event, payload_json, sender);
}

bool ChannelEndpoint::close_channel(const std::string& connection_id, const std::string& topic) {
  auto state = find_state(connection_id);
  if (!state) return false;
  auto instance = EndpointDispatch::end_instance(*this, *state, topic, LeaveReason::closed_by_server);
  if (!instance) return false;
  EndpointDispatch::send(instance->connection,
                         encode(instance->join_ref, instance->join_ref, topic, "phx_close", detail::kEmptyObject));
  return true;
}

std::size_t ChannelEndpoint::connection_count() const {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

std::shared_ptr<detail::ConnectionState> ChannelEndpoint::state_of(const ConnectionPtr& connection) {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(std::string_view(connection->id()));
  if (found != connections_.end()) return *found;
  return *connections_.insert(std::make_shared<detail::ConnectionState>(connection)).first;
}

std::shared_ptr<detail::ConnectionState> ChannelEndpoint::find_state(std::string_view connection_id) const {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection_id);
  return found == connections_.end() ? nullptr : *found;
}

const detail::Route* ChannelEndpoint::find_route(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  for (const auto& route : routes_) {
    if (route->pattern.matches(topic)) return route.get();
  }
  return nullptr;
}

std::mutex& ChannelEndpoint::lock_for(const Connection& connection) const {
  const auto address = reinterpret_cast<std::uintptr_t>(&connection);
  return state_locks_[(address / alignof(std::max_align_t)) % state_locks_.size()];
}

void ChannelEndpoint::log(std::string_view what, const std::string& connection_id) const {
  std::string line = "[channels] connection ";
  line += connection_id;
  line += ": ";
  line += what;
  options_.log(line);
}

namespace detail {

std::size_t StateIdHash::operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
std::size_t StateIdHash::operator()(const std::shared_ptr<ConnectionState>& state) const noexcept {
  return (*this)(state->connection->id());
}
bool StateIdEqual::operator()(std::string_view a, const std::shared_ptr<ConnectionState>& b) const noexcept {
  return a == b->connection->id();
}
bool StateIdEqual::operator()(const std::shared_ptr<ConnectionState>& a, std::string_view b) const noexcept {
  return a->connection->id() == b;
}
bool StateIdEqual::operator()(const std::shared_ptr<ConnectionState>& a,
                              const std::shared_ptr<ConnectionState>& b) const noexcept {
  return a->connection->id() == b->connection->id();
}

}  // namespace detail
}  // namespace quest_live::channels
