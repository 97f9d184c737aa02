// ChannelsHub: the Quest side of Phoenix Channels (std/web/channels, presence, pubsub).
//
// One hub per Vm, created by install_channels_bindings() and owned by the native module
// factories of that Vm (and the WebApp's route installer holds it weakly). It owns:
//   - the settings ([std.web.channels] and [std.web.pubsub] in quest.toml, then
//     channels.configure / pubsub.configure), frozen when the endpoint is created;
//   - the one ChannelEndpoint (created on first use: the first channels.channel,
//     broadcast or subscribe) with its scheduler thread and pub/sub adapter (local or
//     Redis), mounted on every server the WebApp starts;
//   - the Quest values: each channel pattern's setup function, and per joined channel
//     instance a ChannelEntry (the socket object, its handlers, its assigns, its
//     subscriptions), created by the join task and erased by the leave task, so handler
//     closures are released with the channel;
//   - the Quest functions subscribed through std/web/pubsub.
//
// Threading: the endpoint calls its async handlers on I/O threads; they only post plain
// data (the context, the payload bytes, the responder) to the Loop. Everything that
// touches a quest::Value runs on the loop thread. Engine calls (push, broadcast, track)
// are thread-safe and made from the loop directly.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "loop.hpp"
#include "quest/vm.hpp"
#include "quest_live/channels/endpoint.hpp"
#include "quest_live/net/server.hpp"
#include "quest_live/pubsub/redis_adapter.hpp"

namespace quest_bindings {

class WebApp;
class ChannelsHub;

// A joined channel's entry in the hub: its ChannelContext::instance_id(). The socket
// object holds the context, so the instance (and the id) cannot be reused while an entry
// or a socket refers to it; 8 bytes instead of a "connection id, topic, join_ref" string
// in the map and another in the socket (about 180 bytes per joined channel).
using ChannelKey = const void*;

// The `socket` a channel's functions receive: one joined (or joining) channel instance.
// Holds only engine handles (thread-safe) and a weak pointer back to the hub, so it may
// outlive its entry (get() is then the default, push() does nothing).
class ChannelSocketObject final : public quest::NativeObject {
 public:
  ChannelSocketObject(const quest::NativeClass* cls, quest_live::channels::ChannelContext context,
                      std::weak_ptr<ChannelsHub> hub)
      : NativeObject(cls), context(std::move(context)), key(this->context.instance_id()), hub(std::move(hub)) {}
  std::string to_display() const override {
    return "<ChannelSocket " + context.topic() + " " + context.connection_id() + ">";
  }

  quest_live::channels::ChannelContext context;  // thread-safe handle; non-const for push/track
  const ChannelKey key;   // the hub's entry key
  const std::weak_ptr<ChannelsHub> hub;
};

struct ChannelEntry {
  quest::Ref<ChannelSocketObject> socket;
  quest::Value on_join;
  quest::Value on_leave;
  // event -> fun (payload). A few per channel, so a vector (a Dict costs more per channel).
  using NamedValues = std::vector<std::pair<std::string, quest::Value>>;
  NamedValues handlers;
  // socket.get / socket.set: a few keys per channel, so a vector too (a Dict with its
  // entry and slot arrays cost about 130 bytes more per joined channel).
  NamedValues assigns;

  static const quest::Value* lookup(const NamedValues& values, std::string_view name) {
    for (const auto& [key, value] : values)
      if (key == name) return &value;
    return nullptr;
  }
  static void store(NamedValues& values, std::string_view name, const quest::Value& value) {
    for (auto& [key, existing] : values)
      if (key == name) {
        existing = value;
        return;
      }
    values.emplace_back(std::string(name), value);
  }
  const quest::Value* handler_for(std::string_view event) const { return lookup(handlers, event); }
  void set_handler(const std::string& event, const quest::Value& fn) { store(handlers, event, fn); }
  std::vector<quest_live::pubsub::SubscriptionId> subscriptions;
  // (topic, key) this socket tracks: usually one pair, so a vector (no hash table per channel).
  std::vector<std::pair<std::string, std::string>> presence_keys;
  bool joined = false;
  bool wants_presence_state = false;  // tracked on its own topic
  bool presence_state_pushed = false;
};

// What quest.toml and configure() may set. Frozen once the endpoint exists.
struct ChannelsSettings {
  quest_live::channels::EndpointOptions endpoint;
  std::string adapter = "local";  // "local" or "redis"
  quest_live::pubsub::RedisConfig redis;
  std::filesystem::path config_file;  // the quest.toml read, empty when none
};

// Reads [std.web.channels] (path, max_channels, rate_limit, rate_burst, max_frame_bytes,
// reply_timeout_ms, presence_window_ms, presence_max_window_ms) and [std.web.pubsub] (adapter, url, channel,
// node_id) from the first quest.toml found from `start_dir` upward. Throws
// std::invalid_argument naming the file and key on a wrong type or value.
ChannelsSettings load_channels_settings(const std::filesystem::path& start_dir);

// Something besides channel sockets and functions that pubsub.subscribe accepts (the
// LiveView socket registers one: its handle_info). Returns the subscription id, or
// nullopt when `target` is not of its kind.
using PubSubTargetHook = std::function<std::optional<quest_live::pubsub::SubscriptionId>(
    ChannelsHub& hub, const quest::Value& target, const std::string& topic)>;

class ChannelsHub : public std::enable_shared_from_this<ChannelsHub> {
 public:
  ChannelsHub(quest::Vm& vm, std::weak_ptr<WebApp> app);
  ~ChannelsHub();

  quest::Vm& vm() { return vm_; }
  std::shared_ptr<WebApp> app() const { return app_.lock(); }

  // ---- settings (loop thread; raise a Quest ValueErr once frozen or on a bad value) ----
  void configure_channels(const quest::DictObj& options);
  void configure_pubsub(const quest::DictObj& options);
  const ChannelsSettings& settings();
  bool endpoint_created() const { return endpoint_ != nullptr; }

  // The endpoint, created on first call with the settings as they are then.
  const std::shared_ptr<quest_live::channels::ChannelEndpoint>& endpoint();
  // The Redis adapter when [std.web.pubsub] adapter = "redis" (nullptr otherwise).
  const std::shared_ptr<quest_live::pubsub::RedisAdapter>& redis() const { return redis_; }

  // channels.channel(pattern, fun (socket, topic, params)).
  void add_channel(const std::string& pattern, quest::Value setup);
  // Routes the endpoint on a server being started (WebApp's route installer). Does
  // nothing when no channel was declared.
  void install(quest_live::net::Server& server);

  // ---- channel instances (loop thread) ----
  ChannelEntry* find(ChannelKey key);
  ChannelEntry* entry_of(const ChannelSocketObject& socket) { return find(socket.key); }
  // Sockets joined to `topic`, in no particular order (broadcast_if).
  std::vector<quest::Value> sockets_on(const std::string& topic) const;
  // After a track on the socket's own topic: presence_state to it once joined.
  void note_tracked(ChannelEntry& entry);

  // ---- pub/sub subscribers (loop thread) ----
  quest_live::pubsub::SubscriptionId subscribe(const quest::Value& target, const std::string& topic);
  std::size_t unsubscribe(const quest::Value& target, const std::string& topic);
  bool unsubscribe_id(quest_live::pubsub::SubscriptionId id);
  void add_target_hook(PubSubTargetHook hook) { target_hooks_.push_back(std::move(hook)); }

  // Quest `payload` -> JSON text; raises TypeErr unless it is a Dict (or nil -> "{}").
  std::string payload_json(const quest::Value& payload, std::string_view fn);

 private:
  struct FunctionSubscriber {
    quest::Value function;
    std::string topic;
  };
  struct Subscription {
    std::string topic;
    ChannelKey owner_key = nullptr;  // channel entry key; null for a function or a LiveView
  };

  void freeze();
  void run_join(std::size_t route, quest_live::channels::ChannelContext context, std::string payload,
                quest_live::channels::JoinResponder responder);
  void finish_join(ChannelKey key, const quest::Value& result,
                   quest_live::channels::JoinResponder& responder);
  void run_event(quest_live::channels::ChannelContext context, std::string event, std::string payload,
                 quest_live::channels::EventResponder responder);
  void run_leave(ChannelKey key);
  void deliver_to_function(quest_live::pubsub::SubscriptionId id, const std::string& topic,
                           const std::string& event, const std::string& payload);
  quest::Value connect_params(const std::string& connection_id);
  void log_error(const std::string& what, const quest::QuestError& error);

  quest::Vm& vm_;
  std::weak_ptr<WebApp> app_;
  std::shared_ptr<TaskQueue> queue_;
  std::optional<ChannelsSettings> settings_;
  std::shared_ptr<quest_live::channels::Scheduler> scheduler_;
  std::shared_ptr<quest_live::pubsub::RedisAdapter> redis_;
  std::shared_ptr<quest_live::channels::ChannelEndpoint> endpoint_;
  std::vector<quest::Value> routes_;  // setup functions, by route index
  bool served_without_channels_ = false;  // a server started before any channel existed (warned)
  std::unordered_map<ChannelKey, ChannelEntry> entries_;
  std::unordered_map<quest_live::pubsub::SubscriptionId, FunctionSubscriber> functions_;
  std::unordered_map<quest_live::pubsub::SubscriptionId, Subscription> subscriptions_;
  std::vector<PubSubTargetHook> target_hooks_;

  // Connect params by connection id: written by I/O threads (open/close), read on the loop.
  std::mutex params_mutex_;
  std::unordered_map<std::string, std::string> connect_query_;
};

// Registers _native/channels, _native/presence, _native/pubsub and the ChannelSocket
// class, and hooks the endpoint into every server `app` starts.
std::shared_ptr<ChannelsHub> install_channels_bindings(quest::Vm& vm, const std::shared_ptr<WebApp>& app);

// The three module halves (channels_module.cpp, presence_module.cpp, pubsub_module.cpp).
void install_channels_module(quest::Vm& vm, const std::shared_ptr<ChannelsHub>& hub);
void install_presence_module(quest::Vm& vm, const std::shared_ptr<ChannelsHub>& hub);
void install_pubsub_module(quest::Vm& vm, const std::shared_ptr<ChannelsHub>& hub);

// The ChannelSocket receiver of a method (TypeErr otherwise); any ChannelSocket argument.
ChannelSocketObject& channel_socket_self(const quest::Args& args, std::string_view fn);
ChannelSocketObject& channel_socket_arg(const quest::Args& args, std::size_t pos, std::string_view fn);
inline constexpr const char* kChannelSocketClass = "ChannelSocket";

// For a module's functions: the hub while its Vm's bindings live, else a RuntimeErr
// naming `module` (a function value can outlive them).
inline auto hub_getter(std::weak_ptr<ChannelsHub> weak, std::string module) {
  return [weak = std::move(weak), module = std::move(module)] {
    auto shared = weak.lock();
    if (!shared) quest::throw_error("RuntimeErr", module + ": the bindings are gone");
    return shared;
  };
}

}  // namespace quest_bindings
