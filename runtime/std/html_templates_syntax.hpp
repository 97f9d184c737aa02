// std/html/templates: the compiled form of a template (a tree of nodes holding
// expression trees) and the parser that builds it from Jinja/Tera-style source.
//
// A Template owns its whole tree. Compiled once (add_template, or the first render_str
// of a given source) and then rendered any number of times without re-parsing; it lives
// as long as the HtmlTemplate engine that registered it. Literal Values inside the tree
// belong to the Vm thread like every other Value.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "quest/value.hpp"

namespace quest::templates {

struct Position {
  int line = 1;
  int column = 1;
};

// A parse or render failure at a place in a template's source.
class TemplateError : public std::runtime_error {
 public:
  TemplateError(std::string message, Position where)
      : std::runtime_error(message), message_(std::move(message)), where_(where) {}
  const std::string& message() const { return message_; }
  Position where() const { return where_; }
  // The template the position refers to; set by whoever knows it (parser caller,
  // renderer), "" until then.
  const std::string& template_name() const { return template_name_; }
  void set_template_name(std::string name) { template_name_ = std::move(name); }

 private:
  std::string message_;
  Position where_;
  std::string template_name_;
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

// `name=value` arguments of a filter, test or function call, in source order.
using NamedArgs = std::vector<std::pair<std::string, ExprPtr>>;

struct Expr {
  enum class Kind {
    Literal,    // value
    Array,      // operands: the items
    Variable,   // name
    Attribute,  // operands[0].name (Dict key, Array index given as digits, or `loop`)
    Index,      // operands[0][operands[1]]
    Not,        // not operands[0]
    Negate,     // -operands[0]
    Binary,     // operands[0] <name> operands[1]; name: + - * / % ~ == != < > <= >= in
    And,
    Or,
    Filter,     // operands[0] | name(named)
    Test,       // operands[0] is [not] name(operands[1..])
    Call,       // name(named): range, super, throw
  };
  Kind kind;
  Position where;
  std::string name;
  Value value;
  bool negated = false;  // Test: `is not`; Binary `in`: `not in`
  std::vector<ExprPtr> operands;
  NamedArgs named;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

struct Branch {
  ExprPtr condition;  // nullptr for `else`
  Body body;
};

struct Node {
  enum class Kind {
    Text,      // text
    Output,    // {{ expr }}
    If,        // branches
    For,       // for [key_name,] name in expr: body [else: else_body]
    Block,     // block name: body
    Include,   // include "name" [ignore missing]
    Set,       // set name = expr  (global: set_global)
    Break,
    Continue,
  };
  Kind kind;
  Position where;
  std::string text;      // Text: content; Block/Include: name; For/Set: variable
  std::string key_name;  // For over a Dict with two variables: the key's name
  bool flag = false;     // Include: ignore missing; Set: set_global
  ExprPtr expr;
  std::vector<Branch> branches;
  Body body;
  Body else_body;
};

struct Template {
  std::string name;
  std::string parent;  // the `extends` target, "" when none
  Body body;
  // Every block defined in this template, nested ones included (they point into body).
  std::unordered_map<std::string, const Node*> blocks;
};

// Parses `source`; throws TemplateError (with line and column) on bad syntax.
std::shared_ptr<const Template> parse_template(const std::string& name, const std::string& source);

}  // namespace quest::templates
