// What one client holds, as the server remembers it: fingerprints and 64-bit hashes,
// never HTML. A few bytes per slot; one mirror per connected view.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <variant>
#include <vector>

namespace quest_live::live {

struct MirrorNode;
struct MirrorComprehension;

struct MirrorText {
  std::uint64_t hash = 0;
};
struct MirrorComponent {
  int cid = 0;
};

using MirrorSlot = std::variant<MirrorText, MirrorComponent, std::unique_ptr<MirrorNode>,
                                std::unique_ptr<MirrorComprehension>>;

struct MirrorNode {
  std::uint64_t fingerprint = 0;
  std::vector<MirrorSlot> slots;
};

struct MirrorEntry {
  std::uint64_t key = 0;
  std::vector<MirrorSlot> slots;
};

struct MirrorComprehension {
  std::uint64_t fingerprint = 0;
  std::vector<MirrorEntry> entries;
};

// The client's whole view: root tree and component trees by cid.
struct ViewMirror {
  std::unique_ptr<MirrorNode> root;
  std::map<int, MirrorNode> components;

  bool joined() const { return root != nullptr; }
  // After the client confirmed `cids_destroyed`: it no longer holds these.
  void forget_components(const std::vector<int>& cids);
};

}  // namespace quest_live::live
