// Evaluates a compiled template into a Rendered tree through an ExpressionEvaluator.
#pragma once

#include <memory>

#include "quest_live/live/change_set.hpp"
#include "quest_live/live/evaluator.hpp"
#include "quest_live/live/mirror.hpp"
#include "quest_live/live/rendered.hpp"
#include "quest_live/live/template.hpp"

namespace quest_live::live {

// Evaluates every slot: the tree for a join, a dead render, or a reset.
std::unique_ptr<RenderedNode> render_full(const CompiledTemplate& compiled,
                                          ExpressionEvaluator& evaluator);

// Evaluates only what `changes` affects, given what the client holds. Slots that are not
// affected come out as Unchanged; entries of a loop whose item (by key) and outer inputs
// are unchanged come out `unchanged`. Where the client holds another shape (a different
// if-branch, a different template), that part is rendered in full.
std::unique_ptr<RenderedNode> render_changes(const CompiledTemplate& compiled,
                                             ExpressionEvaluator& evaluator,
                                             const ChangeSet& changes,
                                             const MirrorNode& client_holds);

}  // namespace quest_live::live
