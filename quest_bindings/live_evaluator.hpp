// The engine's ExpressionEvaluator (native/live evaluator.hpp) over the Quest interpreter.
//
// A template expression is compiled ONCE per (expression, calling function, names bound
// as parameters) with quest::Expression (dict_dot_access + ternary) and kept in a
// LiveExpressionCache; later renders only evaluate it. Names an expression reads are
// bound, innermost first, from the loop variables, then the assigns dict; every other
// name resolves in the captured scope of the function that called lv.template (its
// locals and local functions, the module, the built-ins).
// Values print as Quest str() (nil prints nothing); escaping is the engine's job.
// A Quest error while compiling or evaluating is re-raised as the same Quest type with
// "<template>:line:col: " in front of the message.
// Threading: the Vm's thread only, like everything that touches Quest values.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "quest/expression.hpp"
#include "quest/vm.hpp"
#include "quest_live/live/evaluator.hpp"

namespace quest_bindings {

// Compiled Quest expressions of the templates, keyed by the engine's Expression (whose
// address is stable while its template lives) and the names bound as parameters.
// Owns the quest::Expressions: destroy it on the Vm's thread, before the Vm.
class LiveExpressionCache {
 public:
  // Returns the compiled expression, or nullptr when none is cached.
  quest::Expression* find(const quest_live::live::Expression* expression, const std::string& key);
  quest::Expression& store(const quest_live::live::Expression* expression, const std::string& key,
                           quest::Expression compiled);
  void forget(const quest_live::live::Expression* expression, const std::string& key);
  std::size_t size() const { return entries_.size(); }
  void clear() { entries_.clear(); }

 private:
  std::map<std::pair<const quest_live::live::Expression*, std::string>, quest::Expression> entries_;
};

// Maps a Quest value to what a slot shows: a component reference, markup, or text.
// Hosts that know about components install one; the default prints str().
using SlotValueMapper = std::function<quest_live::live::SlotValue(quest::Vm&, const quest::Value&)>;

class QuestEvaluator final : public quest_live::live::ExpressionEvaluator {
 public:
  // `assigns` is a Dict; `scope` the captured frame of the rendering function;
  // `template_name` prefixes error messages. All must outlive the evaluator.
  QuestEvaluator(quest::Vm& vm, const quest::Scope& scope, const quest::Value& assigns, LiveExpressionCache& cache,
                 std::string template_name, SlotValueMapper mapper = {});

  quest_live::live::SlotValue value(const quest_live::live::Expression& expression) override;
  bool truthy(const quest_live::live::Expression& condition) override;
  void for_each(const quest_live::live::Expression& collection, const std::vector<std::string>& variables,
                const ItemVisitor& visit) override;

  // Evaluates one expression (also used by tests).
  quest::Value evaluate(const quest_live::live::Expression& expression);

  // The text a value prints as in a template: Str verbatim, nil empty, else str().
  static std::string display(quest::Vm& vm, const quest::Value& value);

 private:
  [[noreturn]] void rethrow(const quest_live::live::Expression& expression, const quest::QuestError& error) const;
  const quest::Value* bound(const std::string& name) const;

  quest::Vm& vm_;
  const quest::Scope& scope_;
  const quest::Value& assigns_;
  LiveExpressionCache& cache_;
  std::string template_name_;
  SlotValueMapper mapper_;
  // Loop bindings, innermost last.
  std::vector<std::pair<std::string, quest::Value>> locals_;
};

}  // namespace quest_bindings
