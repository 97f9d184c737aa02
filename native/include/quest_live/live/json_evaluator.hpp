// A small ExpressionEvaluator over RapidJSON values, for tests, the oracle driver and the
// benchmarks. It understands the subset of Quest expressions the seed's templates use:
// names, `a.b` (nil when missing), literals (numbers, 'strings', "strings", true, false,
// nil), `not`, `and`, `or`, == != < <= > >=, `c ? a : b`, `+` and `-` on numbers and
// strings, methods .len() .empty() .upper(), and functions raw(x) (unescaped) and
// component(cid) (a component reference). Anything else throws std::runtime_error.
//
// Assigns are the members of a JSON object the caller owns; it must outlive the evaluator.
// Item keys of loops are content hashes (dicts: of key and value). Parsed expressions
// are cached per Expression address, so one evaluator should serve one set of templates.
#pragma once

#include <rapidjson/document.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "quest_live/live/change_set.hpp"
#include "quest_live/live/evaluator.hpp"

namespace quest_live::live {

class JsonEvaluator : public ExpressionEvaluator {
 public:
  explicit JsonEvaluator(const rapidjson::Value& assigns);

  SlotValue value(const Expression& expression) override;
  bool truthy(const Expression& condition) override;
  void for_each(const Expression& collection, const std::vector<std::string>& variables,
                const ItemVisitor& visit) override;

  // The text a JSON value prints as (strings verbatim, numbers in shortest form).
  static std::string display(const rapidjson::Value& value);
  // Hash of a JSON value's content (used as item key).
  static std::uint64_t content_hash(const rapidjson::Value& value);

  // Implementation details of native/live (declared here so its files can share them).
  struct Node;   // a parsed expression, cached per Expression (they never move)
  struct Value;  // an evaluated value

 private:
  const rapidjson::Value& assigns_;
  // Loop bindings, innermost last. Names point into the template's ForSlot (which
  // outlives the loop), so binding an item copies no string.
  std::vector<std::pair<const std::string*, const rapidjson::Value*>> locals_;
  std::unordered_map<const Expression*, std::shared_ptr<const Node>> parsed_;

  const Node& parsed(const Expression& expression);
  Value evaluate(const Node& node);
  Value call(const Node& node);
  const rapidjson::Value* lookup(const std::string& name) const;
};

// The change set between two versions of the assigns (top-level members added, removed
// or with a different value), all members of `after` tracked. What socket.assign()
// records in a real view; tests and benchmarks compute it from two snapshots.
ChangeSet changes_between(const rapidjson::Value& before, const rapidjson::Value& after);

}  // namespace quest_live::live
