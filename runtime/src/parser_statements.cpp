// Statement grammar: declarations, control flow, types, traits, use.
#include "parser.hpp"

#include "quest/objects.hpp"

namespace quest {

bool Parser::at_any(std::initializer_list<Tok> kinds) const {
  for (Tok k : kinds)
    if (check(k)) return true;
  return false;
}

Block* Parser::block_until(std::initializer_list<Tok> terminators) {
  auto* block = arena_.make<Block>(peek().line);
  while (!check(Tok::Eof) && !at_any(terminators)) {
    if (match(Tok::Semicolon)) continue;
    block->statements.push_back(statement());
  }
  return block;
}

Node* Parser::statement() {
  const Token& t = peek();
  switch (t.kind) {
    case Tok::KwUse: return use_statement(advance());
    case Tok::KwLet: return let_statement(advance(), false, false);
    case Tok::KwConst: return let_statement(advance(), true, false);
    case Tok::KwPub: return pub_statement(advance());
    case Tok::KwDel: {
      const Token& kw = advance();
      return arena_.make<Del>(kw.line, make_ident(expect(Tok::Identifier, "a variable name after 'del'")));
    }
    case Tok::KwIf: return if_statement(advance());
    case Tok::KwWhile: return while_statement(advance());
    case Tok::KwFor: return for_statement(advance());
    case Tok::KwMatch: return match_statement(advance());
    case Tok::KwTry: return try_statement(advance());
    case Tok::KwWith: return with_statement(advance());
    case Tok::KwType: return type_statement(advance(), false);
    case Tok::KwTrait: return trait_statement(advance(), false);
    case Tok::At: return decorated_statement(t);
    case Tok::Percent: return doc_declaration(advance());
    case Tok::KwBreak: return arena_.make<Node>(NodeKind::Break, advance().line);
    case Tok::KwContinue: return arena_.make<Node>(NodeKind::Continue, advance().line);
    case Tok::KwReturn: {
      const Token& kw = advance();
      Node* value = nullptr;
      if (can_start_expression(peek()) && !peek().newline_before) value = parse_expression();
      return arena_.make<Return>(kw.line, value);
    }
    case Tok::KwRaise: {
      const Token& kw = advance();
      Node* value = nullptr;
      if (can_start_expression(peek()) && !peek().newline_before) value = parse_expression();
      return arena_.make<Raise>(kw.line, value);
    }
    case Tok::KwFun:
      if (peek(1).kind == Tok::Identifier) return function_statement(advance(), {}, false);
      return expression_statement();
    case Tok::Identifier:
      if (peek(1).kind == Tok::Colon) {
        // `name: Type [= value]` declares a variable.
        const Token& name = advance();
        advance();
        auto* let = arena_.make<Let>(name.line);
        LetBinding binding{make_ident(name), type_annotation(), nullptr};
        if (match(Tok::Assign)) binding.value = parse_expression();
        let->bindings.push_back(binding);
        return let;
      }
      return expression_statement();
    default:
      return expression_statement();
  }
}

Node* Parser::expression_statement() {
  const Token& start = peek();
  Node* expr = parse_expression();
  Op op = Op::Add;
  bool compound = true;
  switch (peek().kind) {
    case Tok::Assign: compound = false; break;
    case Tok::PlusAssign: op = Op::Add; break;
    case Tok::MinusAssign: op = Op::Sub; break;
    case Tok::StarAssign: op = Op::Mul; break;
    case Tok::SlashAssign: op = Op::Div; break;
    case Tok::PercentAssign: op = Op::Mod; break;
    default: return expr;
  }
  const Token& assign = advance();
  if (expr->kind != NodeKind::Ident && expr->kind != NodeKind::Index && expr->kind != NodeKind::Member)
    error_at(start, "invalid assignment target");
  return arena_.make<Assign>(assign.line, expr, op, compound, parse_expression());
}

Node* Parser::use_statement(const Token& t) {
  auto* use = arena_.make<Use>(t.line);
  use->path = expect(Tok::String, "a module path string after 'use'").text;
  if (match(Tok::KwAs)) use->alias = make_ident(expect(Tok::Identifier, "an alias name after 'as'"));
  if (match(Tok::LBrace)) {
    while (!check(Tok::RBrace)) {
      UseItem item;
      const Token& name = expect(Tok::Identifier, "a name to import");
      item.name = name.text;
      item.target = make_ident(match(Tok::KwAs) ? expect(Tok::Identifier, "an alias name") : name);
      use->items.push_back(item);
      if (!match(Tok::Comma)) break;
    }
    expect(Tok::RBrace, "'}' after the import list");
  } else if (!use->alias) {
    std::string last = use->path;
    std::size_t slash = last.find_last_of('/');
    if (slash != std::string::npos) last = last.substr(slash + 1);
    if (last.size() > 2 && last.substr(last.size() - 2) == ".q") last.resize(last.size() - 2);
    while (!last.empty() && last[0] == '.') last.erase(0, 1);
    Token alias = t;
    alias.text = last;
    use->alias = make_ident(alias);
  }
  return use;
}

Node* Parser::let_statement(const Token& t, bool is_const, bool is_pub) {
  auto* let = arena_.make<Let>(t.line);
  let->is_const = is_const;
  let->is_pub = is_pub;
  do {
    LetBinding binding{make_ident(expect(Tok::Identifier, "a variable name")), {}, nullptr};
    if (match(Tok::Colon)) binding.type = type_annotation();
    expect(Tok::Assign, "'=' in declaration");
    binding.value = parse_expression();
    let->bindings.push_back(binding);
  } while (!is_const && match(Tok::Comma));
  return let;
}

Node* Parser::pub_statement(const Token& t) {
  switch (peek().kind) {
    case Tok::KwLet: return let_statement(advance(), false, true);
    case Tok::KwConst: return let_statement(advance(), true, true);
    case Tok::KwFun: return function_statement(advance(), {}, true);
    case Tok::KwType: return type_statement(advance(), true);
    case Tok::KwTrait: return trait_statement(advance(), true);
    case Tok::At: {
      Node* n = decorated_statement(peek());
      static_cast<FunDecl*>(n)->is_pub = true;
      return n;
    }
    default: error_at(peek(), "expected let, const, fun, type or trait after 'pub'");
  }
}

TypeAnnotation Parser::type_annotation() {
  TypeAnnotation type;
  const Token& name = advance();
  if (name.kind != Tok::Identifier && name.kind != Tok::KwNil && name.kind != Tok::KwFun &&
      name.kind != Tok::KwType)
    error_at(name, "expected a type name");
  type.name = name.text;
  if (check(Tok::Dot) && peek(1).kind == Tok::Identifier) {
    advance();
    type.name = advance().text;  // qualified module.Type: keep the type name
  }
  if (match(Tok::LBrace)) {
    type_annotation();
    expect(Tok::RBrace, "'}' in type");
  } else if (check(Tok::LBracket) && !peek().newline_before) {
    advance();
    while (!check(Tok::RBracket) && !check(Tok::Eof)) advance();
    expect(Tok::RBracket, "']' in type");
  }
  if (match(Tok::Question)) type.optional = true;
  return type;
}

Node* Parser::if_statement(const Token& t) {
  auto* node = arena_.make<If>(t.line);
  Node* cond = parse_expression();
  node->branches.emplace_back(cond, block_until({Tok::KwElif, Tok::KwElse, Tok::KwEnd}));
  while (match(Tok::KwElif)) {
    Node* c = parse_expression();
    node->branches.emplace_back(c, block_until({Tok::KwElif, Tok::KwElse, Tok::KwEnd}));
  }
  if (match(Tok::KwElse)) node->otherwise = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close 'if'");
  return node;
}

Node* Parser::while_statement(const Token& t) {
  Node* cond = parse_expression();
  Block* body = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close 'while'");
  return arena_.make<While>(t.line, cond, body);
}

Node* Parser::for_statement(const Token& t) {
  Ident* first = make_ident(expect(Tok::Identifier, "a loop variable after 'for'"));
  Ident* second = nullptr;
  if (match(Tok::Comma)) second = make_ident(expect(Tok::Identifier, "a second loop variable"));
  expect(Tok::KwIn, "'in' in for loop");
  Node* start = parse_expression();
  if (!second && (check(Tok::KwTo) || check(Tok::KwUntil))) {
    auto* node = arena_.make<ForRange>(t.line);
    node->var = first;
    node->start = start;
    node->inclusive = advance().kind == Tok::KwTo;
    node->stop = parse_expression();
    if (match(Tok::KwStep)) node->step = parse_expression();
    node->body = block_until({Tok::KwEnd});
    expect(Tok::KwEnd, "'end' to close 'for'");
    return node;
  }
  auto* node = arena_.make<ForIn>(t.line);
  node->first = first;
  node->second = second;
  node->iterable = start;
  node->body = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close 'for'");
  return node;
}

Node* Parser::match_statement(const Token& t) {
  auto* node = arena_.make<Match>(t.line);
  node->subject = parse_expression();
  while (match(Tok::KwIn)) {
    MatchArm arm;
    Node* first = parse_expression();
    if (check(Tok::KwTo) || check(Tok::KwUntil)) {
      arm.range_start = first;
      arm.inclusive = advance().kind == Tok::KwTo;
      arm.range_stop = parse_expression();
      if (match(Tok::KwStep)) arm.range_step = parse_expression();
    } else {
      arm.values.push_back(first);
      while (match(Tok::Comma)) arm.values.push_back(parse_expression());
    }
    arm.body = block_until({Tok::KwIn, Tok::KwElse, Tok::KwEnd});
    node->arms.push_back(arm);
  }
  if (match(Tok::KwElse)) node->otherwise = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close 'match'");
  return node;
}

Node* Parser::try_statement(const Token& t) {
  auto* node = arena_.make<Try>(t.line);
  node->body = block_until({Tok::KwCatch, Tok::KwEnsure, Tok::KwEnd});
  while (match(Tok::KwCatch)) {
    CatchClause clause;
    clause.var = make_ident(expect(Tok::Identifier, "a variable name after 'catch'"));
    if (match(Tok::Colon)) {
      clause.type_name = type_annotation().name;
      clause.type_ref = arena_.make<Ident>(t.line, clause.type_name);
    }
    clause.body = block_until({Tok::KwCatch, Tok::KwEnsure, Tok::KwEnd});
    node->catches.push_back(clause);
  }
  if (match(Tok::KwEnsure)) node->ensure = block_until({Tok::KwEnd});
  if (node->catches.empty() && !node->ensure) error_at(peek(), "'try' needs a 'catch' or 'ensure'");
  expect(Tok::KwEnd, "'end' to close 'try'");
  return node;
}

Node* Parser::with_statement(const Token& t) {
  auto* node = arena_.make<With>(t.line);
  do {
    WithItem item;
    item.expr = parse_expression();
    if (match(Tok::KwAs)) item.var = make_ident(expect(Tok::Identifier, "a name after 'as'"));
    node->items.push_back(item);
  } while (match(Tok::Comma));
  node->body = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close 'with'");
  return node;
}

Node* Parser::decorated_statement(const Token&) {
  std::vector<Decorator> decorators;
  while (match(Tok::At)) {
    Decorator d;
    d.expr = parse_expression(Prec::Postfix);
    decorators.push_back(d);
  }
  bool is_pub = match(Tok::KwPub);
  const Token& fun = expect(Tok::KwFun, "'fun' after decorators");
  return function_statement(fun, std::move(decorators), is_pub);
}

Node* Parser::function_statement(const Token& t, std::vector<Decorator> decorators, bool is_pub) {
  FunctionDecl* decl = function_rest(t, /*named=*/true);
  decl->decorators = std::move(decorators);
  auto* node = arena_.make<FunDecl>(t.line, decl);
  Token name = t;
  name.text = decl->name;
  node->target = make_ident(name);
  node->is_pub = is_pub;
  return node;
}

FunctionDecl* Parser::function_rest(const Token& start, bool named) {
  FunctionDecl* decl = arena_.make_function();
  decl->line = start.line;
  decl->file = program_.file;
  if (named) {
    const Token& name = expect(Tok::Identifier, "a function name");
    if (name.text == "self" && check(Tok::Dot)) {
      advance();
      decl->is_static = true;
      decl->name = expect(Tok::Identifier, "a method name after 'self.'").text;
    } else {
      decl->name = name.text;
    }
  }
  if (match(Tok::LParen)) {
    parameter_list(*decl);
    expect(Tok::RParen, "')' after parameters");
  } else if (!named) {
    error_at(peek(), "expected '(' after 'fun'");
  }
  if (match(Tok::Arrow)) type_annotation();
  decl->body = block_until({Tok::KwEnd});
  expect(Tok::KwEnd, "'end' to close the function");
  if (!decl->body->statements.empty() && decl->body->statements[0]->kind == NodeKind::Literal) {
    const Value& v = static_cast<Literal*>(decl->body->statements[0])->value;
    if (v.is_str()) decl->doc = v.as_str();
  }
  return decl;
}

void Parser::parameter_list(FunctionDecl& decl) {
  while (!check(Tok::RParen)) {
    if (match(Tok::StarStar)) {
      decl.kwargs = expect(Tok::Identifier, "a name after '**'").text;
      if (match(Tok::Colon)) type_annotation();
    } else if (match(Tok::Star)) {
      decl.varargs = expect(Tok::Identifier, "a name after '*'").text;
      if (match(Tok::Colon)) type_annotation();
    } else {
      if (!decl.varargs.empty() || !decl.kwargs.empty())
        error_at(peek(), "parameters must come before *args and **kwargs");
      Param p;
      p.name = expect(Tok::Identifier, "a parameter name").text;
      if (match(Tok::Colon)) p.type = type_annotation();
      if (match(Tok::Assign)) p.default_value = parse_expression();
      else if (!decl.params.empty() && decl.params.back().default_value)
        error_at(peek(), "required parameter '" + p.name + "' follows a parameter with a default");
      decl.params.push_back(p);
    }
    if (!match(Tok::Comma)) break;
  }
}

}  // namespace quest
