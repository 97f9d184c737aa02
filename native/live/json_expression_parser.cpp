#include <cctype>
#include <cstdlib>
#include <stdexcept>

#include "json_expression.hpp"

namespace quest_live::live {
namespace {

using Node = JsonEvaluator::Node;

class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  std::unique_ptr<Node> parse_all() {
    auto node = expression(0);
    skip_space();
    if (position_ != source_.size()) fail("unexpected text");
    return node;
  }

 private:
  std::string_view source_;
  std::size_t position_ = 0;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("expression '" + std::string(source_) + "' at " + std::to_string(position_ + 1) +
                             ": " + what);
  }

  void skip_space() {
    while (position_ < source_.size() && std::isspace(static_cast<unsigned char>(source_[position_]))) ++position_;
  }

  bool accept(std::string_view token) {
    skip_space();
    if (source_.substr(position_, token.size()) != token) return false;
    const bool word = std::isalpha(static_cast<unsigned char>(token[0]));
    const std::size_t end = position_ + token.size();
    if (word && end < source_.size() && (std::isalnum(static_cast<unsigned char>(source_[end])) || source_[end] == '_')) {
      return false;
    }
    position_ = end;
    return true;
  }

  void expect(std::string_view token) {
    if (!accept(token)) fail("expected '" + std::string(token) + "'");
  }

  static std::unique_ptr<Node> make(Node::Kind kind, std::string text = {}) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->text = std::move(text);
    return node;
  }

  // Binding powers: ?: 1, or 2, and 3, comparisons 4, + - 5, prefix 6, postfix 7.
  std::unique_ptr<Node> expression(int min_power) {
    auto left = prefix();
    for (;;) {
      if (min_power < 1 && accept("?")) {
        auto node = make(Node::Kind::ternary);
        node->children.push_back(std::move(left));
        node->children.push_back(expression(1));
        expect(":");
        node->children.push_back(expression(1));
        left = std::move(node);
        continue;
      }
      const std::string op = binary_operator(min_power);
      if (op.empty()) return left;
      auto node = make(Node::Kind::binary, op);
      node->children.push_back(std::move(left));
      node->children.push_back(expression(power_of(op)));
      left = std::move(node);
    }
  }

  static int power_of(const std::string& op) {
    if (op == "or") return 2;
    if (op == "and") return 3;
    if (op == "+" || op == "-") return 5;
    return 4;
  }

  std::string binary_operator(int min_power) {
    for (const char* op : {"==", "!=", "<=", ">=", "<", ">", "+", "-", "and", "or"}) {
      const std::size_t saved = position_;
      if (accept(op)) {
        if (power_of(op) > min_power) return op;
        position_ = saved;
        return {};
      }
    }
    return {};
  }

  std::unique_ptr<Node> prefix() {
    if (accept("not")) return unary("not");
    if (accept("-")) return unary("-");
    return postfix(primary());
  }

  std::unique_ptr<Node> unary(const char* op) {
    auto node = make(Node::Kind::unary, op);
    node->children.push_back(expression(5));
    return node;
  }

  std::unique_ptr<Node> postfix(std::unique_ptr<Node> left) {
    while (accept(".")) {
      const std::string name = identifier();
      skip_space();
      const bool is_call = position_ < source_.size() && source_[position_] == '(';
      auto node = make(is_call ? Node::Kind::method : Node::Kind::member, name);
      node->children.push_back(std::move(left));
      if (is_call) arguments(*node);
      left = std::move(node);
    }
    return left;
  }

  void arguments(Node& call) {
    expect("(");
    if (accept(")")) return;
    do {
      call.children.push_back(expression(0));
    } while (accept(","));
    expect(")");
  }

  std::string identifier() {
    skip_space();
    const std::size_t start = position_;
    while (position_ < source_.size() && (std::isalnum(static_cast<unsigned char>(source_[position_])) || source_[position_] == '_')) {
      ++position_;
    }
    if (start == position_ || std::isdigit(static_cast<unsigned char>(source_[start]))) fail("expected a name");
    return std::string(source_.substr(start, position_ - start));
  }

  std::unique_ptr<Node> primary() {
    skip_space();
    if (position_ >= source_.size()) fail("expected a value");
    const char c = source_[position_];
    if (accept("(")) {
      auto inner = expression(0);
      expect(")");
      return inner;
    }
    if (c == '"' || c == '\'') return string_literal(c);
    if (std::isdigit(static_cast<unsigned char>(c))) return number_literal();
    if (accept("true")) return boolean(true);
    if (accept("false")) return boolean(false);
    if (accept("nil")) return make(Node::Kind::nil);
    const std::string name = identifier();
    skip_space();
    if (position_ < source_.size() && source_[position_] == '(') {
      auto node = make(Node::Kind::call, name);
      arguments(*node);
      return node;
    }
    return make(Node::Kind::name, name);
  }

  static std::unique_ptr<Node> boolean(bool value) {
    auto node = make(Node::Kind::boolean);
    node->boolean = value;
    return node;
  }

  std::unique_ptr<Node> string_literal(char quote) {
    ++position_;
    auto node = make(Node::Kind::string);
    while (position_ < source_.size() && source_[position_] != quote) {
      if (source_[position_] == '\\' && position_ + 1 < source_.size()) ++position_;
      node->text += source_[position_++];
    }
    if (position_ >= source_.size()) fail("unterminated string");
    ++position_;
    return node;
  }

  std::unique_ptr<Node> number_literal() {
    char* end = nullptr;
    const std::string copy(source_.substr(position_));
    const double value = std::strtod(copy.c_str(), &end);
    position_ += static_cast<std::size_t>(end - copy.c_str());
    auto node = make(Node::Kind::number);
    node->number = value;
    return node;
  }
};

}  // namespace

std::unique_ptr<JsonEvaluator::Node> parse_json_expression(std::string_view source) {
  return Parser(source).parse_all();
}

}  // namespace quest_live::live
