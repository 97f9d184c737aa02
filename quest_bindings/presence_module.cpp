// _native/presence: track, untrack, update, list over the endpoint's native Presence
// (which coalesces and pushes presence_diff itself). lib/std/web/presence.q documents it.
#include <algorithm>

#include "channels_hub.hpp"
#include "convert.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;

namespace {

// meta["user_id"] when present (Str, or any value as its text), else the socket id.
std::string presence_key(Vm& vm, const ChannelSocketObject& socket, const Value& meta) {
  if (const Value* user = meta.as_dict().find("user_id")) {
    if (!user->is_nil()) return user->is_str() ? user->as_str() : vm.to_str(*user);
  }
  return socket.context.connection_id();
}

struct Target {
  std::shared_ptr<ChannelsHub> hub;
  ChannelSocketObject* socket;
  ChannelEntry* entry;
  std::string topic;
};

Target target_of(const std::weak_ptr<ChannelsHub>& weak, const Args& a, std::string_view fn) {
  auto hub = weak.lock();
  if (!hub) quest::throw_error("RuntimeErr", "std/web/presence: the bindings are gone");
  ChannelSocketObject& socket = channel_socket_arg(a, 1, fn);
  const std::string& topic = quest::arg_str(a, 2, fn);
  return {hub, &socket, hub->entry_of(socket), topic};
}

void build_module(const std::shared_ptr<ChannelsHub>& hub, quest::ModuleBuilder& module) {
  module.doc("Native half of std/web/presence (use std/web/presence instead)");
  std::weak_ptr<ChannelsHub> weak = hub;
  module.function("track", [weak](Vm& vm, const Args& a) {
    Target t = target_of(weak, a, "track");
    quest::arg_dict(a, 3, "track");
    const Value meta = a[2];
    if (!t.entry) quest::throw_error("ValueErr", "track: that channel socket has left");
    const std::string key = presence_key(vm, *t.socket, meta);
    const std::string meta_json = to_json(vm, meta);
    auto& presence = t.hub->endpoint()->presence();
    std::optional<std::string> ref;
    if (t.topic == t.socket->context.topic()) {
      quest_live::channels::ChannelContext context = t.socket->context;
      ref = context.track(key, meta_json);
    } else {
      ref = presence.track(t.topic, key, t.socket->context.connection_id(), meta_json);
    }
    if (!ref) quest::throw_error("ValueErr", "track: \"" + key + "\" is already tracked by this socket on " + t.topic);
    std::erase_if(t.entry->presence_keys, [&](const auto& tracked) { return tracked.first == t.topic; });
    t.entry->presence_keys.emplace_back(t.topic, key);
    if (t.topic == t.socket->context.topic()) t.hub->note_tracked(*t.entry);
    return quest::make_str(*ref);
  }, 3, 3);
  module.function("update", [weak](Vm& vm, const Args& a) {
    Target t = target_of(weak, a, "update");
    quest::arg_dict(a, 3, "update");
    const Value meta = a[2];
    if (!t.entry) return Value::nil();
    auto known = std::find_if(t.entry->presence_keys.begin(), t.entry->presence_keys.end(),
                              [&](const auto& tracked) { return tracked.first == t.topic; });
    if (known == t.entry->presence_keys.end()) return Value::nil();
    auto ref = t.hub->endpoint()->presence().update(t.topic, known->second, t.socket->context.connection_id(),
                                                   to_json(vm, meta));
    return ref ? quest::make_str(*ref) : Value::nil();
  }, 3, 3);
  module.function("untrack", [weak](Vm&, const Args& a) {
    Target t = target_of(weak, a, "untrack");
    const std::size_t removed = t.hub->endpoint()->presence().untrack_owner(t.topic, t.socket->context.connection_id());
    if (t.entry) std::erase_if(t.entry->presence_keys, [&](const auto& tracked) { return tracked.first == t.topic; });
    return Value::boolean(removed > 0);
  }, 2, 2);
  module.function("list", [weak](Vm& vm, const Args& a) {
    auto shared = weak.lock();
    if (!shared) quest::throw_error("RuntimeErr", "std/web/presence: the bindings are gone");
    const std::string& topic = quest::arg_str(a, 1, "list");
    Value result = quest::make_dict();
    for (const auto& entry : shared->endpoint()->presence().list(topic)) {
      Value* slot = result.as_dict().find(entry.key);
      if (!slot) {
        Value group = quest::make_dict();
        group.as_dict().set("metas", quest::make_array());
        result.as_dict().set(entry.key, group);
        slot = result.as_dict().find(entry.key);
      }
      slot->as_dict().find("metas")->as_array().items.push_back(from_json(vm, entry.meta_json));
    }
    return result;
  }, 1, 1);
}

}  // namespace

void install_presence_module(Vm& vm, const std::shared_ptr<ChannelsHub>& hub) {
  vm.register_native_module("_native/presence", [hub](Vm&, quest::ModuleBuilder& module) { build_module(hub, module); });
}

}  // namespace quest_bindings
