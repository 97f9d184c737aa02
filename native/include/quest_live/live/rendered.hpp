// The Rendered tree: what one render of a template produced.
//
// A tree is transient: it lives from render to encode, then only the client mirror
// (mirror.hpp: fingerprints and hashes) is kept. Nodes point at the Statics of their
// compiled template (or of a test), which must outlive the tree.
//
// A partial render (render_changes) leaves `Unchanged` where a slot was not re-evaluated
// and marks comprehension entries whose item and inputs did not change; the encoder
// then reads the shape it needs from the mirror.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "quest_live/live/template.hpp"

namespace quest_live::live {

struct RenderedNode;
struct RenderedComprehension;

struct Unchanged {};
struct ComponentRef {
  int cid = 0;
};

// A slot's output: Unchanged, HTML text (already escaped), a nested node (if-branch),
// a comprehension (for-loop) or a component reference.
using RenderedDynamic = std::variant<Unchanged, std::string, std::unique_ptr<RenderedNode>,
                                     std::unique_ptr<RenderedComprehension>, ComponentRef>;

struct RenderedNode {
  const Statics* statics = nullptr;
  std::vector<RenderedDynamic> dynamics;  // statics->parts.size() - 1 of them
};

struct RenderedEntry {
  std::uint64_t key = 0;   // unique within its comprehension (duplicates disambiguated)
  bool unchanged = false;  // same item as the client's entry with this key, nothing re-read
  std::vector<RenderedDynamic> dynamics;  // empty when unchanged
};

struct RenderedComprehension {
  const Statics* statics = nullptr;
  std::vector<RenderedEntry> entries;
};

// Combines an item's content key with its occurrence number among equal items, so
// duplicates in a list get distinct, stable keys ("the 2nd 'a'").
std::uint64_t entry_key(std::uint64_t item_key, std::uint32_t occurrence);

// 64-bit hash used for dynamic values and keys (not cryptographic).
std::uint64_t hash_bytes(std::string_view bytes);

}  // namespace quest_live::live
