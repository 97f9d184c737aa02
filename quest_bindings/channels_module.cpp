// _native/channels: the ChannelSocket methods and the module functions (channel,
// broadcast, broadcast_from, configure, endpoint_path). lib/std/web/channels.q is the
// documented surface over these.
#include "channels_hub.hpp"
#include "convert.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;

ChannelSocketObject& channel_socket_self(const Args& args, std::string_view fn) {
  return quest::self_native<ChannelSocketObject>(args, fn, kChannelSocketClass);
}

ChannelSocketObject& channel_socket_arg(const Args& args, std::size_t pos, std::string_view fn) {
  return quest::arg_native<ChannelSocketObject>(args, pos, fn, kChannelSocketClass);
}

namespace {

std::shared_ptr<ChannelsHub> hub_of(const ChannelSocketObject& socket) {
  auto hub = socket.hub.lock();
  if (!hub) quest::throw_error("RuntimeErr", "std/web/channels: the bindings are gone");
  return hub;
}

void register_socket_methods(Vm& vm) {
  vm.define_class(kChannelSocketClass, "One joined channel (std/web/channels)");
  const auto method = [&vm](const char* name, int min, int max, quest::NativeFn fn) {
    vm.register_method(kChannelSocketClass, name, std::move(fn), min, max);
  };
  method("id", 0, 0, [](Vm&, const Args& a) {
    return quest::make_str(channel_socket_self(a, "id").context.connection_id());
  });
  method("topic", 0, 0, [](Vm&, const Args& a) { return quest::make_str(channel_socket_self(a, "topic").context.topic()); });
  method("join_ref", 0, 0, [](Vm&, const Args& a) {
    return quest::make_str(channel_socket_self(a, "join_ref").context.join_ref());
  });
  method("joined", 0, 0, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "joined");
    ChannelEntry* entry = hub_of(s)->entry_of(s);
    return Value::boolean(entry && entry->joined);
  });
  method("get", 1, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "get");
    const std::string& key = quest::arg_str(a, 1, "get");
    ChannelEntry* entry = hub_of(s)->entry_of(s);
    const Value* found = entry ? ChannelEntry::lookup(entry->assigns, key) : nullptr;
    return found ? *found : a[1];
  });
  method("set", 2, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "set");
    const std::string& key = quest::arg_str(a, 1, "set");
    if (ChannelEntry* entry = hub_of(s)->entry_of(s)) ChannelEntry::store(entry->assigns, key, a[1]);
    return Value::nil();
  });
  method("push", 1, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "push");
    auto hub = hub_of(s);
    const std::string& event = quest::arg_str(a, 1, "push");
    const std::string payload = hub->payload_json(a[1], "push");
    if (!hub->entry_of(s)) return Value::boolean(false);
    quest_live::channels::ChannelContext context = s.context;
    context.push(event, payload);
    return Value::boolean(true);
  });
  method("broadcast", 1, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "broadcast");
    auto hub = hub_of(s);
    const std::string& event = quest::arg_str(a, 1, "broadcast");
    const std::string payload = hub->payload_json(a[1], "broadcast");
    return Value::integer(static_cast<std::int64_t>(hub->endpoint()->broadcast(s.context.topic(), event, payload)));
  });
  method("broadcast_from", 1, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "broadcast_from");
    auto hub = hub_of(s);
    const std::string& event = quest::arg_str(a, 1, "broadcast_from");
    const std::string payload = hub->payload_json(a[1], "broadcast_from");
    return Value::integer(static_cast<std::int64_t>(
        hub->endpoint()->broadcast_from(s.context.connection_id(), s.context.topic(), event, payload)));
  });
  method("on_join", 1, 1, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "on_join");
    const Value& fn = quest::arg_callable(a, 1, "on_join");
    if (ChannelEntry* entry = hub_of(s)->entry_of(s)) entry->on_join = fn;
    return Value::nil();
  });
  method("on", 2, 2, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "on");
    const std::string& event = quest::arg_str(a, 1, "on");
    const Value& fn = quest::arg_callable(a, 2, "on");
    if (event.rfind("phx_", 0) == 0) quest::throw_error("ValueErr", "on: \"" + event + "\" is a protocol event");
    if (ChannelEntry* entry = hub_of(s)->entry_of(s)) entry->set_handler(event, fn);
    return Value::nil();
  });
  method("on_leave", 1, 1, [](Vm&, const Args& a) {
    ChannelSocketObject& s = channel_socket_self(a, "on_leave");
    const Value& fn = quest::arg_callable(a, 1, "on_leave");
    if (ChannelEntry* entry = hub_of(s)->entry_of(s)) entry->on_leave = fn;
    return Value::nil();
  });
  method("str", 0, 0, [](Vm&, const Args& a) { return quest::make_str(channel_socket_self(a, "str").to_display()); });
}

void build_module(const std::shared_ptr<ChannelsHub>& hub, quest::ModuleBuilder& module) {
  module.doc("Native half of std/web/channels (use std/web/channels instead)");
  const auto get = hub_getter(hub, "std/web/channels");
  module.function("channel", [get](Vm&, const Args& a) {
    auto shared = get();
    const std::string& pattern = quest::arg_str(a, 1, "channel");
    const Value& setup = quest::arg_callable(a, 2, "channel");
    if (pattern.empty()) quest::throw_error("ValueErr", "channel: the topic pattern is empty");
    shared->add_channel(pattern, setup);
    return Value::nil();
  }, 2, 2);
  module.function("broadcast", [get](Vm&, const Args& a) {
    auto shared = get();
    const std::string& topic = quest::arg_str(a, 1, "broadcast");
    const std::string& event = quest::arg_str(a, 2, "broadcast");
    const std::string payload = shared->payload_json(a[2], "broadcast");
    return Value::integer(static_cast<std::int64_t>(shared->endpoint()->broadcast(topic, event, payload)));
  }, 2, 3);
  module.function("broadcast_from", [get](Vm&, const Args& a) {
    auto shared = get();
    ChannelSocketObject& socket = channel_socket_arg(a, 1, "broadcast_from");
    const std::string& topic = quest::arg_str(a, 2, "broadcast_from");
    const std::string& event = quest::arg_str(a, 3, "broadcast_from");
    const std::string payload = shared->payload_json(a[3], "broadcast_from");
    return Value::integer(static_cast<std::int64_t>(
        shared->endpoint()->broadcast_from(socket.context.connection_id(), topic, event, payload)));
  }, 3, 4);
  module.function("configure", [get](Vm&, const Args& a) {
    get()->configure_channels(quest::arg_dict(a, 1, "configure"));
    return Value::nil();
  }, 1, 1);
  module.function("endpoint_path", [get](Vm&, const Args&) {
    auto shared = get();
    const auto& endpoint = shared->endpoint_created() ? shared->endpoint()->options() : shared->settings().endpoint;
    return quest::make_str(endpoint.path);
  }, 0, 0);
  module.function("connection_count", [get](Vm&, const Args&) {
    auto shared = get();
    return Value::integer(shared->endpoint_created() ? static_cast<std::int64_t>(shared->endpoint()->connection_count()) : 0);
  }, 0, 0);
}

}  // namespace

void install_channels_module(Vm& vm, const std::shared_ptr<ChannelsHub>& hub) {
  register_socket_methods(vm);
  vm.register_native_module("_native/channels", [hub](Vm&, quest::ModuleBuilder& module) { build_module(hub, module); });
}

}  // namespace quest_bindings
