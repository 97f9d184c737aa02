// _native/pubsub: subscribe/unsubscribe (channel sockets, Quest functions, registered
// target kinds), broadcast, broadcast_from, broadcast_batch, broadcast_if,
// test_broadcast, configure, redis_stats. Every broadcast is serialized once and fanned
// out natively (through the Redis adapter too, when configured).
#include "channels_hub.hpp"
#include "convert.hpp"
#include "web_app.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;

namespace {

std::int64_t count(std::size_t n) { return static_cast<std::int64_t>(n); }

// [[event, payload], ...] or [{"event", "payload"}, ...] as the payload of one "batch"
// broadcast: {"events": [{"event", "payload"}, ...]}.
std::string batch_payload(Vm& vm, ChannelsHub& hub, const quest::ArrayObj& events) {
  Value list = quest::make_array();
  for (const Value& item : events.items) {
    Value event, payload;
    if (item.is_array() && item.as_array().items.size() == 2) {
      event = item.as_array().items[0];
      payload = item.as_array().items[1];
    } else if (item.is_dict() && item.as_dict().find("event")) {
      event = *item.as_dict().find("event");
      if (const Value* p = item.as_dict().find("payload")) payload = *p;
    } else {
      quest::throw_error("TypeErr", "broadcast_batch: each event must be [event, payload] or {\"event\", \"payload\"}");
    }
    if (!event.is_str()) quest::throw_error("TypeErr", "broadcast_batch: an event name must be a Str");
    hub.payload_json(payload, "broadcast_batch");  // the same checks as a single broadcast
    Value one = quest::make_dict();
    one.as_dict().set("event", event);
    one.as_dict().set("payload", payload.is_nil() ? quest::make_dict() : payload);
    list.as_array().items.push_back(one);
  }
  Value wrapped = quest::make_dict();
  wrapped.as_dict().set("events", list);
  return to_json(vm, wrapped);
}

void build_module(const std::shared_ptr<ChannelsHub>& hub, quest::ModuleBuilder& module) {
  module.doc("Native half of std/web/pubsub (use std/web/pubsub instead)");
  const auto get = hub_getter(hub, "std/web/pubsub");
  module.function("subscribe", [get](Vm&, const Args& a) {
    auto shared = get();
    const Value& target = quest::arg_any(a, 1, "subscribe");
    const std::string& topic = quest::arg_str(a, 2, "subscribe");
    return Value::integer(static_cast<std::int64_t>(shared->subscribe(target, topic)));
  }, 2, 2);
  module.function("unsubscribe", [get](Vm&, const Args& a) {
    auto shared = get();
    if (a.size() == 1) {
      const std::int64_t id = quest::arg_int(a, 1, "unsubscribe");
      return Value::integer(shared->unsubscribe_id(static_cast<quest_live::pubsub::SubscriptionId>(id)) ? 1 : 0);
    }
    return Value::integer(count(shared->unsubscribe(quest::arg_any(a, 1, "unsubscribe"), quest::arg_str(a, 2, "unsubscribe"))));
  }, 1, 2);
  module.function("broadcast", [get](Vm&, const Args& a) {
    auto shared = get();
    const std::string& topic = quest::arg_str(a, 1, "broadcast");
    const std::string& event = quest::arg_str(a, 2, "broadcast");
    const std::string payload = shared->payload_json(a[2], "broadcast");
    return Value::integer(count(shared->endpoint()->broadcast(topic, event, payload)));
  }, 2, 3);
  module.function("broadcast_from", [get](Vm&, const Args& a) {
    auto shared = get();
    ChannelSocketObject& socket = channel_socket_arg(a, 1, "broadcast_from");
    const std::string& topic = quest::arg_str(a, 2, "broadcast_from");
    const std::string& event = quest::arg_str(a, 3, "broadcast_from");
    const std::string payload = shared->payload_json(a[3], "broadcast_from");
    return Value::integer(count(shared->endpoint()->broadcast_from(socket.context.connection_id(), topic, event, payload)));
  }, 3, 4);
  module.function("broadcast_batch", [get](Vm& vm, const Args& a) {
    auto shared = get();
    const std::string& topic = quest::arg_str(a, 1, "broadcast_batch");
    const std::string payload = batch_payload(vm, *shared, quest::arg_array(a, 2, "broadcast_batch"));
    return Value::integer(count(shared->endpoint()->broadcast(topic, "batch", payload)));
  }, 2, 2);
  module.function("broadcast_if", [get](Vm& vm, const Args& a) {
    auto shared = get();
    const std::string& topic = quest::arg_str(a, 1, "broadcast_if");
    const Value predicate = quest::arg_callable(a, 2, "broadcast_if");
    const std::string& event = quest::arg_str(a, 3, "broadcast_if");
    const std::string payload = shared->payload_json(a[3], "broadcast_if");
    // Sockets joined to the topic on this node; the predicate sees each one.
    std::int64_t sent = 0;
    for (const Value& socket : shared->sockets_on(topic)) {
      if (!vm.truthy(vm.call(predicate, {socket}))) continue;
      quest_live::channels::ChannelContext context = socket.native_as<ChannelSocketObject>()->context;
      context.push(event, payload);
      ++sent;
    }
    return Value::integer(sent);
  }, 4, 4);
  module.function("test_broadcast", [get](Vm&, const Args& a) {
    auto shared = get();
    const std::string& topic = quest::arg_str(a, 1, "test_broadcast");
    const std::string& event = quest::arg_str(a, 2, "test_broadcast");
    const std::string payload = shared->payload_json(a[2], "test_broadcast");
    const std::size_t reached = shared->endpoint()->broadcast(topic, event, payload);
    if (auto app = shared->app()) app->loop().drain();  // function subscribers run now
    return Value::integer(count(reached));
  }, 2, 3);
  module.function("configure", [get](Vm&, const Args& a) {
    get()->configure_pubsub(quest::arg_dict(a, 1, "configure"));
    return Value::nil();
  }, 1, 1);
  module.function("adapter", [get](Vm&, const Args&) {
    auto shared = get();
    return quest::make_str(shared->settings().adapter);
  }, 0, 0);
  module.function("redis_stats", [get](Vm&, const Args&) {
    auto shared = get();
    shared->endpoint();
    if (!shared->redis()) return Value::nil();
    const auto s = shared->redis()->stats();
    Value stats = quest::make_dict();
    auto& d = stats.as_dict();
    d.set("node_id", quest::make_str(shared->redis()->node_id()));
    d.set("published", Value::integer(static_cast<std::int64_t>(s.published)));
    d.set("received", Value::integer(static_cast<std::int64_t>(s.received)));
    d.set("dropped", Value::integer(static_cast<std::int64_t>(s.dropped)));
    d.set("queued", Value::integer(static_cast<std::int64_t>(s.queued)));
    d.set("publisher_connected", Value::boolean(s.publisher_connected));
    d.set("subscribed", Value::boolean(s.subscribed));
    return stats;
  }, 0, 0);
}

}  // namespace

void install_pubsub_module(Vm& vm, const std::shared_ptr<ChannelsHub>& hub) {
  vm.register_native_module("_native/pubsub", [hub](Vm&, quest::ModuleBuilder& module) { build_module(hub, module); });
}

}  // namespace quest_bindings
