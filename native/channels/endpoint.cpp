// ChannelEndpoint's public face: the connection registry, routes, and server-initiated
// messages. Frame handling lives in dispatch.cpp.
#include "quest_live/channels/endpoint.hpp"

#include <iostream>

#include "endpoint_internal.hpp"

namespace quest_live::channels {

namespace {

std::shared_ptr<presence::Presence> make_presence(const std::shared_ptr<Scheduler>& scheduler,
                                                  const std::shared_ptr<pubsub::PubSub>& bus,
                                                  std::chrono::milliseconds window) {
  std::weak_ptr<pubsub::PubSub> weak_bus = bus;
  auto publish_diff = [weak_bus](const std::string& topic, const std::string& diff_json) {
    auto bus = weak_bus.lock();
    if (!bus) return;
    auto frame = make_frame(encode(std::nullopt, std::nullopt, topic, "presence_diff", diff_json));
    bus->broadcast(std::make_shared<const pubsub::Broadcast>(
        pubsub::Broadcast{topic, "presence_diff", diff_json, std::move(frame)}));
  };
  return std::make_shared<presence::Presence>(scheduler, std::move(publish_diff), window);
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
      pubsub_(std::make_shared<pubsub::PubSub>(std::move(adapter))),
      presence_(make_presence(scheduler, pubsub_, options_.presence_window)) {
  if (!options_.log) {
    options_.log = [](std::string_view line) { std::cerr << line << '\n'; };
  }
}

void ChannelEndpoint::add_channel(std::string pattern, ChannelHandlers handlers) {
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

// Ends every channel of the connection silently (there is nobody left to tell).
void ChannelEndpoint::on_close(const std::string& connection_id) {
  std::shared_ptr<detail::ConnectionState> state;
  {
    std::lock_guard lock(mutex_);
    auto found = connections_.find(connection_id);
    if (found == connections_.end()) return;
    state = std::move(found->second);
    connections_.erase(found);
  }
  std::unordered_map<std::string, std::shared_ptr<detail::ChannelInstance>> channels;
  {
    std::lock_guard lock(state->mutex);
    state->closed = true;
    channels.swap(state->channels);
  }
  for (auto& [topic, instance] : channels) EndpointDispatch::cleanup(*this, instance, LeaveReason::disconnected);
  presence_->untrack_owner(connection_id);
}

bool ChannelEndpoint::push(const std::string& connection_id, const std::string& topic, std::string_view event,
                           std::string_view payload_json) {
  auto state = find_state(connection_id);
  if (!state) return false;
  std::shared_ptr<detail::ChannelInstance> instance;
  {
    std::lock_guard lock(state->mutex);
    auto found = state->channels.find(topic);
    if (found == state->channels.end()) return false;
    instance = found->second;
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
    std::lock_guard lock(state->mutex);
    auto found = state->channels.find(topic);
    if (found != state->channels.end()) sender = found->second->subscription;
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
  auto& state = connections_[connection->id()];
  if (!state) state = std::make_shared<detail::ConnectionState>(connection);
  return state;
}

std::shared_ptr<detail::ConnectionState> ChannelEndpoint::find_state(const std::string& connection_id) const {
  std::lock_guard lock(mutex_);
  auto found = connections_.find(connection_id);
  return found == connections_.end() ? nullptr : found->second;
}

std::shared_ptr<const detail::Route> ChannelEndpoint::find_route(std::string_view topic) const {
  std::lock_guard lock(mutex_);
  for (const auto& route : routes_) {
    if (route->pattern.matches(topic)) return route;
  }
  return nullptr;
}

void ChannelEndpoint::log(std::string_view what, const std::string& connection_id) const {
  std::string line = "[channels] connection ";
  line += connection_id;
  line += ": ";
  line += what;
  options_.log(line);
}

}  // namespace quest_live::channels
