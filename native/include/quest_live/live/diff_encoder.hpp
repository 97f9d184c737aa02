// Encodes Rendered trees as phoenix_live_view 1.2 JSON (RapidJSON Writer, no DOM) and
// keeps the client mirror in step with what was sent.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quest_live/live/mirror.hpp"
#include "quest_live/live/rendered.hpp"

namespace quest_live::live {

struct PushEvent {
  std::string name;
  std::string payload_json = "{}";  // a JSON value, written verbatim
  bool before_patch = false;         // dispatched before the DOM patch
};

// One render of a view: the root tree (null when the root was not re-rendered), the
// component trees that were rendered, and the top-level extras.
struct RenderedView {
  std::unique_ptr<RenderedNode> root;
  std::map<int, std::unique_ptr<RenderedNode>> components;
  std::optional<std::string> title;
  std::vector<PushEvent> events;
  std::optional<std::string> reply_json;  // hook reply (a JSON object), event replies only
};

// The full render for a join: every node with its statics, every component in `c` with
// `"r":1`. Replaces `mirror` with what the client will hold. Trees must be complete.
std::string encode_full(const RenderedView& view, ViewMirror& mirror);

// The minimal diff against `mirror`, updated to what the client holds after merging it.
// Returns "{}" when nothing changed. Throws std::logic_error if the view marks something
// Unchanged that the mirror does not hold, or does not fit it; that is a bug in the
// caller, and the mirror is then unusable: send a fresh join (encode_full).
std::string encode_diff(const RenderedView& view, ViewMirror& mirror);

}  // namespace quest_live::live
