// Statement grammar for declarations of types, traits and doc declarations.
#include "parser.hpp"

#include <cctype>

#include "quest/objects.hpp"

namespace quest {

std::string Parser::optional_doc_string() {
  if (check(Tok::String)) return advance().text;
  return "";
}

Node* Parser::type_statement(const Token& t, bool is_pub) {
  auto* node = arena_.make<TypeDecl>(t.line);
  const Token& name = expect(Tok::Identifier, "a type name");
  node->name = name.text;
  node->target = make_ident(name);
  node->is_pub = is_pub;
  node->doc = optional_doc_string();
  while (!check(Tok::KwEnd) && !check(Tok::Eof)) {
    if (match(Tok::Semicolon)) continue;
    if (check(Tok::String)) {
      advance();  // stray docstrings inside the body
      continue;
    }
    std::vector<Decorator> decorators;
    while (match(Tok::At)) decorators.push_back(Decorator{parse_expression(Prec::Postfix)});
    bool member_pub = match(Tok::KwPub);
    // `static fun name()`: upstream's programs spell class methods this way too, next
    // to the documented `fun self.name()`.
    bool is_static = false;
    if (check(Tok::Identifier) && peek().text == "static" && peek(1).kind == Tok::KwFun) {
      advance();
      is_static = true;
    }
    if (check(Tok::KwFun)) {
      FunctionDecl* m = function_rest(advance(), true);
      m->is_static = m->is_static || is_static;
      m->is_method = true;
      m->decorators = std::move(decorators);
      node->methods.push_back(m);
    } else if (match(Tok::KwImpl)) {
      const Token& trait = expect(Tok::Identifier, "a trait name after 'impl'");
      node->traits.push_back(trait.text);
      node->trait_refs.push_back(make_ident(trait));
      while (check(Tok::KwFun) || check(Tok::At)) {
        std::vector<Decorator> decs;
        while (match(Tok::At)) decs.push_back(Decorator{parse_expression(Prec::Postfix)});
        FunctionDecl* m = function_rest(expect(Tok::KwFun, "'fun'"), true);
        m->is_method = true;
        m->decorators = std::move(decs);
        node->methods.push_back(m);
      }
      expect(Tok::KwEnd, "'end' to close 'impl'");
    } else if (legacy_field_ahead()) {
      // Upstream's older `str: name` / `str?: email` form: the type comes first.
      FieldDecl field;
      field.type.name = advance().text;
      if (match(Tok::Elvis)) {  // `str?: email` lexes `?:` as one token
        field.type.optional = true;
      } else {
        field.type.optional = match(Tok::Question);
        expect(Tok::Colon, "':' after the field type");
      }
      field.name = expect(Tok::Identifier, "a field name").text;
      field.is_pub = member_pub;
      if (match(Tok::Assign)) field.default_value = parse_expression();
      node->fields.push_back(field);
    } else if (check(Tok::Identifier) || (is_word(peek()) && (peek(1).kind == Tok::Colon || peek(1).kind == Tok::Assign))) {
      // Keywords are fine as field names (`pub type: Str`, `pub step: Int`).
      FieldDecl field;
      field.name = advance().text;
      field.is_pub = member_pub;
      if (match(Tok::Colon)) field.type = type_annotation();
      if (match(Tok::Assign)) field.default_value = parse_expression();
      node->fields.push_back(field);
    } else {
      error_at(peek(), "expected a field, method or impl block in type '" + node->name + "'");
    }
  }
  expect(Tok::KwEnd, "'end' to close 'type'");
  return node;
}

// True at `str: name`, `num?: score`...: a lowercase built-in type name, an optional
// `?`, a colon and a lowercase field name. (`name: Str` is the documented form; a field
// called `str` whose type is a lowercase name is not a plausible reading.)
bool Parser::legacy_field_ahead() {
  static const char* const kTypeWords[] = {"str", "num", "int", "float", "bool", "array", "dict",
                                           "bytes", "uuid", "obj", "decimal", "bigint", "any"};
  if (!check(Tok::Identifier)) return false;
  bool is_type_word = false;
  for (const char* w : kTypeWords) is_type_word = is_type_word || peek().text == w;
  if (!is_type_word) return false;
  if (peek(1).kind == Tok::Elvis) return peek(2).kind == Tok::Identifier;
  if (peek(1).kind != Tok::Colon || peek(2).kind != Tok::Identifier) return false;
  const std::string& field = peek(2).text;
  if (field.empty() || !std::islower(static_cast<unsigned char>(field[0]))) return false;
  for (const char* w : kTypeWords)
    if (field == w) return false;
  return true;
}

Node* Parser::trait_statement(const Token& t, bool is_pub) {
  auto* node = arena_.make<TraitDecl>(t.line);
  const Token& name = expect(Tok::Identifier, "a trait name");
  node->name = name.text;
  node->target = make_ident(name);
  node->is_pub = is_pub;
  node->doc = optional_doc_string();
  while (match(Tok::KwFun)) {
    node->methods.push_back(expect(Tok::Identifier, "a method name").text);
    if (match(Tok::LParen)) {
      FunctionDecl scratch;
      parameter_list(scratch);
      expect(Tok::RParen, "')'");
    }
    if (match(Tok::Arrow)) type_annotation();
    if (check(Tok::String)) advance();
  }
  expect(Tok::KwEnd, "'end' to close 'trait'");
  return node;
}

// `%fun name(params) "doc"` and friends only document; they do nothing at run time.
Node* Parser::doc_declaration(const Token& t) {
  const Token& kind = advance();
  if (kind.kind != Tok::KwFun && kind.kind != Tok::KwConst && kind.kind != Tok::KwType &&
      kind.kind != Tok::KwTrait)
    error_at(kind, "expected fun, const, type or trait after '%'");
  expect(Tok::Identifier, "a name");
  if (match(Tok::LParen)) {
    int depth = 1;
    while (depth > 0 && !check(Tok::Eof)) {
      Tok k = advance().kind;
      if (k == Tok::LParen) ++depth;
      if (k == Tok::RParen) --depth;
    }
  }
  expect(Tok::String, "a doc string");
  return arena_.make<Node>(NodeKind::Nop, t.line);
}


}  // namespace quest
