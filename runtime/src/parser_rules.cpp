// The Pratt rule table (one row per token kind) and the expression handlers.
#include <array>

#include "lexer.hpp"
#include "parser.hpp"
#include "quest/objects.hpp"

namespace quest {

namespace {

using P = Parser;

std::array<ParseRule, static_cast<std::size_t>(Tok::Count)> build_rules() {
  std::array<ParseRule, static_cast<std::size_t>(Tok::Count)> r{};
  auto row = [&](Tok t, PrefixFn pre, InfixFn in, Prec prec) {
    r[static_cast<std::size_t>(t)] = ParseRule{pre, in, prec};
  };
  row(Tok::Int, &P::literal, nullptr, Prec::None);
  row(Tok::Float, &P::literal, nullptr, Prec::None);
  row(Tok::BigIntLit, &P::bigint_literal, nullptr, Prec::None);
  row(Tok::String, &P::literal, nullptr, Prec::None);
  row(Tok::Bytes, &P::literal, nullptr, Prec::None);
  row(Tok::KwTrue, &P::literal, nullptr, Prec::None);
  row(Tok::KwFalse, &P::literal, nullptr, Prec::None);
  row(Tok::KwNil, &P::literal, nullptr, Prec::None);
  row(Tok::FString, &P::fstring, nullptr, Prec::None);
  row(Tok::Identifier, &P::identifier, nullptr, Prec::None);
  row(Tok::LParen, &P::grouping, &P::call, Prec::Postfix);
  row(Tok::LBracket, &P::array_literal, &P::index, Prec::Postfix);
  row(Tok::LBrace, &P::dict_literal, nullptr, Prec::None);
  row(Tok::Dot, nullptr, &P::dot, Prec::Postfix);
  row(Tok::Minus, &P::unary, &P::binary, Prec::Term);
  row(Tok::Plus, &P::unary, &P::binary, Prec::Term);
  row(Tok::Tilde, &P::unary, nullptr, Prec::None);
  row(Tok::KwNot, &P::not_expr, nullptr, Prec::None);
  row(Tok::Bang, &P::not_expr, nullptr, Prec::None);
  row(Tok::KwFun, &P::lambda, nullptr, Prec::None);
  row(Tok::Star, nullptr, &P::binary, Prec::Factor);
  row(Tok::Slash, nullptr, &P::binary, Prec::Factor);
  row(Tok::Percent, nullptr, &P::binary, Prec::Factor);
  row(Tok::DotDot, nullptr, &P::binary, Prec::Concat);
  row(Tok::EqEq, nullptr, &P::binary, Prec::Compare);
  row(Tok::NotEq, nullptr, &P::binary, Prec::Compare);
  row(Tok::Less, nullptr, &P::binary, Prec::Compare);
  row(Tok::LessEq, nullptr, &P::binary, Prec::Compare);
  row(Tok::Greater, nullptr, &P::binary, Prec::Compare);
  row(Tok::GreaterEq, nullptr, &P::binary, Prec::Compare);
  row(Tok::ShiftLeft, nullptr, &P::binary, Prec::Shift);
  row(Tok::ShiftRight, nullptr, &P::binary, Prec::Shift);
  row(Tok::Amp, nullptr, &P::binary, Prec::BitAnd);
  row(Tok::Caret, nullptr, &P::binary, Prec::BitXor);
  row(Tok::Pipe, nullptr, &P::binary, Prec::BitOr);
  row(Tok::KwAnd, nullptr, &P::logical, Prec::And);
  row(Tok::KwOr, nullptr, &P::logical, Prec::Or);
  row(Tok::Elvis, nullptr, &P::logical, Prec::Elvis);
  return r;
}

Op binary_op(Tok t) {
  switch (t) {
    case Tok::Plus: return Op::Add;
    case Tok::Minus: return Op::Sub;
    case Tok::Star: return Op::Mul;
    case Tok::Slash: return Op::Div;
    case Tok::Percent: return Op::Mod;
    case Tok::DotDot: return Op::Concat;
    case Tok::EqEq: return Op::Eq;
    case Tok::NotEq: return Op::NotEq;
    case Tok::Less: return Op::Less;
    case Tok::LessEq: return Op::LessEq;
    case Tok::Greater: return Op::Greater;
    case Tok::GreaterEq: return Op::GreaterEq;
    case Tok::ShiftLeft: return Op::Shl;
    case Tok::ShiftRight: return Op::Shr;
    case Tok::Amp: return Op::BitAnd;
    case Tok::Caret: return Op::BitXor;
    default: return Op::BitOr;
  }
}

}  // namespace

const ParseRule& rule_for(Tok kind) {
  static const auto rules = build_rules();
  return rules[static_cast<std::size_t>(kind)];
}

Node* Parser::parse_expression(Prec min) {
  const Token& first = advance();
  PrefixFn prefix = rule_for(first.kind).prefix;
  if (!prefix) error_at(first, std::string("expected an expression, found ") + describe_token(first));
  Node* left = (this->*prefix)(first);
  for (;;) {
    const Token& next = peek();
    const ParseRule& rule = rule_for(next.kind);
    if (!rule.infix || rule.precedence < min) break;
    // A '(' or '[' on a new line starts a new statement rather than a call/index.
    if (next.newline_before && (next.kind == Tok::LParen || next.kind == Tok::LBracket)) break;
    // `%fun`/`%const`/`%type`/`%trait` on a new line is a doc declaration, not a modulo.
    if (next.kind == Tok::Percent && next.newline_before &&
        (peek(1).kind == Tok::KwFun || peek(1).kind == Tok::KwConst || peek(1).kind == Tok::KwType ||
         peek(1).kind == Tok::KwTrait))
      break;
    const Token& op = advance();
    left = (this->*rule.infix)(left, op);
  }
  return left;
}

Node* Parser::literal(const Token& t) {
  switch (t.kind) {
    case Tok::Int: return arena_.make<Literal>(t.line, Value::integer(t.int_value));
    case Tok::Float: return arena_.make<Literal>(t.line, Value::number(t.float_value));
    case Tok::String: return arena_.make<Literal>(t.line, make_str(t.text));
    case Tok::Bytes: return arena_.make<Literal>(t.line, make_bytes(t.text));
    case Tok::KwTrue: return arena_.make<Literal>(t.line, Value::boolean(true));
    case Tok::KwFalse: return arena_.make<Literal>(t.line, Value::boolean(false));
    default: return arena_.make<Literal>(t.line, Value::nil());
  }
}

// `123n` is sugar for BigInt.new("123").
Node* Parser::bigint_literal(const Token& t) {
  Token type = t;
  type.text = "BigInt";
  auto* call = arena_.make<MethodCall>(t.line, make_ident(type), "new");
  Arg arg;
  arg.value = arena_.make<Literal>(t.line, make_str(t.text));
  call->args.push_back(arg);
  return call;
}

Node* Parser::identifier(const Token& t) {
  if (t.text == "__file__") return arena_.make<Literal>(t.line, make_str(program_.file));
  if (t.text == "__line__") return arena_.make<Literal>(t.line, Value::integer(t.line));
  if (t.text == "__function__") return arena_.make<Node>(NodeKind::CurrentFunction, t.line);
  return make_ident(t);
}

Node* Parser::grouping(const Token&) {
  Node* inner = parse_expression();
  expect(Tok::RParen, "')'");
  return inner;
}

Node* Parser::array_literal(const Token& t) {
  auto* array = arena_.make<ArrayLit>(t.line);
  ArrayLit* row = array;
  bool has_rows = false;
  while (!check(Tok::RBracket)) {
    row->items.push_back(parse_expression());
    if (match(Tok::Comma)) continue;
    if (match(Tok::Semicolon)) {
      // 2-D syntax: [1, 2; 3, 4] -> [[1, 2], [3, 4]]
      if (!has_rows) {
        auto* first = arena_.make<ArrayLit>(t.line);
        first->items = std::move(array->items);
        array->items = {first};
        has_rows = true;
      }
      row = arena_.make<ArrayLit>(t.line);
      array->items.push_back(row);
      continue;
    }
    break;
  }
  expect(Tok::RBracket, "']'");
  return array;
}

Node* Parser::dict_literal(const Token& t) {
  auto* dict = arena_.make<DictLit>(t.line);
  while (!check(Tok::RBrace)) {
    const Token& key = advance();
    std::string name;
    if (key.kind == Tok::Identifier || key.kind == Tok::String) {
      name = key.text;
    } else if (key.kind == Tok::Int) {
      name = std::to_string(key.int_value);
    } else if (rule_for(key.kind).prefix == nullptr && !key.text.empty() &&
               (std::isalpha(static_cast<unsigned char>(key.text[0])))) {
      name = key.text;  // keywords are valid keys: {type: "x", end: 3}
    } else {
      error_at(key, "expected a dict key (identifier or string)");
    }
    expect(Tok::Colon, "':' after dict key");
    dict->entries.emplace_back(name, parse_expression());
    if (!match(Tok::Comma)) break;
  }
  expect(Tok::RBrace, "'}'");
  return dict;
}

Node* Parser::unary(const Token& t) {
  Node* operand = parse_expression(Prec::Unary);
  Op op = t.kind == Tok::Minus ? Op::Neg : t.kind == Tok::Plus ? Op::Pos : Op::BitNot;
  if (op == Op::Neg && operand->kind == NodeKind::Literal) {
    auto* lit = static_cast<Literal*>(operand);
    if (lit->value.is_int() && lit->value.as_int() != INT64_MIN) {
      lit->value = Value::integer(-lit->value.as_int());
      return lit;
    }
    if (lit->value.is_float()) {
      lit->value = Value::number(-lit->value.as_float());
      return lit;
    }
  }
  return arena_.make<Unary>(t.line, op, operand);
}

Node* Parser::not_expr(const Token& t) {
  Node* operand = parse_expression(Prec::Not);
  return arena_.make<Unary>(t.line, Op::BitNot, operand, NodeKind::Not);
}

Node* Parser::lambda(const Token& t) {
  FunctionDecl* decl = function_rest(t, /*named=*/false);
  return arena_.make<Lambda>(t.line, decl);
}

Node* Parser::binary(Node* left, const Token& t) {
  Prec prec = rule_for(t.kind).precedence;
  Node* right = parse_expression(static_cast<Prec>(static_cast<int>(prec) + 1));
  return arena_.make<Binary>(NodeKind::Binary, t.line, binary_op(t.kind), left, right);
}

Node* Parser::logical(Node* left, const Token& t) {
  Prec prec = rule_for(t.kind).precedence;
  Node* right = parse_expression(static_cast<Prec>(static_cast<int>(prec) + 1));
  NodeKind kind = t.kind == Tok::KwAnd ? NodeKind::And : t.kind == Tok::KwOr ? NodeKind::Or : NodeKind::Elvis;
  return arena_.make<Binary>(kind, t.line, Op::Eq, left, right);
}

Node* Parser::dot(Node* left, const Token& t) {
  const Token& name = advance();
  if (name.text.empty() || !(std::isalpha(static_cast<unsigned char>(name.text[0])) || name.text[0] == '_'))
    error_at(name, "expected a member name after '.'");
  if (check(Tok::LParen) && !peek().newline_before) {
    advance();
    auto* call = arena_.make<MethodCall>(name.line, left, name.text);
    argument_list(call->args, call->simple, Tok::RParen);
    return call;
  }
  return arena_.make<Member>(t.line, left, name.text);
}

Node* Parser::index(Node* left, const Token& t) {
  auto* node = arena_.make<Index>(t.line, left);
  do {
    node->indexes.push_back(parse_expression());
  } while (match(Tok::Comma));
  expect(Tok::RBracket, "']'");
  return node;
}

Node* Parser::call(Node* left, const Token& t) {
  auto* node = arena_.make<Call>(t.line, left);
  argument_list(node->args, node->simple, Tok::RParen);
  return node;
}

void Parser::argument_list(std::vector<Arg>& args, bool& simple, Tok close) {
  while (!check(close)) {
    Arg arg;
    if (match(Tok::StarStar)) {
      arg.kind = ArgKind::KwSplat;
    } else if (match(Tok::Star)) {
      arg.kind = ArgKind::Splat;
    } else if ((check(Tok::Identifier) || is_word(peek())) && peek(1).kind == Tok::Colon) {
      arg.kind = ArgKind::Named;
      arg.name = advance().text;
      advance();
    }
    arg.value = parse_expression();
    if (arg.kind != ArgKind::Positional) simple = false;
    args.push_back(std::move(arg));
    if (!match(Tok::Comma)) break;
  }
  expect(close, close == Tok::RParen ? "')'" : "closing bracket");
}

}  // namespace quest
