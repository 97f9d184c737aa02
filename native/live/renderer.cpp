// Evaluation of compiled templates into Rendered trees, full or limited to what changed.

#include "quest_live/live/html.hpp"
#include "quest_live/live/renderer.hpp"

#include "key_index.hpp"

namespace quest_live::live {
namespace {

class Rendering {
 public:
  explicit Rendering(ExpressionEvaluator& evaluator) : evaluator_(evaluator) {}

  std::unique_ptr<RenderedNode> full(const Fragment& fragment) {
    auto node = std::make_unique<RenderedNode>();
    node->statics = &fragment.statics;
    node->dynamics = full_dynamics(fragment);
    return node;
  }

  std::unique_ptr<RenderedNode> changed(const Fragment& fragment, const ChangeSet& changes,
                                        const MirrorNode& held) {
    if (held.fingerprint != fragment.statics.fingerprint) return full(fragment);
    auto node = std::make_unique<RenderedNode>();
    node->statics = &fragment.statics;
    node->dynamics = changed_dynamics(fragment, changes, held.slots);
    return node;
  }

 private:
  ExpressionEvaluator& evaluator_;

  std::vector<RenderedDynamic> full_dynamics(const Fragment& fragment) {
    std::vector<RenderedDynamic> dynamics;
    dynamics.reserve(fragment.slots.size());
    for (const auto& slot : fragment.slots) dynamics.push_back(full_slot(slot));
    return dynamics;
  }

  // `held` is the client's copy of the same fragment (equal fingerprints).
  std::vector<RenderedDynamic> changed_dynamics(const Fragment& fragment, const ChangeSet& changes,
                                                const std::vector<MirrorSlot>& held) {
    std::vector<RenderedDynamic> dynamics;
    dynamics.reserve(fragment.slots.size());
    for (std::size_t i = 0; i < fragment.slots.size(); ++i) {
      const Slot& slot = fragment.slots[i];
      if (!changes.affects(slot.dependencies)) {
        dynamics.emplace_back(Unchanged{});
      } else if (const auto* block = std::get_if<IfSlot>(&slot.kind)) {
        dynamics.push_back(changed_if(*block, changes, held[i]));
      } else if (const auto* loop = std::get_if<ForSlot>(&slot.kind)) {
        dynamics.push_back(changed_for(*loop, changes, held[i]));
      } else {
        dynamics.push_back(output(std::get<OutputSlot>(slot.kind)));
      }
    }
    return dynamics;
  }

  RenderedDynamic full_slot(const Slot& slot) {
    if (const auto* block = std::get_if<IfSlot>(&slot.kind)) {
      const Fragment* branch = chosen_branch(*block);
      if (!branch) return std::string();
      return full(*branch);
    }
    if (const auto* loop = std::get_if<ForSlot>(&slot.kind)) return full_for(*loop);
    return output(std::get<OutputSlot>(slot.kind));
  }

  RenderedDynamic output(const OutputSlot& slot) {
    SlotValue value = evaluator_.value(slot.expression);
    switch (value.kind) {
      case SlotValue::Kind::component:
        return ComponentRef{value.cid};
      case SlotValue::Kind::html:
        return std::move(value.text);
      case SlotValue::Kind::text:
        break;
    }
    return slot.raw ? std::move(value.text) : escape_html(value.text);
  }

  const Fragment* chosen_branch(const IfSlot& block) {
    for (const auto& branch : block.branches) {
      if (!branch.condition || evaluator_.truthy(*branch.condition)) return branch.body.get();
    }
    return nullptr;
  }

  RenderedDynamic changed_if(const IfSlot& block, const ChangeSet& changes, const MirrorSlot& held) {
    const Fragment* branch = chosen_branch(block);
    if (!branch) return std::string();
    const auto* held_node = std::get_if<std::unique_ptr<MirrorNode>>(&held);
    if (!held_node) return full(*branch);
    return changed(*branch, changes, **held_node);
  }

  std::unique_ptr<RenderedComprehension> full_for(const ForSlot& loop) {
    auto list = std::make_unique<RenderedComprehension>();
    list->statics = &loop.body->statics;
    KeyIndex occurrences;
    evaluator_.for_each(loop.collection, loop.variables, [&](std::uint64_t item_key) {
      list->entries.push_back(RenderedEntry{next_key(occurrences, item_key), false, full_dynamics(*loop.body)});
    });
    return list;
  }

  // Entries whose key the client already holds are re-read only if the body reads
  // something besides the loop variables that changed; others are rendered in full.
  RenderedDynamic changed_for(const ForSlot& loop, const ChangeSet& changes, const MirrorSlot& held) {
    const auto* held_list = std::get_if<std::unique_ptr<MirrorComprehension>>(&held);
    if (!held_list || (*held_list)->fingerprint != loop.body->statics.fingerprint) return full_for(loop);
    const auto& held_entries = (*held_list)->entries;
    HeldEntries held_by_key(held_entries);

    const bool body_affected = changes.affects(loop.body_outer);
    const ChangeSet inner = changes.inside_loop(loop.variables);
    auto list = std::make_unique<RenderedComprehension>();
    list->statics = &loop.body->statics;
    list->entries.reserve(held_entries.size() + 1);
    KeyIndex occurrences(held_entries.size());
    evaluator_.for_each(loop.collection, loop.variables, [&](std::uint64_t item_key) {
      RenderedEntry entry{next_key(occurrences, item_key), false, {}};
      const MirrorEntry* held = held_by_key.find(entry.key, list->entries.size());
      if (!held) {
        entry.dynamics = full_dynamics(*loop.body);
      } else if (!body_affected) {
        entry.unchanged = true;
      } else {
        entry.dynamics = changed_dynamics(*loop.body, inner, held->slots);
      }
      list->entries.push_back(std::move(entry));
    });
    return list;
  }

  // The entry key of the next item: its content key and how many equal items came before.
  static std::uint64_t next_key(KeyIndex& occurrences, std::uint64_t item_key) {
    auto [count, inserted] = occurrences.insert(item_key, 0);
    return entry_key(item_key, inserted ? 0 : ++*count);
  }

  // What the client holds, by key. Lists mostly keep their order, so the entry at the
  // same position is tried first and the index is only built on the first miss.
  class HeldEntries {
   public:
    explicit HeldEntries(const std::vector<MirrorEntry>& entries) : entries_(entries) {}

    const MirrorEntry* find(std::uint64_t key, std::size_t position) {
      if (position < entries_.size() && entries_[position].key == key) return &entries_[position];
      if (!index_) {
        index_.emplace(entries_.size());
        for (std::size_t i = 0; i < entries_.size(); ++i) index_->insert(entries_[i].key, static_cast<std::uint32_t>(i));
      }
      const std::uint32_t* found = index_->find(key);
      return found ? &entries_[*found] : nullptr;
    }

   private:
    const std::vector<MirrorEntry>& entries_;
    std::optional<KeyIndex> index_;
  };
};

}  // namespace

std::unique_ptr<RenderedNode> render_full(const CompiledTemplate& compiled, ExpressionEvaluator& evaluator) {
  return Rendering(evaluator).full(compiled.root);
}

std::unique_ptr<RenderedNode> render_changes(const CompiledTemplate& compiled, ExpressionEvaluator& evaluator,
                                             const ChangeSet& changes, const MirrorNode& client_holds) {
  return Rendering(evaluator).changed(compiled.root, changes, client_holds);
}

}  // namespace quest_live::live
