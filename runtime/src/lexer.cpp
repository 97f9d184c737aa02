#include "lexer.hpp"
#include "../builtins/str_text.hpp"

#include <cctype>
#include <cstdint>
#include <charconv>
#include <unordered_map>

namespace quest {

const char* token_name(Tok kind) {
  static const char* const names[] = {
#define QUEST_TOKEN_NAME(name) #name,
      QUEST_TOKEN_KINDS(QUEST_TOKEN_NAME)
#undef QUEST_TOKEN_NAME
  };
  return names[static_cast<int>(kind)];
}

std::string source_line_at(const std::string& source, int line) {
  std::size_t pos = 0;
  for (int i = 1; i < line; ++i) {
    pos = source.find('\n', pos);
    if (pos == std::string::npos) return "";
    ++pos;
  }
  std::size_t end = source.find('\n', pos);
  return source.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

std::string SyntaxError::render() const {
  std::string out = file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    ": SyntaxErr: " + message + "\n";
  {
    out += "  " + source_line + "\n  ";
    for (int i = 1; i < column; ++i) out += source_line.size() >= std::size_t(i) && source_line[i - 1] == '\t' ? '\t' : ' ';
    out += "^\n";
  }
  return out;
}

namespace {

// The `count` characters of `raw` from `at` as one hex number; false unless there are
// that many and all are hex digits (1 to 8 of them).
bool hex_value(const std::string& raw, std::size_t at, std::size_t count, std::uint32_t& value) {
  if (count == 0 || count > 8 || at + count > raw.size()) return false;
  value = 0;
  for (std::size_t k = at; k < at + count; ++k) {
    const unsigned char c = static_cast<unsigned char>(raw[k]);
    if (!std::isxdigit(c)) return false;
    value = value * 16 + static_cast<std::uint32_t>(std::isdigit(c) ? c - '0' : std::tolower(c) - 'a' + 10);
  }
  return true;
}

bool is_scalar(std::uint32_t code) { return code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF); }

}  // namespace

std::string decode_escapes(const std::string& raw, LiteralKind kind) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c != '\\' || i + 1 >= raw.size()) {
      out += c;
      continue;
    }
    char e = raw[++i];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\x1b'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case 'x': {
        // A Str must stay UTF-8, so in text \xHH is U+00HH: "\xff" used to put the raw
        // byte 0xff in a Str, which json.stringify then wrote into JSON that is not UTF-8.
        std::uint32_t code = 0;
        if (hex_value(raw, i + 1, 2, code)) {
          if (kind == LiteralKind::bytes) {
            out += static_cast<char>(code);
          } else {
            text::append_utf8(out, code);
          }
          i += 2;
        } else {
          out += "\\x";
        }
        break;
      }
      case 'u': {
        // \u{H...} (1-6 hex digits) or \uHHHH, a pair of \uHHHH for a surrogate pair.
        // Anything else, or a value that is no Unicode scalar (a lone surrogate, past
        // U+10FFFF), stays as written, like a malformed \x: a Str must stay UTF-8, and a
        // fuzzed "\u{zz}" used to throw std::invalid_argument out of the lexer.
        std::uint32_t code = 0;
        if (i + 1 < raw.size() && raw[i + 1] == '{') {
          const std::size_t close = raw.find('}', i + 2);
          if (close != std::string::npos && close - i - 2 <= 6 && hex_value(raw, i + 2, close - i - 2, code) &&
              is_scalar(code)) {
            text::append_utf8(out, code);
            i = close;
            break;
          }
        } else if (hex_value(raw, i + 1, 4, code)) {
          std::uint32_t low = 0;
          if (code >= 0xD800 && code <= 0xDBFF && raw.compare(i + 5, 2, "\\u") == 0 && hex_value(raw, i + 7, 4, low) &&
              low >= 0xDC00 && low <= 0xDFFF) {
            text::append_utf8(out, 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00));
            i += 10;
            break;
          }
          if (is_scalar(code)) {
            text::append_utf8(out, code);
            i += 4;
            break;
          }
        }
        out += "\\u";
        break;
      }
      default:
        out += '\\';
        out += e;
    }
  }
  return out;
}

namespace {

const std::unordered_map<std::string, Tok>& keywords() {
  static const std::unordered_map<std::string, Tok> table = {
      {"if", Tok::KwIf},         {"elif", Tok::KwElif},       {"else", Tok::KwElse},
      {"end", Tok::KwEnd},       {"fun", Tok::KwFun},         {"type", Tok::KwType},
      {"trait", Tok::KwTrait},   {"impl", Tok::KwImpl},       {"with", Tok::KwWith},
      {"return", Tok::KwReturn}, {"and", Tok::KwAnd},         {"or", Tok::KwOr},
      {"not", Tok::KwNot},       {"true", Tok::KwTrue},       {"false", Tok::KwFalse},
      {"nil", Tok::KwNil},       {"use", Tok::KwUse},         {"let", Tok::KwLet},
      {"del", Tok::KwDel},       {"as", Tok::KwAs},           {"for", Tok::KwFor},
      {"in", Tok::KwIn},         {"to", Tok::KwTo},           {"until", Tok::KwUntil},
      {"step", Tok::KwStep},     {"while", Tok::KwWhile},     {"match", Tok::KwMatch},
      {"try", Tok::KwTry},       {"catch", Tok::KwCatch},     {"ensure", Tok::KwEnsure},
      {"raise", Tok::KwRaise},   {"const", Tok::KwConst},     {"break", Tok::KwBreak},
      {"continue", Tok::KwContinue}, {"pub", Tok::KwPub},
  };
  return table;
}

class Lexer {
 public:
  Lexer(const std::string& src, const std::string& file) : src_(src), file_(file) {}

  std::vector<Token> run() {
    std::vector<Token> out;
    bool newline = true;
    for (;;) {
      newline = skip_space() || newline;
      Token t;
      t.line = line_;
      t.column = column();
      t.newline_before = newline;
      newline = false;
      if (pos_ >= src_.size()) {
        t.kind = Tok::Eof;
        if (!out.empty()) {
          // Point "end of file" errors just after the last token, on a real line.
          t.line = end_line_;
          t.column = end_column_;
        }
        out.push_back(std::move(t));
        return out;
      }
      lex_one(t);
      end_line_ = line_;
      end_column_ = column();
      out.push_back(std::move(t));
    }
  }

 private:
  [[noreturn]] void fail(const std::string& msg, int line, int col) {
    throw SyntaxError(file_, line, col, msg, source_line_at(src_, line));
  }
  int column() const { return int(pos_ - line_start_) + 1; }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }
  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      line_start_ = pos_ + 1;
    }
    ++pos_;
  }

  // Skips blanks and comments; returns true if a line break was crossed.
  bool skip_space() {
    bool newline = false;
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '\n') {
        newline = true;
        advance();
      } else if (c == ' ' || c == '\t' || c == '\r') {
        advance();
      } else if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') advance();
      } else {
        break;
      }
    }
    return newline;
  }

  void lex_one(Token& t) {
    char c = peek();
    if ((c == 'f' || c == 'F') && (peek(1) == '"' || peek(1) == '\'')) {
      advance();
      t.kind = Tok::FString;
      t.text = read_string_body(t, /*raw=*/true);
    } else if ((c == 'b' || c == 'B') && (peek(1) == '"' || peek(1) == '\'')) {
      advance();
      t.kind = Tok::Bytes;
      t.text = decode_escapes(read_string_body(t, true), LiteralKind::bytes);
    } else if (std::isalpha((unsigned char)c) || c == '_') {
      lex_word(t);
    } else if (std::isdigit((unsigned char)c)) {
      lex_number(t);
    } else if (c == '"' || c == '\'') {
      t.kind = Tok::String;
      t.text = read_string_body(t, false);
    } else {
      lex_operator(t);
    }
  }

  void lex_word(Token& t) {
    std::size_t start = pos_;
    while (std::isalnum((unsigned char)peek()) || peek() == '_') advance();
    t.text = src_.substr(start, pos_ - start);
    auto it = keywords().find(t.text);
    t.kind = it == keywords().end() ? Tok::Identifier : it->second;
  }

  std::string digits_of(bool (*ok)(char)) {
    std::string d;
    while (ok(peek()) || (peek() == '_' && ok(peek(1)))) {
      if (peek() != '_') d += peek();
      advance();
    }
    return d;
  }

  void lex_number(Token& t) {
    auto is_dec = [](char c) { return c >= '0' && c <= '9'; };
    char p = peek(1);
    if (peek() == '0' && (p == 'x' || p == 'X' || p == 'b' || p == 'B' || p == 'o' || p == 'O')) {
      advance();
      advance();
      int base = (p == 'x' || p == 'X') ? 16 : (p == 'b' || p == 'B') ? 2 : 8;
      std::string d = base == 16 ? digits_of([](char c) { return bool(std::isxdigit((unsigned char)c)); })
                      : base == 2 ? digits_of([](char c) { return c == '0' || c == '1'; })
                                  : digits_of([](char c) { return c >= '0' && c <= '7'; });
      if (!d.empty() && (peek() == 'n' || peek() == 'N') && !std::isalnum((unsigned char)peek(1))) {
        advance();
        t.kind = Tok::BigIntLit;
        t.text = std::string("0") + p + d;
        return;
      }
      if (d.empty() || std::isalnum((unsigned char)peek())) fail("invalid number literal", t.line, t.column);
      t.kind = Tok::Int;
      auto r = std::from_chars(d.data(), d.data() + d.size(), t.int_value, base);
      if (r.ec != std::errc()) fail("integer literal out of range", t.line, t.column);
      return;
    }
    std::string text = digits_of(is_dec);
    bool is_float = false;
    if (peek() == '.' && is_dec(peek(1))) {
      advance();
      text += '.' + digits_of(is_dec);
      is_float = true;
    }
    if ((peek() == 'e' || peek() == 'E') &&
        (is_dec(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_dec(peek(2))))) {
      text += 'e';
      advance();
      if (peek() == '+' || peek() == '-') {
        text += peek();
        advance();
      }
      text += digits_of(is_dec);
      is_float = true;
    }
    if ((peek() == 'n' || peek() == 'N') && !is_float && !std::isalnum((unsigned char)peek(1))) {
      advance();
      t.kind = Tok::BigIntLit;  // 123n: built by BigInt.new at run time
      t.text = text;
      return;
    }
    if (std::isalpha((unsigned char)peek()) || peek() == '_') fail("invalid number literal", t.line, t.column);
    if (is_float) {
      t.kind = Tok::Float;
      t.float_value = std::strtod(text.c_str(), nullptr);
    } else {
      t.kind = Tok::Int;
      auto r = std::from_chars(text.data(), text.data() + text.size(), t.int_value);
      if (r.ec != std::errc()) fail("integer literal out of range", t.line, t.column);
    }
  }

  // Reads a quoted body starting at the opening quote. Triple quotes may span lines.
  // Returns decoded text unless `raw` (then escapes are left for the caller).
  std::string read_string_body(const Token& t, bool raw) {
    char q = peek();
    bool triple = peek(1) == q && peek(2) == q;
    std::size_t skip = triple ? 3 : 1;
    for (std::size_t i = 0; i < skip; ++i) advance();
    std::string body;
    for (;;) {
      if (pos_ >= src_.size()) fail("unterminated string literal", t.line, t.column);
      char c = peek();
      if (triple ? (c == q && peek(1) == q && peek(2) == q) : c == q) break;
      if (!triple && c == '\n') fail("unterminated string literal", t.line, t.column);
      if (c == '\\' && pos_ + 1 < src_.size()) {
        body += c;
        advance();
        c = peek();
      }
      body += c;
      advance();
    }
    for (std::size_t i = 0; i < skip; ++i) advance();
    return raw ? body : decode_escapes(body, LiteralKind::text);
  }

  void lex_operator(Token& t) {
    struct Op {
      const char* text;
      Tok kind;
    };
    // Longest first.
    static const Op ops[] = {
        {"**", Tok::StarStar}, {"..", Tok::DotDot},     {"?:", Tok::Elvis},
        {"==", Tok::EqEq},     {"!=", Tok::NotEq},      {"<=", Tok::LessEq},
        {">=", Tok::GreaterEq}, {"<<", Tok::ShiftLeft}, {">>", Tok::ShiftRight},
        {"+=", Tok::PlusAssign}, {"-=", Tok::MinusAssign}, {"*=", Tok::StarAssign},
        {"/=", Tok::SlashAssign}, {"%=", Tok::PercentAssign}, {"->", Tok::Arrow},
        {"(", Tok::LParen},    {")", Tok::RParen},      {"[", Tok::LBracket},
        {"]", Tok::RBracket},  {"{", Tok::LBrace},      {"}", Tok::RBrace},
        {",", Tok::Comma},     {".", Tok::Dot},         {":", Tok::Colon},
        {";", Tok::Semicolon}, {"@", Tok::At},          {"?", Tok::Question},
        {"+", Tok::Plus},      {"-", Tok::Minus},       {"*", Tok::Star},
        {"/", Tok::Slash},     {"%", Tok::Percent},     {"<", Tok::Less},
        {">", Tok::Greater},   {"=", Tok::Assign},      {"&", Tok::Amp},
        {"|", Tok::Pipe},      {"^", Tok::Caret},       {"~", Tok::Tilde},
        {"!", Tok::Bang},
    };
    for (const Op& op : ops) {
      std::size_t n = std::char_traits<char>::length(op.text);
      if (src_.compare(pos_, n, op.text) == 0) {
        t.kind = op.kind;
        t.text = op.text;
        for (std::size_t i = 0; i < n; ++i) advance();
        return;
      }
    }
    fail(std::string("unexpected character '") + peek() + "'", t.line, t.column);
  }

  const std::string& src_;
  const std::string& file_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  int end_line_ = 1;
  int end_column_ = 1;
};

}  // namespace

std::vector<Token> tokenize(const std::string& source, const std::string& file) {
  return Lexer(source, file).run();
}

}  // namespace quest
