// The endpoint's private state and the helpers its .cpp files share.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "quest_live/channels/endpoint.hpp"

namespace quest_live::channels::detail {

// One joined (or joining) channel: one connection on one topic, from one phx_join.
struct ChannelInstance {
  std::string topic;
  std::string join_ref;
  ConnectionPtr connection;
  std::shared_ptr<const Route> route;
  Assigns assigns;
  pubsub::SubscriptionId subscription = 0;
  // While the join handler runs, pushes wait here and go out right after the ok reply.
  // Touched only by the thread running that join.
  bool joining = true;
  std::vector<std::function<void()>> after_join;
};

struct ConnectionState {
  explicit ConnectionState(ConnectionPtr c) : connection(std::move(c)) {}
  ConnectionPtr connection;
  std::mutex mutex;  // guards the two members below
  std::unordered_map<std::string, std::shared_ptr<ChannelInstance>> channels;  // by topic
  bool closed = false;
};

inline const std::string kEmptyObject = "{}";

}  // namespace quest_live::channels::detail

namespace quest_live::channels {

// Frame handling and instance lifecycle; a friend of ChannelEndpoint, private to the library.
class EndpointDispatch {
 public:
  static void handle_text(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                          std::string_view frame);
  static void handle_binary(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                            std::string_view frame);

  // Detaches the topic's instance (only `expected`, if given) and cleans up after it:
  // unsubscribe, untrack presence, leave handler. Returns the instance, or null.
  static std::shared_ptr<detail::ChannelInstance> end_instance(
      ChannelEndpoint& endpoint, detail::ConnectionState& state, const std::string& topic, LeaveReason reason,
      const detail::ChannelInstance* expected = nullptr);
  static void cleanup(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                      LeaveReason reason);

  // Sends to this instance's client if it is still the current instance on its topic.
  static bool push_to_instance(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                               std::string_view event, std::string_view payload_json);
  static std::size_t broadcast_except(ChannelEndpoint& endpoint, const std::string& topic, std::string_view event,
                                      std::string_view payload_json, pubsub::SubscriptionId except);
  static void send(const ConnectionPtr& connection, std::string bytes);

 private:
  static void handle_message(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                             Message& message);
  static void handle_malformed(ChannelEndpoint& endpoint, detail::ConnectionState& state, const DecodeResult& result);
  static void handle_join(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                          Message& message);
  static void handle_leave(ChannelEndpoint& endpoint, detail::ConnectionState& state, const Message& message);
  static void handle_event(ChannelEndpoint& endpoint, detail::ConnectionState& state, Message& message);
  static void finish_join(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                          const std::shared_ptr<detail::ChannelInstance>& instance, const std::string& ref,
                          const JoinResult& result);
  static std::size_t channel_count(detail::ConnectionState& state);
  static JoinResult run_join_handler(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                                     const Message& message);
  static bool activate(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                       const std::shared_ptr<detail::ChannelInstance>& instance);
  static std::shared_ptr<detail::ChannelInstance> current_instance(detail::ConnectionState& state,
                                                                   const std::string& topic);
};

}  // namespace quest_live::channels
