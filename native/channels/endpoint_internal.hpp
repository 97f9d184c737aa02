// The endpoint's private state and the helpers its .cpp files share.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "quest_live/channels/endpoint.hpp"
#include "rate_limiter.hpp"
#include "reply_deadlines.hpp"
#include "topic_names.hpp"

namespace quest_live::channels::detail {

// Where a channel instance is in its life. Guarded by ChannelEndpoint::lock_for(connection).
enum class Phase : std::uint8_t {
  joining,   // the join handler has not answered: pushes and client frames are held
  draining,  // accepted; the ok reply and what was held are being sent, in order
  open,      // joined: pushes go straight out, frames are dispatched at once
  ended,     // refused, cancelled, left, crashed or disconnected: nothing more happens
};

// A client frame that arrived while its topic's join was undecided. Owns its payload's
// bytes (the transport's buffer is gone by the time it is dispatched).
struct HeldMessage {
  Message message;  // message.payload_json is re-pointed at `payload` when dispatched
  std::string payload;
};

// What waits for a join to be decided: pushes made through the instance (sent after the
// ok reply, dropped if refused) and client frames (dispatched after the ok reply, answered
// with an error if refused). Allocated only while something waits.
struct JoinBacklog {
  std::vector<std::function<void()>> pushes;
  std::deque<HeldMessage> messages;
};

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
  Phase phase = Phase::joining;          // guarded by lock_for(*connection)
  std::unique_ptr<JoinBacklog> backlog;  // guarded likewise; null when nothing waits

  const std::string& topic() const { return *name; }
  JoinBacklog& backlog_locked() {
    if (!backlog) backlog = std::make_unique<JoinBacklog>();
    return *backlog;
  }
};

// The channel instances of one connection (pending joins included), guarded by
// ChannelEndpoint::lock_for(*connection) (a striped lock: a mutex per connection would
// cost 40 bytes each).
struct ConnectionState {
  explicit ConnectionState(ConnectionPtr c) : connection(std::move(c)) {}
  ConnectionPtr connection;
  // At most max_channels_per_connection and usually one or two: a vector searched by
  // topic is smaller than a hash map, which needs a bucket array even for one entry.
  std::vector<std::shared_ptr<ChannelInstance>> channels;
  bool closed = false;
  // Touched only by the connection's own frames, which the transport serializes.
  RateLimiter rate;

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

// The shared answer of a JoinResponder (all copies) and of the timeout that may beat it.
struct PendingJoin final : AwaitingReply {
  void expire() override;  // refused with "join timed out"
  std::shared_ptr<ChannelEndpoint> endpoint;
  std::shared_ptr<ChannelInstance> instance;
  std::string ref;
  std::atomic<bool> answered{false};
  ~PendingJoin() override;  // unanswered: refused with "join crashed"
};

// Likewise for one event of an instance.
struct PendingEvent final : AwaitingReply {
  void expire() override;  // error reply "timeout"
  std::shared_ptr<ChannelEndpoint> endpoint;
  std::shared_ptr<ChannelInstance> instance;
  std::optional<std::string> ref;
  std::string event;
  std::atomic<bool> answered{false};
  ~PendingEvent() override;  // unanswered: error reply "no reply"
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
  // unsubscribe, untrack presence, leave handler (only if it had joined), held messages
  // answered with `held_reason`. Returns the instance, or null.
  static std::shared_ptr<detail::ChannelInstance> end_instance(
      ChannelEndpoint& endpoint, detail::ConnectionState& state, const std::string& topic, LeaveReason reason,
      const detail::ChannelInstance* expected = nullptr);
  // For an instance already detached from its connection's list and ended.
  static void cleanup(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                      LeaveReason reason);

  // Sends to this instance's client if it is still the current instance on its topic;
  // while its join is undecided (or its backlog is being sent) the push waits its turn.
  static bool push_to_instance(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                               std::string_view event, std::string_view payload_json);
  // Runs `task` now if the instance is open, holds it for after the ok reply while the
  // join is undecided, drops it once the instance ended (false).
  static bool run_or_hold(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                          std::function<void()> task);
  static std::size_t broadcast_except(ChannelEndpoint& endpoint, const std::string& topic, std::string_view event,
                                      std::string_view payload_json, pubsub::SubscriptionId except);
  static void send(const ConnectionPtr& connection, std::string bytes);

  // The one place a join is decided (sync result, responder, timeout, dropped responder).
  static bool complete_join(detail::PendingJoin& pending, const JoinResult& result);
  // The one place an event is answered (sync result, responder, timeout, dropped responder).
  static bool complete_event(detail::PendingEvent& pending, const EventResult& result);
  static bool crash_event(detail::PendingEvent& pending, std::string_view why);
  static bool is_live(ChannelEndpoint& endpoint, const detail::ChannelInstance& instance);

 private:
  static void handle_message(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                             Message& message);
  static void handle_malformed(ChannelEndpoint& endpoint, detail::ConnectionState& state, const DecodeResult& result);
  static bool within_rate(ChannelEndpoint& endpoint, detail::ConnectionState& state, const Message* message,
                          const DecodeResult* malformed);
  static void handle_join(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ConnectionState>& state,
                          Message& message);
  static void run_join_handler(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                               const Message& message);
  static void drain(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance);
  static void answer_held(const ConnectionPtr& connection, std::deque<detail::HeldMessage>& held,
                          std::string_view reason);
  // Holds `message` if its topic's join is undecided; true if held (or refused as too many).
  static bool hold_if_joining(ChannelEndpoint& endpoint, detail::ConnectionState& state, Message& message);
  static void handle_leave(ChannelEndpoint& endpoint, detail::ConnectionState& state, const Message& message);
  static void handle_event(ChannelEndpoint& endpoint, detail::ConnectionState& state, Message& message);
  static void run_event_handler(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                                const std::shared_ptr<detail::ChannelInstance>& instance, Message& message);
  static void dispatch_held(ChannelEndpoint& endpoint, const std::shared_ptr<detail::ChannelInstance>& instance,
                            detail::HeldMessage& held);
  static void crash_instance(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                             const std::shared_ptr<detail::ChannelInstance>& instance);
  static std::shared_ptr<detail::ChannelInstance> current_instance(ChannelEndpoint& endpoint, detail::ConnectionState& state,
                                                                   const std::string& topic);
};

}  // namespace quest_live::channels
