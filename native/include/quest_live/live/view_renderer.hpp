// One connected view's render state: its template and the mirror of what its client
// holds. The glue a LiveView channel uses: join() for the join reply, update() after an
// event or a pub/sub message, html() for the dead render. Not thread-safe: one view is
// rendered on one thread (the interpreter thread) at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "quest_live/live/change_set.hpp"
#include "quest_live/live/diff_encoder.hpp"
#include "quest_live/live/evaluator.hpp"
#include "quest_live/live/mirror.hpp"
#include "quest_live/live/template.hpp"

namespace quest_live::live {

// A component to render in this message: its template, the evaluator over its assigns,
// and what changed in them (ignored the first time the client gets the component).
struct ComponentRender {
  int cid = 0;
  const CompiledTemplate* compiled = nullptr;
  ExpressionEvaluator* evaluator = nullptr;
  ChangeSet changes = ChangeSet::everything();
};

// Top-level extras of one message.
struct MessageExtras {
  std::optional<std::string> title;
  std::vector<PushEvent> events;
  std::optional<std::string> reply_json;
};

class ViewRenderer {
 public:
  explicit ViewRenderer(std::shared_ptr<const CompiledTemplate> root_template);

  // The full render; (re)starts the mirror.
  std::string join(ExpressionEvaluator& evaluator, const std::vector<ComponentRender>& components = {},
                   MessageExtras extras = {});

  // The minimal diff ("{}" when nothing changed). `root_changes` says what changed in
  // the root's assigns; components listed are rendered against what the client holds.
  std::string update(ExpressionEvaluator& evaluator, const ChangeSet& root_changes,
                     const std::vector<ComponentRender>& components = {}, MessageExtras extras = {});

  // Full HTML of the current state, for a dead render (does not touch the mirror).
  std::string html(ExpressionEvaluator& evaluator, const std::vector<ComponentRender>& components = {}) const;

  const ViewMirror& mirror() const { return mirror_; }
  ViewMirror& mirror() { return mirror_; }

 private:
  std::shared_ptr<const CompiledTemplate> root_template_;
  ViewMirror mirror_;

  static RenderedView with_extras(MessageExtras extras);
};

}  // namespace quest_live::live
