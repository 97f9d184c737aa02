// Parsed expressions for JsonEvaluator: a tiny Pratt parser over the expression subset
// described in json_evaluator.hpp. Internal to native/live.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "quest_live/live/json_evaluator.hpp"

namespace quest_live::live {

struct JsonEvaluator::Node {
  enum class Kind { name, member, call, method, string, number, boolean, nil, unary, binary, ternary };
  Kind kind;
  std::string text;  // name, member/method/function name, string literal, operator
  double number = 0;
  bool boolean = false;
  std::vector<std::unique_ptr<Node>> children;  // operands, receiver first, then arguments
};

// Parses `source`; throws std::runtime_error naming the offending position.
std::unique_ptr<JsonEvaluator::Node> parse_json_expression(std::string_view source);

}  // namespace quest_live::live
