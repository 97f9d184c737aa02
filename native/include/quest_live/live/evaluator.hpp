// The one door between the engine and a language: expression evaluation.
//
// The engine never evaluates anything itself. quest_bindings implements this with the
// Quest interpreter (assigns bound as variables, `dict.key`, `c ? a : b`); the tests,
// the oracle driver and the benchmarks use JsonEvaluator (json_evaluator.hpp).
// Calls happen on the thread that renders, one at a time, never re-entrantly except
// that `for_each` calls back into the renderer, which may evaluate nested expressions
// with the loop variables bound.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "quest_live/live/template.hpp"

namespace quest_live::live {

// The value of an output slot.
struct SlotValue {
  enum class Kind { text, html, component };
  Kind kind = Kind::text;
  std::string text;  // text: escaped by the engine; html: inserted verbatim
  int cid = 0;       // component: the component id (>= 1) whose tree goes in `c`

  static SlotValue plain(std::string value) { return {Kind::text, std::move(value), 0}; }
  static SlotValue markup(std::string value) { return {Kind::html, std::move(value), 0}; }
  static SlotValue component_ref(int cid) { return {Kind::component, {}, cid}; }
};

class ExpressionEvaluator {
 public:
  virtual ~ExpressionEvaluator() = default;

  virtual SlotValue value(const Expression& expression) = 0;
  virtual bool truthy(const Expression& condition) = 0;

  // Called once per item, in order, with `variables` bound to the item (one name: the
  // item; two names: key and value of a dict). `item_key` is a 64-bit hash of the item's content
  // (for dicts: of the key and the value): equal keys must mean equal bindings, so an
  // entry with an unchanged key is not re-read unless something else it reads changed. Bindings are undone
  // when for_each returns.
  using ItemVisitor = std::function<void(std::uint64_t item_key)>;
  virtual void for_each(const Expression& collection, const std::vector<std::string>& variables,
                        const ItemVisitor& visit) = 0;
};

}  // namespace quest_live::live
