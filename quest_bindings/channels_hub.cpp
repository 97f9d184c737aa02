#include "channels_hub.hpp"

#include <utility>

#include "convert.hpp"
#include "quest/host.hpp"
#include "thread_scheduler.hpp"
#include "web_app.hpp"

namespace quest_bindings {

using quest::Value;
namespace channels = quest_live::channels;
namespace pubsub = quest_live::pubsub;
namespace ws = quest_live::ws;

namespace {

std::string reason_json(quest::Vm& vm, const Value& reason) {
  if (reason.is_dict()) return to_json(vm, reason);
  Value wrapped = quest::make_dict();
  wrapped.as_dict().set("reason", reason.is_str() ? reason : quest::make_str(vm.to_str(reason)));
  return to_json(vm, wrapped);
}

}  // namespace

ChannelsHub::ChannelsHub(quest::Vm& vm, std::weak_ptr<WebApp> app) : vm_(vm), app_(std::move(app)) {
  if (auto shared = app_.lock()) queue_ = shared->loop().queue();
}

ChannelsHub::~ChannelsHub() {
  entries_.clear();
  functions_.clear();
  routes_.clear();
}

// ---------------------------------------------------------------- settings

const ChannelsSettings& ChannelsHub::settings() {
  if (!settings_) {
    try {
      settings_ = load_channels_settings(std::filesystem::current_path());
    } catch (const std::invalid_argument& error) {
      quest::throw_error("ValueErr", error.what());
    }
  }
  return *settings_;
}

void ChannelsHub::configure_channels(const quest::DictObj& options) {
  if (endpoint_) quest::throw_error("ValueErr", "channels.configure: call it before the first channel or broadcast");
  settings();
  // Applied to a copy, committed only when every option is good: a refused call changes nothing.
  auto o = settings_->endpoint;
  options.for_each([&](const std::string& key, const Value& value) {
    const auto number = [&](double min) {
      if (!value.is_int() && !value.is_float())
        quest::throw_error("TypeErr", "channels.configure: " + key + " must be a number");
      const double n = value.is_int() ? static_cast<double>(value.as_int()) : value.as_float();
      if (n < min) quest::throw_error("ValueErr", "channels.configure: " + key + " must be >= " + std::to_string(static_cast<int>(min)));
      return n;
    };
    if (key == "path") {
      if (!value.is_str() || value.as_str().empty() || value.as_str().front() != '/')
        quest::throw_error("ValueErr", "channels.configure: path must be a Str starting with '/'");
      o.path = value.as_str();
    } else if (key == "max_channels") {
      o.max_channels_per_connection = static_cast<std::size_t>(number(1));
    } else if (key == "rate_limit") {
      o.rate_limit.per_second = number(0);
      o.rate_limit.burst = 2 * o.rate_limit.per_second;
    } else if (key == "rate_burst") {
      o.rate_limit.burst = number(1);
    } else if (key == "max_frame_bytes") {
      o.max_frame_bytes = static_cast<std::size_t>(number(64));
    } else if (key == "reply_timeout_ms") {
      o.reply_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(number(0)));
    } else if (key == "presence_window_ms") {
      o.presence_window = std::chrono::milliseconds(static_cast<std::int64_t>(number(1)));
    } else if (key == "presence_max_window_ms") {
      o.presence_max_window = std::chrono::milliseconds(static_cast<std::int64_t>(number(1)));
    } else {
      quest::throw_error("ValueErr", "channels.configure: unknown option '" + key + "'");
    }
  });
  // As in quest.toml: a base window alone raises the maximum with it.
  if (!options.find("presence_max_window_ms")) o.presence_max_window = std::max(o.presence_max_window, o.presence_window);
  if (o.presence_max_window < o.presence_window)
    quest::throw_error("ValueErr", "channels.configure: presence_max_window_ms (" +
                                       std::to_string(o.presence_max_window.count()) +
                                       ") must not be below presence_window_ms (" +
                                       std::to_string(o.presence_window.count()) + ")");
  settings_->endpoint = std::move(o);
}

void ChannelsHub::configure_pubsub(const quest::DictObj& options) {
  if (endpoint_) quest::throw_error("ValueErr", "pubsub.configure: call it before the first channel or broadcast");
  settings();
  options.for_each([&](const std::string& key, const Value& value) {
    if (!value.is_str()) quest::throw_error("TypeErr", "pubsub.configure: " + key + " must be a Str");
    const std::string& text = value.as_str();
    if (key == "adapter") {
      if (text != "local" && text != "redis")
        quest::throw_error("ValueErr", "pubsub.configure: adapter must be \"local\" or \"redis\", got \"" + text + "\"");
      settings_->adapter = text;
    } else if (key == "url") {
      try {
        pubsub::parse_redis_url(text);
      } catch (const std::invalid_argument& error) {
        quest::throw_error("ValueErr", std::string("pubsub.configure: ") + error.what());
      }
      settings_->redis.url = text;
    } else if (key == "channel") {
      settings_->redis.channel = text;
    } else if (key == "node_id") {
      settings_->redis.node_id = text;
    } else {
      quest::throw_error("ValueErr", "pubsub.configure: unknown option '" + key + "'");
    }
  });
}

const std::shared_ptr<channels::ChannelEndpoint>& ChannelsHub::endpoint() {
  if (!endpoint_) freeze();
  return endpoint_;
}

void ChannelsHub::freeze() {
  ChannelsSettings config = settings();
  config.endpoint.log = [](std::string_view line) { web_log("channels: " + std::string(line)); };
  scheduler_ = std::make_shared<ThreadScheduler>();
  std::shared_ptr<pubsub::PubSubAdapter> adapter = std::make_shared<pubsub::LocalAdapter>();
  if (config.adapter == "redis") {
    config.redis.log = [](std::string_view line) { web_log("pubsub redis: " + std::string(line)); };
    redis_ = pubsub::RedisAdapter::create(config.redis);
    // Startup waits a little for the link, so the first broadcasts are not only queued.
    if (!redis_->wait_until_ready(std::chrono::seconds(3)))
      web_log("pubsub redis: " + config.redis.url + " not reachable yet; broadcasts are queued until it is");
    adapter = redis_;
  }
  endpoint_ = channels::ChannelEndpoint::create(scheduler_, config.endpoint, adapter);
}

// ---------------------------------------------------------------- routes

void ChannelsHub::add_channel(const std::string& pattern, Value setup) {
  if (served_without_channels_ && routes_.empty())
    web_log("channels: channel \"" + pattern + "\" declared after a server started; only servers started "
            "from now on serve the channel endpoint (declare channels before web.start / web.run)");
  const std::size_t route = routes_.size();
  std::weak_ptr<ChannelsHub> weak = weak_from_this();
  std::shared_ptr<TaskQueue> queue = queue_;
  channels::ChannelHandlers handlers;
  handlers.join_async = [weak, queue, route](channels::ChannelContext& context, std::string_view payload,
                                             channels::JoinResponder responder) {
    const bool posted = queue->post([weak, route, context, payload = std::string(payload), responder]() mutable {
      if (auto hub = weak.lock()) hub->run_join(route, std::move(context), std::move(payload), std::move(responder));
    });
    if (!posted) responder.refuse("server busy");
  };
  handlers.event_async = [weak, queue](channels::ChannelContext& context, const std::string& event,
                                       std::string_view payload, channels::EventResponder responder) {
    const bool posted = queue->post([weak, context, event, payload = std::string(payload), responder]() mutable {
      if (auto hub = weak.lock()) hub->run_event(std::move(context), std::move(event), std::move(payload), std::move(responder));
    });
    if (!posted) responder.error(R"({"reason":"server busy"})");
  };
  handlers.leave = [weak, queue](channels::ChannelContext& context, channels::LeaveReason) {
    // The task holds the context, so the instance id stays unique until the leave ran.
    queue->post_always([weak, context] {
      if (auto hub = weak.lock()) hub->run_leave(context.instance_id());
    });
  };
  try {
    endpoint()->add_channel(pattern, std::move(handlers));
  } catch (const std::invalid_argument& error) {
    quest::throw_error("ValueErr", std::string("channels.channel: ") + error.what());
  }
  routes_.push_back(std::move(setup));
}

void ChannelsHub::install(quest_live::net::Server& server) {
  if (routes_.empty()) {
    served_without_channels_ = true;
    return;
  }
  std::shared_ptr<channels::ChannelEndpoint> endpoint = endpoint_;
  std::weak_ptr<ChannelsHub> weak = weak_from_this();
  ws::WebSocketHandlers handlers;
  handlers.on_open = [endpoint, weak](const ws::WebSocketConnectionPtr& connection) {
    // Only queries with params besides the protocol's vsn are kept (most have none).
    const std::string& query = connection->info().query;
    const bool only_vsn = query.empty() || (query.rfind("vsn=", 0) == 0 && query.find('&') == std::string::npos);
    if (auto hub = weak.lock(); hub && !only_vsn) {
      std::lock_guard lock(hub->params_mutex_);
      hub->connect_query_[connection->id()] = query;
    }
    endpoint->on_open(connection);
  };
  handlers.on_message = [endpoint](const ws::WebSocketConnectionPtr& connection, std::string_view data,
                                   quest_live::FrameKind kind) {
    if (kind == quest_live::FrameKind::text) endpoint->on_text(connection, data);
    else endpoint->on_binary(connection, data);
  };
  handlers.on_close = [endpoint, weak](const ws::WebSocketConnectionPtr& connection, std::uint16_t, std::string_view) {
    endpoint->on_close(connection->id());
    if (auto hub = weak.lock()) {
      std::lock_guard lock(hub->params_mutex_);
      hub->connect_query_.erase(connection->id());
    }
  };
  server.websockets().route(endpoint->options().websocket_path(), std::move(handlers));
}

// ---------------------------------------------------------------- join / event / leave

Value ChannelsHub::connect_params(const std::string& connection_id) {
  std::string query;
  {
    std::lock_guard lock(params_mutex_);
    auto it = connect_query_.find(connection_id);
    if (it != connect_query_.end()) query = it->second;
  }
  Value params = form_dict(query);
  params.as_dict().remove("vsn");  // the protocol's, not the app's
  return params;
}

void ChannelsHub::log_error(const std::string& what, const quest::QuestError& error) {
  web_log("channels: " + what + " raised: " + quest::format_error(error));
}

void ChannelsHub::run_join(std::size_t route, channels::ChannelContext context, std::string payload,
                           channels::JoinResponder responder) {
  if (responder.answered()) return;  // timed out or cancelled while queued
  const ChannelKey key = context.instance_id();
  const std::string topic = context.topic();
  ChannelEntry& entry = entries_[key];
  entry.socket = quest::make_ref<ChannelSocketObject>(vm_.native_class(kChannelSocketClass), context, weak_from_this());
  const Value socket(entry.socket);
  Value result;
  try {
    vm_.call(routes_.at(route), {socket, quest::make_str(topic), connect_params(context.connection_id())});
    if (ChannelEntry* live = find(key); live && !live->on_join.is_nil()) {
      // on_join runs once per instance (a rejoin is a new instance): release it now, and
      // with it the setup call's frame it captured (socket, topic, params), unless the
      // channel's other handlers hold that frame too. About 400 bytes per joined channel.
      const Value on_join = std::exchange(live->on_join, Value::nil());
      result = vm_.call(on_join, {from_json(vm_, payload)});
    }
  } catch (const quest::QuestError& error) {
    log_error("join " + topic, error);
    responder.refuse("join crashed");
    entries_.erase(key);
    return;
  }
  finish_join(key, result, responder);
}

void ChannelsHub::finish_join(ChannelKey key, const Value& result, channels::JoinResponder& responder) {
  ChannelEntry* entry = find(key);
  const std::string topic = responder.topic();
  std::optional<std::string> refusal;
  std::string reply = "{}";
  try {
    if (result.is_dict()) {
      if (const Value* error = result.as_dict().find("error")) refusal = reason_json(vm_, *error);
      else reply = to_json(vm_, result);
    } else if (!result.is_nil()) {
      web_log("channels: on_join for " + topic + " returned a " + quest::type_name_of(result) +
              " (expected a Dict or nil); join refused");
      refusal = R"({"reason":"join crashed"})";
    }
  } catch (const quest::QuestError& error) {
    log_error("encoding the join reply for " + topic, error);
    refusal = R"({"reason":"join crashed"})";
  }
  if (refusal || !entry) {
    responder.refuse_with(refusal.value_or(R"({"reason":"join crashed"})"));
    entries_.erase(key);
    return;
  }
  if (!responder.accept(std::move(reply))) {  // the client left or rejoined meanwhile
    entries_.erase(key);
    return;
  }
  entry->joined = true;
  // Presence without server code: a joiner gets presence_state when it tracks itself or
  // when someone is already present on the topic (observers see the room too).
  if (entry->wants_presence_state || !endpoint_->presence().list(topic).empty()) {
    entry->socket->context.push_presence_state();
    entry->presence_state_pushed = true;
  }
}

void ChannelsHub::note_tracked(ChannelEntry& entry) {
  entry.wants_presence_state = true;
  if (entry.joined && !entry.presence_state_pushed) {
    entry.socket->context.push_presence_state();
    entry.presence_state_pushed = true;
  }
}

void ChannelsHub::run_event(channels::ChannelContext context, std::string event, std::string payload,
                            channels::EventResponder responder) {
  if (responder.answered()) return;
  ChannelEntry* entry = find(context.instance_id());
  if (!entry) {
    responder.error(R"({"reason":"not joined"})");
    return;
  }
  const Value* handler = entry->handler_for(event);
  if (!handler) handler = entry->handler_for("*");
  if (!handler) {
    responder.error(R"({"reason":"unknown event"})");
    return;
  }
  const Value fn = *handler;
  Value result;
  try {
    result = vm_.call(fn, {from_json(vm_, payload)});
    if (result.is_nil()) {
      responder.no_reply();
    } else if (result.is_dict()) {
      if (const Value* error = result.as_dict().find("error")) responder.error(reason_json(vm_, *error));
      else responder.ok(to_json(vm_, result));
    } else {
      web_log("channels: handler for \"" + event + "\" on " + context.topic() + " returned a " +
              quest::type_name_of(result) + " (expected a Dict or nil)");
      responder.error(R"({"reason":"internal error"})");
    }
  } catch (const quest::QuestError& error) {
    log_error("event \"" + event + "\" on " + context.topic(), error);
    responder.error(R"({"reason":"internal error"})");
  }
}

void ChannelsHub::run_leave(ChannelKey key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  const Value on_leave = it->second.on_leave;
  const std::string topic = it->second.socket->context.topic();
  if (!on_leave.is_nil()) {
    try {
      vm_.call(on_leave, {});
    } catch (const quest::QuestError& error) {
      log_error("on_leave for " + topic, error);
    }
  }
  it = entries_.find(key);  // the handler may have pumped the loop
  if (it == entries_.end()) return;
  const std::string connection_id = it->second.socket->context.connection_id();
  for (const auto& [tracked_topic, presence_key] : it->second.presence_keys)
    if (tracked_topic != topic) endpoint_->presence().untrack(tracked_topic, presence_key, connection_id);
  const std::vector<pubsub::SubscriptionId> subscriptions = std::move(it->second.subscriptions);
  entries_.erase(it);
  for (pubsub::SubscriptionId id : subscriptions) unsubscribe_id(id);
}

ChannelEntry* ChannelsHub::find(ChannelKey key) {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<Value> ChannelsHub::sockets_on(const std::string& topic) const {
  std::vector<Value> sockets;
  for (const auto& [key, entry] : entries_)
    if (entry.joined && entry.socket->context.topic() == topic) sockets.emplace_back(entry.socket);
  return sockets;
}

std::string ChannelsHub::payload_json(const Value& payload, std::string_view fn) {
  if (payload.is_nil()) return "{}";
  if (!payload.is_dict())
    quest::throw_error("TypeErr", std::string(fn) + ": payload must be a Dict, got " + quest::type_name_of(payload));
  return to_json(vm_, payload);
}

// ---------------------------------------------------------------- pub/sub subscribers

pubsub::SubscriptionId ChannelsHub::subscribe(const Value& target, const std::string& topic) {
  auto& bus = endpoint()->pubsub();
  if (auto* socket = target.native_as<ChannelSocketObject>()) {
    ChannelEntry* entry = entry_of(*socket);
    if (!entry) quest::throw_error("ValueErr", "pubsub.subscribe: that channel socket has left");
    // Native delivery: a push on the socket's own topic (phoenix.js drops frames whose
    // topic is not a channel it joined), with no trip through the interpreter.
    channels::ChannelContext context = socket->context;
    const pubsub::SubscriptionId id = bus.subscribe(topic, pubsub::Callback([context](const pubsub::Broadcast& b) mutable {
      context.push(b.event, b.payload_json);
    }));
    entry->subscriptions.push_back(id);
    subscriptions_[id] = Subscription{topic, socket->key};
    return id;
  }
  if (target.is_callable()) {
    std::weak_ptr<ChannelsHub> weak = weak_from_this();
    std::shared_ptr<TaskQueue> queue = queue_;
    auto id_box = std::make_shared<std::atomic<pubsub::SubscriptionId>>(0);
    const pubsub::SubscriptionId id = bus.subscribe(topic, pubsub::Callback([weak, queue, id_box](const pubsub::Broadcast& b) {
      queue->post([weak, id = id_box->load(), topic = b.topic, event = b.event, payload = b.payload_json] {
        if (auto hub = weak.lock()) hub->deliver_to_function(id, topic, event, payload);
      });
    }));
    id_box->store(id);
    functions_[id] = FunctionSubscriber{target, topic};
    subscriptions_[id] = Subscription{topic, nullptr};
    return id;
  }
  for (const PubSubTargetHook& hook : target_hooks_)
    if (auto id = hook(*this, target, topic)) {
      subscriptions_[*id] = Subscription{topic, nullptr};
      return *id;
    }
  quest::throw_error("TypeErr", "pubsub.subscribe: target must be a channel socket or a function, got " +
                                    quest::type_name_of(target));
}

void ChannelsHub::deliver_to_function(pubsub::SubscriptionId id, const std::string& topic, const std::string& event,
                                      const std::string& payload) {
  auto it = functions_.find(id);
  if (it == functions_.end()) return;  // unsubscribed meanwhile
  const Value fn = it->second.function;
  try {
    Value message = quest::make_dict();
    message.as_dict().set("event", quest::make_str(event));
    message.as_dict().set("payload", from_json(vm_, payload));
    message.as_dict().set("topic", quest::make_str(topic));
    vm_.call(fn, {message});
  } catch (const quest::QuestError& error) {
    log_error("pubsub subscriber of " + topic, error);
  }
}

bool ChannelsHub::unsubscribe_id(pubsub::SubscriptionId id) {
  auto it = subscriptions_.find(id);
  if (it == subscriptions_.end()) return false;
  if (it->second.owner_key)
    if (ChannelEntry* entry = find(it->second.owner_key)) std::erase(entry->subscriptions, id);
  subscriptions_.erase(it);
  functions_.erase(id);
  return endpoint_->pubsub().unsubscribe(id);
}

std::size_t ChannelsHub::unsubscribe(const Value& target, const std::string& topic) {
  std::vector<pubsub::SubscriptionId> matching;
  if (auto* socket = target.native_as<ChannelSocketObject>()) {
    for (const auto& [id, subscription] : subscriptions_)
      if (subscription.owner_key == socket->key && subscription.topic == topic) matching.push_back(id);
  } else {
    for (const auto& [id, subscriber] : functions_)
      if (subscriber.topic == topic && vm_.equals(subscriber.function, target)) matching.push_back(id);
  }
  for (pubsub::SubscriptionId id : matching) unsubscribe_id(id);
  return matching.size();
}

// ---------------------------------------------------------------- installation

std::shared_ptr<ChannelsHub> install_channels_bindings(quest::Vm& vm, const std::shared_ptr<WebApp>& app) {
  auto hub = std::make_shared<ChannelsHub>(vm, app);
  install_channels_module(vm, hub);
  install_presence_module(vm, hub);
  install_pubsub_module(vm, hub);
  std::weak_ptr<ChannelsHub> weak = hub;
  app->add_route_installer([weak](quest_live::net::Server& server) {
    if (auto shared = weak.lock()) shared->install(server);
  });
  return hub;
}

}  // namespace quest_bindings
