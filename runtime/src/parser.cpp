// Parser plumbing: token access, errors, f-strings, and the program entry point.
#include "parser.hpp"

#include "lexer.hpp"
#include "quest/objects.hpp"

namespace quest {

std::string describe_token(const Token& t) {
  switch (t.kind) {
    case Tok::Eof: return "end of file";
    case Tok::Identifier: return "identifier '" + t.text + "'";
    case Tok::Int: return "number " + std::to_string(t.int_value);
    case Tok::Float: return "number";
    case Tok::String:
    case Tok::FString: return "string";
    default: return "'" + t.text + "'";
  }
}

Parser::Parser(std::vector<Token> tokens, Program& program)
    : tokens_(std::move(tokens)), program_(program), arena_(program.arena) {}

const Token& Parser::peek(std::size_t ahead) const {
  std::size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& Parser::advance() {
  const Token& t = tokens_[pos_];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::match(Tok kind) {
  if (!check(kind)) return false;
  advance();
  return true;
}

const Token& Parser::expect(Tok kind, const char* what) {
  if (!check(kind)) error_at(peek(), std::string("expected ") + what + ", found " + describe_token(peek()));
  return advance();
}

void Parser::error_at(const Token& t, const std::string& message) const {
  throw SyntaxError(program_.file, t.line, t.column, message, source_line_at(program_.source, t.line));
}

bool Parser::can_start_expression(const Token& t) const { return rule_for(t.kind).prefix != nullptr; }

Ident* Parser::make_ident(const Token& t) { return arena_.make<Ident>(t.line, t.text); }

// f"text {expr:spec} {{literal braces}}": expressions are parsed with a nested parser
// over the same arena.
Node* Parser::fstring(const Token& t) {
  auto* node = arena_.make<FString>(t.line);
  const std::string& raw = t.text;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) node->parts.push_back(FStringPart{decode_escapes(literal, LiteralKind::text), nullptr, ""});
    literal.clear();
  };
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      literal += c;
      literal += raw[++i];
    } else if (c == '{' && i + 1 < raw.size() && raw[i + 1] == '{') {
      literal += '{';
      ++i;
    } else if (c == '}' && i + 1 < raw.size() && raw[i + 1] == '}') {
      literal += '}';
      ++i;
    } else if (c == '{') {
      flush();
      int depth = 0;
      std::size_t j = i + 1, colon = std::string::npos;
      char quote = 0;
      for (; j < raw.size(); ++j) {
        char d = raw[j];
        if (quote) {
          if (d == quote) quote = 0;
          continue;
        }
        if (d == '"' || d == '\'') quote = d;
        else if (d == '(' || d == '[' || d == '{') ++depth;
        else if (d == ')' || d == ']') --depth;
        else if (d == '}') {
          if (depth == 0) break;
          --depth;
        } else if (d == ':' && depth == 0 && colon == std::string::npos) colon = j;
      }
      if (j >= raw.size()) error_at(t, "unterminated '{' in f-string");
      std::size_t expr_end = colon == std::string::npos ? j : colon;
      std::string expr_text = raw.substr(i + 1, expr_end - i - 1);
      FStringPart part;
      part.spec = colon == std::string::npos ? "" : raw.substr(colon + 1, j - colon - 1);
      std::vector<Token> sub = tokenize(expr_text, program_.file);
      for (Token& s : sub) {
        s.line = t.line;
        s.column = t.column;
      }
      Parser nested(std::move(sub), program_);
      part.expr = nested.parse_expression();
      if (!nested.check(Tok::Eof)) error_at(t, "invalid expression in f-string: " + expr_text);
      node->parts.push_back(std::move(part));
      i = j;
    } else {
      literal += c;
    }
  }
  flush();
  return node;
}

Block* Parser::parse_file() {
  Block* body = block_until({Tok::Eof});
  if (!check(Tok::Eof)) error_at(peek(), "unexpected " + describe_token(peek()));
  return body;
}

std::unique_ptr<Program> parse_program(const std::string& source, const std::string& file) {
  auto program = std::make_unique<Program>();
  program->file = file;
  program->source = source;
  Parser parser(tokenize(source, file), *program);
  FunctionDecl* main = program->arena.make_function();
  main->name = "<main>";
  main->file = file;
  main->body = parser.parse_file();
  if (!main->body->statements.empty() && main->body->statements[0]->kind == NodeKind::Literal) {
    const Value& v = static_cast<Literal*>(main->body->statements[0])->value;
    if (v.is_str()) program->doc = v.as_str();
  }
  program->main = main;
  return program;
}

}  // namespace quest

namespace quest {

const char* node_kind_name(NodeKind kind) {
  static const char* const names[] = {
#define QUEST_NODE_NAME(name) #name,
      QUEST_NODE_KINDS(QUEST_NODE_NAME)
#undef QUEST_NODE_NAME
  };
  return names[static_cast<int>(kind)];
}

}  // namespace quest
