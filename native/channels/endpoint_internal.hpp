// The endpoint's private state and the helpers its .cpp files share.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "topic_names.hpp"

namespace quest_live::channels::detail {

// One joined (or joining) channel: one connection on one topic, from one phx_join.
// Kept small on purpose: an idle joined connection is mostly this, its ConnectionState
// and its pub/sub entry (see native/channels/README.md, "Memory per joined connection").
struct ChannelInstance {
  TopicName name;  // interned: shared by every instance on the topic
  std::string join_ref;
  ConnectionPtr connection;
  const Route* route = nullptr;  // routes live as long as the endpoint, which outlives this
  pubsub::SubscriptionId subscription = 0;
  Assigns assigns;
  // While the join handler runs, pushes wait here and go out right after the ok reply.
  // Touched only by the thread running that join; allocated only if a push waits.
  bool joining = true;
  std::unique_ptr<std::vector<std::function<void()>>> after_join;

  const std::string& topic() const { return *name; }
  void defer(std::function<void()> task) {
    if (!after_join) after_join = std::make_unique<std::vector<std::function<void()>>>();
    after_join->push_back(std::move(task));
  }
};

// The channel instances of one connection. Guarded by ChannelEndpoint::lock_for(*this)
// (a striped lock: a mutex per connection would cost 40 bytes each).
struct ConnectionState {
  explicit ConnectionState(ConnectionPtr c) : connection(std::move(c)) {}
  ConnectionPtr connection;
  // At most max_channels_per_connection and usually one or two: a vector searched by
  // topic is smaller than a hash map, which needs a bucket array even for one entry.
  std::vector<std::shared_ptr<ChannelInstance>> channels;
  bool closed = false;

  // Caller holds the state's lock. Null if the topic is not joined.
  std::shared_ptr<ChannelInstance>* find_locked(std::string_view topic) {
    for (auto& instance : channels) {
      if (instance->topic() == topic) return &instance;
    }
    return nullptr;
  }
  // Caller holds the state's lock; `found` came from find_locked.
  std::shared_ptr<ChannelInstance> take_locked(std::shared_ptr<ChannelInstance>* found) {
    auto instance = std::move(*found);
    if (found != &channels.back()) *found = std::move(channels.back());
    channels.pop_back();
    return instance;
  }
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
  static std::size_t channel_count(ChannelEndpoint& endpoint, detail::ConnectionState& state);
  static JoinResult run_join_handler(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                                     const Message& message);
  static void run_deferred(detail::ChannelInstance& instance);
  static bool activate(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                       const std::shared_ptr<detail::ChannelInstance>& instance);
  static std::shared_ptr<detail::ChannelInstance> current_instance(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                                                                   const std::string& topic);
};

}  // namespace quest_live::channels
