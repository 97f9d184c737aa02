// Builds a Template from the lexer's segments: recursive descent over tags for the
// statement tree, precedence climbing over each tag's tokens for expressions.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include "html_templates_filters.hpp"
#include "html_templates_lexer.hpp"
#include "html_templates_syntax.hpp"

namespace quest::templates {

namespace {

ExprPtr make_expr(Expr::Kind kind, Position where, std::string name = "") {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->where = where;
  e->name = std::move(name);
  return e;
}

ExprPtr make_binary(Expr::Kind kind, Position where, std::string op, ExprPtr left, ExprPtr right) {
  ExprPtr e = make_expr(kind, where, std::move(op));
  e->operands.push_back(std::move(left));
  e->operands.push_back(std::move(right));
  return e;
}

// Parses the tokens of one tag, from `next_` on.
class TokenCursor {
 public:
  // `tag_end` (where the closing delimiter starts) is where "end of tag" errors point.
  TokenCursor(const std::vector<Token>& tokens, Position tag_end) : tokens_(tokens), tag_end_(tag_end) {}

  bool done() const { return next_ >= tokens_.size(); }
  Position where() const { return done() ? tag_end_ : tokens_[next_].where; }
  bool symbol(std::string_view s) const { return !done() && tokens_[next_].type == Token::Type::Symbol && tokens_[next_].text == s; }
  bool keyword(std::string_view s) const { return !done() && tokens_[next_].type == Token::Type::Identifier && tokens_[next_].text == s; }
  bool keyword_at(std::size_t ahead, std::string_view s) const {
    const std::size_t i = next_ + ahead;
    return i < tokens_.size() && tokens_[i].type == Token::Type::Identifier && tokens_[i].text == s;
  }
  const Token& take() {
    if (done()) fail("unexpected end of tag");
    return tokens_[next_++];
  }
  bool accept_symbol(std::string_view s) { return symbol(s) ? (++next_, true) : false; }
  bool accept_keyword(std::string_view s) { return keyword(s) ? (++next_, true) : false; }
  void expect_symbol(std::string_view s) {
    if (!accept_symbol(s)) fail("expected '" + std::string(s) + "'" + found());
  }
  std::string identifier(std::string_view what) {
    if (done() || tokens_[next_].type != Token::Type::Identifier) fail("expected " + std::string(what) + found());
    return tokens_[next_++].text;
  }
  std::string string_literal(std::string_view what) {
    if (done() || tokens_[next_].type != Token::Type::String) fail("expected " + std::string(what) + " as a string" + found());
    return tokens_[next_++].text;
  }
  void expect_end() {
    if (!done()) fail("unexpected '" + tokens_[next_].text + "'");
  }
  std::string found() const { return done() ? ", found end of tag" : ", found '" + tokens_[next_].text + "'"; }
  [[noreturn]] void fail(const std::string& message) const { throw TemplateError(message, where()); }

 private:
  const std::vector<Token>& tokens_;
  Position tag_end_;
  std::size_t next_ = 0;
};

// The template expression language, loosest binding first:
// or < and < not < comparisons, `in`, `is` < `~` < filters `|` < + - < * / % < unary - < . []
class ExprParser {
 public:
  explicit ExprParser(TokenCursor& cursor) : in_(cursor) {}

  ExprPtr expression() {
    if (in_.done()) in_.fail("expected an expression" + in_.found());
    if (++depth_ > kMaxExpressionDepth) in_.fail("expression nested too deeply");
    ExprPtr e = parse_or();
    --depth_;
    return e;
  }

 private:
  // Bounds the parser's (and the renderer's) recursion on hostile input.
  static constexpr int kMaxExpressionDepth = 200;
  TokenCursor& in_;
  int depth_ = 0;

  ExprPtr parse_or() {
    ExprPtr left = parse_and();
    while (in_.keyword("or")) {
      const Position at = in_.take().where;
      left = make_binary(Expr::Kind::Or, at, "or", std::move(left), parse_and());
    }
    return left;
  }

  ExprPtr parse_and() {
    ExprPtr left = parse_not();
    while (in_.keyword("and")) {
      const Position at = in_.take().where;
      left = make_binary(Expr::Kind::And, at, "and", std::move(left), parse_not());
    }
    return left;
  }

  ExprPtr parse_not() {
    if (!in_.keyword("not")) return parse_comparison();
    ExprPtr e = make_expr(Expr::Kind::Not, in_.take().where);
    if (++depth_ > kMaxExpressionDepth) in_.fail("expression nested too deeply");
    e->operands.push_back(parse_not());
    --depth_;
    return e;
  }

  ExprPtr parse_comparison() {
    ExprPtr left = parse_concat();
    for (;;) {
      static constexpr std::string_view ops[] = {"==", "!=", "<=", ">=", "<", ">"};
      const Position at = in_.where();
      auto op = std::find_if(std::begin(ops), std::end(ops), [&](std::string_view o) { return in_.symbol(o); });
      if (op != std::end(ops)) {
        in_.take();
        left = make_binary(Expr::Kind::Binary, at, std::string(*op), std::move(left), parse_concat());
      } else if (in_.keyword("in") || (in_.keyword("not") && in_.keyword_at(1, "in"))) {
        const bool negated = in_.accept_keyword("not");
        in_.take();
        left = make_binary(Expr::Kind::Binary, at, "in", std::move(left), parse_concat());
        left->negated = negated;
      } else if (in_.accept_keyword("is")) {
        left = parse_test(std::move(left), at);
      } else {
        return left;
      }
    }
  }

  ExprPtr parse_test(ExprPtr subject, Position at) {
    const bool negated = in_.accept_keyword("not");
    ExprPtr e = make_expr(Expr::Kind::Test, at, in_.identifier("a test name after 'is'"));
    e->negated = negated;
    e->operands.push_back(std::move(subject));
    if (in_.symbol("(")) {
      NamedArgs args = arguments();
      for (auto& [name, value] : args) e->operands.push_back(std::move(value));
    }
    return e;
  }

  ExprPtr parse_concat() {
    ExprPtr left = parse_filtered();
    while (in_.symbol("~")) {
      const Position at = in_.take().where;
      left = make_binary(Expr::Kind::Binary, at, "~", std::move(left), parse_filtered());
    }
    return left;
  }

  ExprPtr parse_filtered() {
    ExprPtr value = parse_additive();
    while (in_.symbol("|")) {
      in_.take();
      const Position at = in_.where();
      ExprPtr filter = make_expr(Expr::Kind::Filter, at, in_.identifier("a filter name after '|'"));
      if (!find_filter(filter->name)) throw TemplateError("unknown filter '" + filter->name + "'", at);
      filter->operands.push_back(std::move(value));
      if (in_.symbol("(")) filter->named = arguments();
      value = std::move(filter);
    }
    return value;
  }

  ExprPtr parse_additive() {
    ExprPtr left = parse_multiplicative();
    while (in_.symbol("+") || in_.symbol("-")) {
      const Token& op = in_.take();
      left = make_binary(Expr::Kind::Binary, op.where, op.text, std::move(left), parse_multiplicative());
    }
    return left;
  }

  ExprPtr parse_multiplicative() {
    ExprPtr left = parse_unary();
    while (in_.symbol("*") || in_.symbol("/") || in_.symbol("%")) {
      const Token& op = in_.take();
      left = make_binary(Expr::Kind::Binary, op.where, op.text, std::move(left), parse_unary());
    }
    return left;
  }

  ExprPtr parse_unary() {
    if (!in_.symbol("-")) return parse_postfix();
    ExprPtr e = make_expr(Expr::Kind::Negate, in_.take().where);
    if (++depth_ > kMaxExpressionDepth) in_.fail("expression nested too deeply");
    e->operands.push_back(parse_unary());
    --depth_;
    return e;
  }

  // Accesses are reported at the start of the whole path (`user` in `user.email`).
  ExprPtr parse_postfix() {
    const Position at = in_.where();
    ExprPtr e = parse_primary();
    for (;;) {
      if (in_.accept_symbol(".")) {
        const Token& member = in_.take();
        if (member.type != Token::Type::Identifier && member.type != Token::Type::Int)
          throw TemplateError("expected a name or an index after '.'", member.where);
        ExprPtr access = make_expr(Expr::Kind::Attribute, at, member.text);
        access->operands.push_back(std::move(e));
        e = std::move(access);
      } else if (in_.accept_symbol("[")) {
        ExprPtr access = make_expr(Expr::Kind::Index, at);
        access->operands.push_back(std::move(e));
        access->operands.push_back(expression());
        in_.expect_symbol("]");
        e = std::move(access);
      } else {
        return e;
      }
    }
  }

  ExprPtr literal(Position at, Value v) {
    ExprPtr e = make_expr(Expr::Kind::Literal, at);
    e->value = std::move(v);
    return e;
  }

  ExprPtr parse_primary() {
    const Position at = in_.where();
    const Token& t = in_.take();
    switch (t.type) {
      case Token::Type::Int: return literal(at, Value::integer(t.int_value));
      case Token::Type::Float: return literal(at, Value::number(t.float_value));
      case Token::Type::String: return literal(at, make_str(t.text));
      case Token::Type::Symbol:
        if (t.text == "(") {
          ExprPtr inner = expression();
          in_.expect_symbol(")");
          return inner;
        }
        if (t.text == "[") return array_literal(at);
        throw TemplateError("expected an expression, found '" + t.text + "'", at);
      case Token::Type::Identifier: break;
    }
    if (t.text == "true" || t.text == "True") return literal(at, Value::boolean(true));
    if (t.text == "false" || t.text == "False") return literal(at, Value::boolean(false));
    if (t.text == "none" || t.text == "None" || t.text == "nil") return literal(at, Value::nil());
    if (in_.symbol("(")) {
      ExprPtr call = make_expr(Expr::Kind::Call, at, t.text);
      call->named = arguments();
      return call;
    }
    return make_expr(Expr::Kind::Variable, at, t.text);
  }

  ExprPtr array_literal(Position at) {
    ExprPtr array = make_expr(Expr::Kind::Array, at);
    while (!in_.accept_symbol("]")) {
      array->operands.push_back(expression());
      if (!in_.symbol("]")) in_.expect_symbol(",");
    }
    return array;
  }

  // `(a, name=b)`: positional arguments get an empty name.
  NamedArgs arguments() {
    in_.expect_symbol("(");
    NamedArgs args;
    while (!in_.accept_symbol(")")) {
      std::string name;
      if (in_.symbol("=")) in_.fail("expected an argument" + in_.found());
      ExprPtr value = expression();
      if (value->kind == Expr::Kind::Variable && in_.accept_symbol("=")) {
        name = value->name;
        value = expression();
      }
      args.emplace_back(std::move(name), std::move(value));
      if (!in_.symbol(")")) in_.expect_symbol(",");
    }
    return args;
  }
};

// Walks the segments, building nested bodies for if / for / block.
class TemplateParser {
 public:
  TemplateParser(std::vector<Segment> segments, Template& out) : segments_(std::move(segments)), out_(out) {}

  void run() {
    out_.body = body({}, "", Position{});
  }

 private:
  std::vector<Segment> segments_;
  Template& out_;
  std::size_t next_ = 0;
  static constexpr int kMaxTagDepth = 100;  // bounds recursion in parser and renderer
  int loop_depth_ = 0;
  int body_depth_ = 0;
  std::string ended_by_;         // the closing keyword that ended the last body
  const Segment* end_tag_ = nullptr;

  // Nodes until one of `enders` (a statement keyword) or the end of the source.
  Body body(std::initializer_list<std::string_view> enders, std::string_view opener, Position opened_at) {
    if (++body_depth_ > kMaxTagDepth) throw TemplateError("tags nested deeper than 100", opened_at);
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{body_depth_};
    Body nodes;
    while (next_ < segments_.size()) {
      const Segment& segment = segments_[next_++];
      if (segment.type == Segment::Type::Text) {
        nodes.push_back(text_node(segment));
        continue;
      }
      TokenCursor cursor(segment.tokens, segment.closed_at);
      if (segment.type == Segment::Type::Output) {
        nodes.push_back(output_node(segment, cursor));
        continue;
      }
      const std::string keyword = cursor.identifier("a tag name");
      if (std::find(enders.begin(), enders.end(), keyword) != enders.end()) {
        ended_by_ = keyword;
        end_tag_ = &segment;
        return nodes;
      }
      if (NodePtr node = statement(keyword, segment, cursor)) nodes.push_back(std::move(node));
    }
    if (enders.size() != 0)
      throw TemplateError("unclosed '{% " + std::string(opener) + " %}', expected '{% " +
                              std::string(*(enders.end() - 1)) + " %}' before the end of the template",
                          opened_at);
    return nodes;
  }

  static NodePtr make_node(Node::Kind kind, Position where) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->where = where;
    return n;
  }

  NodePtr text_node(const Segment& segment) {
    NodePtr n = make_node(Node::Kind::Text, segment.where);
    n->text = segment.text;
    return n;
  }

  NodePtr output_node(const Segment& segment, TokenCursor& cursor) {
    NodePtr n = make_node(Node::Kind::Output, segment.where);
    n->expr = ExprParser(cursor).expression();
    cursor.expect_end();
    return n;
  }

  NodePtr statement(const std::string& keyword, const Segment& segment, TokenCursor& cursor) {
    if (keyword == "if") return if_node(segment, cursor);
    if (keyword == "for") return for_node(segment, cursor);
    if (keyword == "block") return block_node(segment, cursor);
    if (keyword == "extends") return extends(segment, cursor);
    if (keyword == "include") return include_node(segment, cursor);
    if (keyword == "set" || keyword == "set_global") return set_node(segment, cursor, keyword == "set_global");
    if (keyword == "break" || keyword == "continue") {
      if (loop_depth_ == 0) cursor.fail("'{% " + keyword + " %}' outside a for loop");
      cursor.expect_end();
      return make_node(keyword == "break" ? Node::Kind::Break : Node::Kind::Continue, segment.where);
    }
    static constexpr std::string_view closers[] = {"elif", "else", "endif", "endfor", "endblock", "endraw"};
    if (std::find(std::begin(closers), std::end(closers), keyword) != std::end(closers))
      throw TemplateError("unexpected '{% " + keyword + " %}' without a matching opening tag", segment.where);
    static constexpr std::string_view unsupported[] = {"macro", "import", "filter", "call", "endmacro", "endfilter"};
    if (std::find(std::begin(unsupported), std::end(unsupported), keyword) != std::end(unsupported))
      throw TemplateError("'{% " + keyword + " %}' is not supported by this template engine", segment.where);
    throw TemplateError("unknown tag '" + keyword + "'", segment.where);
  }

  // The closing tag that ended the last body carries nothing after its keyword.
  void expect_bare_end_tag() {
    TokenCursor tail(end_tag_->tokens, end_tag_->closed_at);
    tail.identifier("a tag name");
    tail.expect_end();
  }

  ExprPtr condition(TokenCursor& cursor) {
    ExprPtr e = ExprParser(cursor).expression();
    cursor.expect_end();
    return e;
  }

  NodePtr if_node(const Segment& segment, TokenCursor& cursor) {
    NodePtr n = make_node(Node::Kind::If, segment.where);
    ExprPtr cond = condition(cursor);
    for (;;) {
      Body branch_body = body({"elif", "else", "endif"}, "if", segment.where);
      n->branches.push_back(Branch{std::move(cond), std::move(branch_body)});
      const std::string ended = ended_by_;
      TokenCursor tail(end_tag_->tokens, end_tag_->closed_at);
      tail.identifier("a tag name");
      if (ended == "endif") {
        tail.expect_end();
        return n;
      }
      if (ended == "else") {
        tail.expect_end();
        Body else_body = body({"endif"}, "if", segment.where);
        expect_bare_end_tag();
        n->branches.push_back(Branch{nullptr, std::move(else_body)});
        return n;
      }
      cond = condition(tail);
    }
  }

  NodePtr for_node(const Segment& segment, TokenCursor& cursor) {
    NodePtr n = make_node(Node::Kind::For, segment.where);
    n->text = cursor.identifier("a loop variable");
    if (cursor.accept_symbol(",")) {
      n->key_name = n->text;
      n->text = cursor.identifier("a second loop variable");
    }
    if (!cursor.accept_keyword("in")) cursor.fail("expected 'in'" + cursor.found());
    n->expr = condition(cursor);
    ++loop_depth_;
    n->body = body({"else", "endfor"}, "for", segment.where);
    if (ended_by_ == "else") {
      expect_bare_end_tag();
      n->else_body = body({"endfor"}, "for", segment.where);
    }
    expect_bare_end_tag();
    --loop_depth_;
    return n;
  }

  NodePtr block_node(const Segment& segment, TokenCursor& cursor) {
    NodePtr n = make_node(Node::Kind::Block, segment.where);
    n->text = cursor.identifier("a block name");
    cursor.expect_end();
    if (out_.blocks.count(n->text)) throw TemplateError("block '" + n->text + "' is defined twice", segment.where);
    out_.blocks[n->text] = nullptr;  // reserve the name; nested blocks come first otherwise
    const int saved_depth = loop_depth_;
    loop_depth_ = 0;
    n->body = body({"endblock"}, "block " + n->text, segment.where);
    loop_depth_ = saved_depth;
    TokenCursor tail(end_tag_->tokens, end_tag_->closed_at);
    tail.identifier("a tag name");
    if (!tail.done() && tail.identifier("a block name") != n->text)
      throw TemplateError("'{% endblock %}' names a different block than '" + n->text + "'", end_tag_->where);
    tail.expect_end();
    out_.blocks[n->text] = n.get();
    return n;
  }

  NodePtr extends(const Segment& segment, TokenCursor& cursor) {
    if (!out_.parent.empty()) throw TemplateError("a template can extend only one parent", segment.where);
    out_.parent = cursor.string_literal("the parent template name");
    cursor.expect_end();
    return nullptr;
  }

  NodePtr include_node(const Segment& segment, TokenCursor& cursor) {
    NodePtr n = make_node(Node::Kind::Include, segment.where);
    n->text = cursor.string_literal("the included template name");
    if (cursor.accept_keyword("ignore")) {
      if (!cursor.accept_keyword("missing")) cursor.fail("expected 'missing' after 'ignore'");
      n->flag = true;
    }
    cursor.expect_end();
    return n;
  }

  NodePtr set_node(const Segment& segment, TokenCursor& cursor, bool global) {
    NodePtr n = make_node(Node::Kind::Set, segment.where);
    n->text = cursor.identifier("a variable name");
    n->flag = global;
    cursor.expect_symbol("=");
    n->expr = condition(cursor);
    return n;
  }
};

}  // namespace

std::shared_ptr<const Template> parse_template(const std::string& name, const std::string& source) {
  auto result = std::make_shared<Template>();
  result->name = name;
  TemplateParser(lex_template(source), *result).run();
  return result;
}

}  // namespace quest::templates
