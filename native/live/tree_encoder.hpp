// Writes one Rendered tree (the view root or one component) as JSON next to its mirror:
// full nodes for joins and new shapes, minimal diffs otherwise. Internal to native/live;
// diff_encoder.cpp puts the trees of a view together.
//
// Shared templates: a full node or comprehension written inside a comprehension entry
// (where the same statics repeat once per entry) carries `"s": <index>` into a `p` table
// that write_templates() puts at the root of its tree (the view root or the component
// root); everywhere else statics are inline. The client resolves the table while
// rendering the same message and then discards it, so each message carries its own.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "key_index.hpp"
#include "lazy_object.hpp"
#include "quest_live/live/mirror.hpp"
#include "quest_live/live/rendered.hpp"
#include "quest_live/live/wire_keys.hpp"

namespace quest_live::live {

inline KeyIndex index_of(const std::vector<MirrorEntry>& entries) {
  KeyIndex index(entries.size());
  for (std::size_t j = 0; j < entries.size(); ++j) index.insert(entries[j].key, static_cast<std::uint32_t>(j));
  return index;
}

class TreeEncoder {
 public:
  explicit TreeEncoder(JsonWriter& writer) : writer_(writer) {}

  // ----- full renders -----------------------------------------------------------------

  // Writes `s` and every slot into an object the caller has started.
  std::unique_ptr<MirrorNode> full_node_members(const RenderedNode& node) {
    auto held = std::make_unique<MirrorNode>();
    held->fingerprint = node.statics->fingerprint;
    write_statics(*node.statics);
    held->slots = full_slots(node.dynamics);
    return held;
  }

  std::unique_ptr<MirrorNode> full_node(const RenderedNode& node) {
    writer_.StartObject();
    auto held = full_node_members(node);
    writer_.EndObject();
    return held;
  }

  // ----- diffs ------------------------------------------------------------------------

  void diff_slots(const std::vector<RenderedDynamic>& dynamics, std::vector<MirrorSlot>& held,
                  LazyObject& object) {
    if (dynamics.size() != held.size()) throw std::logic_error("live diff: slot count differs from the mirror");
    for (std::size_t i = 0; i < dynamics.size(); ++i) diff_slot(dynamics[i], held[i], object, i);
  }

  // The `p` table of the tree being written, into `object` (which is open if used).
  void write_templates(LazyObject& object) {
    if (templates_.empty()) return;
    JsonWriter& writer = object.key(wire::templates);
    writer.StartObject();
    for (std::size_t i = 0; i < templates_.size(); ++i) {
      const std::string index = std::to_string(i);
      writer.Key(index.c_str(), static_cast<rapidjson::SizeType>(index.size()));
      write_parts(*templates_[i]);
    }
    writer.EndObject();
    templates_.clear();
    template_index_.clear();
  }

 private:
  JsonWriter& writer_;
  int entry_depth_ = 0;
  std::vector<const Statics*> templates_;
  std::unordered_map<std::uint64_t, int> template_index_;

  void write_string(std::string_view text) {
    writer_.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }

  void write_parts(const Statics& statics) {
    writer_.StartArray();
    for (const auto& part : statics.parts) write_string(part);
    writer_.EndArray();
  }

  void write_statics(const Statics& statics) {
    writer_.Key(wire::statics);
    if (entry_depth_ == 0) return write_parts(statics);
    auto [found, inserted] = template_index_.emplace(statics.fingerprint, static_cast<int>(templates_.size()));
    if (inserted) templates_.push_back(&statics);
    writer_.Int(found->second);
  }

  std::vector<MirrorSlot> full_slots(const std::vector<RenderedDynamic>& dynamics) {
    std::vector<MirrorSlot> held;
    held.reserve(dynamics.size());
    for (std::size_t i = 0; i < dynamics.size(); ++i) {
      const std::string key = std::to_string(i);
      writer_.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      held.push_back(full_value(dynamics[i]));
    }
    return held;
  }

  MirrorSlot full_value(const RenderedDynamic& dynamic) {
    if (const auto* text = std::get_if<std::string>(&dynamic)) {
      write_string(*text);
      return MirrorText{hash_bytes(*text)};
    }
    if (const auto* component = std::get_if<ComponentRef>(&dynamic)) {
      writer_.Int(component->cid);
      return MirrorComponent{component->cid};
    }
    if (const auto* node = std::get_if<std::unique_ptr<RenderedNode>>(&dynamic)) return full_node(**node);
    if (const auto* list = std::get_if<std::unique_ptr<RenderedComprehension>>(&dynamic)) {
      return full_comprehension(**list);
    }
    throw std::logic_error("live diff: an Unchanged slot where the client holds nothing");
  }

  std::unique_ptr<MirrorComprehension> full_comprehension(const RenderedComprehension& list) {
    auto held = std::make_unique<MirrorComprehension>();
    held->fingerprint = list.statics->fingerprint;
    writer_.StartObject();
    write_statics(*list.statics);
    writer_.Key(wire::keyed);
    writer_.StartObject();
    for (std::size_t i = 0; i < list.entries.size(); ++i) {
      const std::string key = std::to_string(i);
      writer_.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      held->entries.push_back(full_entry(list.entries[i]));
    }
    writer_.Key(wire::keyed_count);
    writer_.Uint64(list.entries.size());
    writer_.EndObject();
    writer_.EndObject();
    return held;
  }

  MirrorEntry full_entry(const RenderedEntry& entry) {
    if (entry.unchanged) throw std::logic_error("live diff: an unchanged entry the client does not hold");
    ++entry_depth_;
    writer_.StartObject();
    MirrorEntry held{entry.key, full_slots(entry.dynamics)};
    writer_.EndObject();
    --entry_depth_;
    return held;
  }

  void diff_slot(const RenderedDynamic& dynamic, MirrorSlot& held, LazyObject& object, std::size_t index) {
    if (std::holds_alternative<Unchanged>(dynamic)) return;
    if (const auto* text = std::get_if<std::string>(&dynamic)) {
      const std::uint64_t hash = hash_bytes(*text);
      const auto* held_text = std::get_if<MirrorText>(&held);
      if (held_text && held_text->hash == hash) return;
      object.key(index);
      write_string(*text);
      held = MirrorText{hash};
    } else if (const auto* component = std::get_if<ComponentRef>(&dynamic)) {
      const auto* held_component = std::get_if<MirrorComponent>(&held);
      if (held_component && held_component->cid == component->cid) return;
      object.key(index).Int(component->cid);
      held = MirrorComponent{component->cid};
    } else if (const auto* node = std::get_if<std::unique_ptr<RenderedNode>>(&dynamic)) {
      diff_node(**node, held, object, index);
    } else {
      diff_comprehension(*std::get<std::unique_ptr<RenderedComprehension>>(dynamic), held, object, index);
    }
  }

  void diff_node(const RenderedNode& node, MirrorSlot& held, LazyObject& object, std::size_t index) {
    auto* held_node = std::get_if<std::unique_ptr<MirrorNode>>(&held);
    if (!held_node || (*held_node)->fingerprint != node.statics->fingerprint) {
      object.key(index);
      held = full_node(node);  // new shape: the whole node with its statics replaces it
      return;
    }
    LazyObject child(object, index);
    diff_slots(node.dynamics, (*held_node)->slots, child);
    child.close();
  }

  void diff_comprehension(const RenderedComprehension& list, MirrorSlot& held, LazyObject& object,
                          std::size_t index) {
    auto* held_list = std::get_if<std::unique_ptr<MirrorComprehension>>(&held);
    if (!held_list || (*held_list)->fingerprint != list.statics->fingerprint) {
      object.key(index);
      held = full_comprehension(list);
      return;
    }
    LazyObject child(object, index);
    diff_entries(list, **held_list, child);
    child.close();
  }

  // Which entry the client holds (by old position) each new entry continues, or -1.
  // Lists mostly keep their order, so the same position is tried first and the key
  // index is only built on the first entry that is not in place.
  static std::vector<long> match_by_key(const RenderedComprehension& list, const std::vector<MirrorEntry>& old_entries,
                                        std::vector<bool>& taken) {
    std::vector<long> matched(list.entries.size(), -1);
    std::optional<KeyIndex> old_by_key;
    for (std::size_t i = 0; i < list.entries.size(); ++i) {
      const std::uint64_t key = list.entries[i].key;
      long found = -1;
      if (i < old_entries.size() && old_entries[i].key == key) {
        found = static_cast<long>(i);
      } else {
        if (!old_by_key) old_by_key = index_of(old_entries);
        if (const std::uint32_t* at = old_by_key->find(key)) found = static_cast<long>(*at);
      }
      if (found >= 0 && !taken[found]) {
        matched[i] = found;
        taken[found] = true;
      }
    }
    return matched;
  }

  // A matched entry at another position is a move (`j` or `[j, diff]`); an unmatched one
  // is diffed against the entry at its own position if no other position took that one,
  // else written in full. `kc` goes with any change, `km` with any move.
  void diff_entries(const RenderedComprehension& list, MirrorComprehension& held, LazyObject& object) {
    std::vector<MirrorEntry>& old_entries = held.entries;
    std::vector<bool> taken(old_entries.size(), false);
    const std::vector<long> matched = match_by_key(list, old_entries, taken);

    LazyObject keyed(object, wire::keyed);
    std::vector<MirrorEntry> new_entries;
    new_entries.reserve(list.entries.size());
    bool moved = false;
    for (std::size_t i = 0; i < list.entries.size(); ++i) {
      const RenderedEntry& entry = list.entries[i];
      const bool in_place_fallback = matched[i] < 0 && i < old_entries.size() && !taken[i];
      const long base = in_place_fallback ? static_cast<long>(i) : matched[i];
      if (base < 0) {
        keyed.key(i);
        new_entries.push_back(full_entry(entry));
        continue;
      }
      if (entry.unchanged && matched[i] < 0) throw std::logic_error("live diff: unchanged entry with an unknown key");
      const bool is_move = static_cast<std::size_t>(base) != i;
      moved = moved || is_move;
      LazyObject slot(keyed, i, is_move ? base : -1);
      if (!entry.unchanged) {
        ++entry_depth_;
        diff_slots(entry.dynamics, old_entries[base].slots, slot);
        --entry_depth_;
      }
      slot.close();
      new_entries.push_back(MirrorEntry{entry.key, std::move(old_entries[base].slots)});
    }
    if (keyed.opened() || list.entries.size() != old_entries.size()) {
      keyed.key(wire::keyed_count).Uint64(list.entries.size());
      if (moved) keyed.key(wire::keyed_moved).Bool(true);
    }
    keyed.close();
    held.entries = std::move(new_entries);
  }
};

}  // namespace quest_live::live
