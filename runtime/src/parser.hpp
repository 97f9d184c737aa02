// Recursive-descent statements + Pratt expressions (one rule table, parser_rules.cpp).
// Produces an unresolved AST; resolver.cpp assigns variable slots afterwards.
#pragma once

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "ast.hpp"
#include "syntax_error.hpp"
#include "token.hpp"

namespace quest {

// Parses `source` (named `file` in messages) into a Program. Throws SyntaxError.
std::unique_ptr<Program> parse_program(const std::string& source, const std::string& file);

enum class Prec : std::uint8_t {
  None, Elvis, Or, And, Not, BitOr, BitXor, BitAnd, Shift, Compare, Concat, Term, Factor,
  Unary, Postfix
};

class Parser;
using PrefixFn = Node* (Parser::*)(const Token&);
using InfixFn = Node* (Parser::*)(Node*, const Token&);

struct ParseRule {
  PrefixFn prefix;
  InfixFn infix;
  Prec precedence;  // of the infix use
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, Program& program);

  Block* parse_file();
  Node* parse_expression(Prec min = Prec::Elvis);

  // Prefix handlers.
  Node* literal(const Token& t);
  Node* bigint_literal(const Token& t);
  Node* fstring(const Token& t);
  Node* identifier(const Token& t);
  Node* grouping(const Token& t);
  Node* array_literal(const Token& t);
  Node* dict_literal(const Token& t);
  Node* unary(const Token& t);
  Node* not_expr(const Token& t);
  Node* lambda(const Token& t);
  // Infix handlers.
  Node* binary(Node* left, const Token& t);
  Node* logical(Node* left, const Token& t);
  Node* dot(Node* left, const Token& t);
  Node* index(Node* left, const Token& t);
  Node* call(Node* left, const Token& t);

 private:
  friend struct StatementParser;
  // Token access.
  const Token& peek(std::size_t ahead = 0) const;
  const Token& advance();
  bool check(Tok kind) const { return peek().kind == kind; }
  bool match(Tok kind);
  const Token& expect(Tok kind, const char* what);
  [[noreturn]] void error_at(const Token& t, const std::string& message) const;
  bool can_start_expression(const Token& t) const;
  // Identifier or keyword spelled as a word (usable as a field or argument name).
  static bool is_word(const Token& t) {
    return !t.text.empty() && (std::isalpha(static_cast<unsigned char>(t.text[0])) || t.text[0] == '_') &&
           t.kind != Tok::String && t.kind != Tok::FString && t.kind != Tok::Bytes;
  }

  // Statements (parser_statements.cpp).
  Node* statement();
  Block* block_until(std::initializer_list<Tok> terminators);
  bool at_any(std::initializer_list<Tok> kinds) const;
  Node* use_statement(const Token& t);
  Node* let_statement(const Token& t, bool is_const, bool is_pub);
  Node* pub_statement(const Token& t);
  Node* if_statement(const Token& t);
  Node* while_statement(const Token& t);
  Node* for_statement(const Token& t);
  Node* match_statement(const Token& t);
  Node* try_statement(const Token& t);
  Node* with_statement(const Token& t);
  Node* function_statement(const Token& t, std::vector<Decorator> decorators, bool is_pub);
  Node* decorated_statement(const Token& t);
  bool legacy_field_ahead();
  Node* type_statement(const Token& t, bool is_pub);
  Node* trait_statement(const Token& t, bool is_pub);
  Node* doc_declaration(const Token& t);
  Node* expression_statement();
  FunctionDecl* function_rest(const Token& start, bool named);
  void parameter_list(FunctionDecl& decl);
  TypeAnnotation type_annotation();
  void argument_list(std::vector<Arg>& args, bool& simple, Tok close);
  Ident* make_ident(const Token& t);
  std::string optional_doc_string();

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  Program& program_;
  AstArena& arena_;
};

const ParseRule& rule_for(Tok kind);
// "'end'", "identifier 'x'", "end of file"... for messages.
std::string describe_token(const Token& t);

}  // namespace quest
