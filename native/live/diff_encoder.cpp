// Full renders and minimal diffs in the phoenix_live_view 1.2 Rendered format.
//
// One pass per message: the Rendered tree is walked next to the client mirror, JSON is
// streamed through a RapidJSON Writer, and the mirror is updated to what the client will
// hold after merging the message. Nested objects are written lazily (lazy_object.hpp).
// Each tree (the root, each component) is written by a TreeEncoder (tree_encoder.hpp).
#include <stdexcept>

#include "quest_live/live/diff_encoder.hpp"
#include "quest_live/live/wire_keys.hpp"
#include "tree_encoder.hpp"

namespace quest_live::live {
namespace {

void write_extras(const RenderedView& view, LazyObject& top) {
  if (view.title) {
    JsonWriter& writer = top.key(wire::title);
    writer.String(view.title->data(), static_cast<rapidjson::SizeType>(view.title->size()));
  }
  if (!view.events.empty()) {
    JsonWriter& writer = top.key(wire::events);
    writer.StartArray();
    for (const auto& event : view.events) {
      writer.StartArray();
      writer.String(event.name.data(), static_cast<rapidjson::SizeType>(event.name.size()));
      writer.RawValue(event.payload_json.data(), event.payload_json.size(), rapidjson::kObjectType);
      if (event.before_patch) writer.Bool(true);
      writer.EndArray();
    }
    writer.EndArray();
  }
  if (view.reply_json) {
    top.key(wire::reply).RawValue(view.reply_json->data(), view.reply_json->size(), rapidjson::kObjectType);
  }
}

// Components go under `c`, each its own tree with its own `p` table and `"r":1`.
void write_components(const RenderedView& view, ViewMirror& mirror, JsonWriter& writer, LazyObject& top) {
  if (view.components.empty()) return;
  LazyObject components(top, wire::components);
  for (const auto& [cid, node] : view.components) {
    TreeEncoder encoder(writer);
    auto held = mirror.components.find(cid);
    if (held != mirror.components.end() && held->second.fingerprint == node->statics->fingerprint) {
      LazyObject component(components, static_cast<std::size_t>(cid));
      encoder.diff_slots(node->dynamics, held->second.slots, component);
      encoder.write_templates(component);
      component.close();
      continue;
    }
    components.key(static_cast<std::size_t>(cid));
    writer.StartObject();
    auto fresh = encoder.full_node_members(*node);
    writer.Key(wire::root);
    writer.Int(1);
    LazyObject open_component(writer);
    encoder.write_templates(open_component);
    writer.EndObject();
    mirror.components[cid] = std::move(*fresh);
  }
  components.close();
}

}  // namespace

std::string encode_full(const RenderedView& view, ViewMirror& mirror) {
  if (!view.root) throw std::logic_error("live join: a full render needs the root tree");
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  mirror = ViewMirror{};
  writer.StartObject();
  LazyObject top(writer);
  TreeEncoder encoder(writer);
  mirror.root = encoder.full_node_members(*view.root);
  write_components(view, mirror, writer, top);
  write_extras(view, top);
  encoder.write_templates(top);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string encode_diff(const RenderedView& view, ViewMirror& mirror) {
  if (!mirror.joined()) throw std::logic_error("live diff: the client holds no render yet");
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  LazyObject top(writer);
  TreeEncoder encoder(writer);
  if (view.root && view.root->statics->fingerprint != mirror.root->fingerprint) {
    // A different root template replaces the whole tree, and the client's merge then
    // drops its components: the host renders every component in full with it.
    mirror.components.clear();
    mirror.root = encoder.full_node_members(*view.root);
  } else if (view.root) {
    encoder.diff_slots(view.root->dynamics, mirror.root->slots, top);
  }
  write_components(view, mirror, writer, top);
  write_extras(view, top);
  encoder.write_templates(top);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

void ViewMirror::forget_components(const std::vector<int>& cids) {
  for (int cid : cids) components.erase(cid);
}

}  // namespace quest_live::live
