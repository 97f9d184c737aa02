#include "html_templates_lexer.hpp"

#include <cctype>
#include <string_view>

namespace quest::templates {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

void trim_left(std::string& s) {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  s.erase(0, i);
}

void trim_right(std::string& s) {
  while (!s.empty() && is_space(s.back())) s.pop_back();
}

// One pass over the source; tracks line and column for every segment and token.
class Lexer {
 public:
  explicit Lexer(const std::string& source) : src_(source) {}

  std::vector<Segment> run() {
    while (pos_ < src_.size()) {
      const std::size_t open = next_tag_start();
      const Position text_at = here();
      std::string text = src_.substr(pos_, open == std::string::npos ? std::string::npos : open - pos_);
      advance(text.size());
      if (open == std::string::npos) {
        push_text(std::move(text), text_at, false);
        break;
      }
      const bool trim_before = open + 2 < src_.size() && src_[open + 2] == '-';
      push_text(std::move(text), text_at, trim_before);
      lex_tag(trim_before);
    }
    return std::move(out_);
  }

 private:
  const std::string& src_;
  std::size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool trim_next_text_ = false;
  std::vector<Segment> out_;

  Position here() const { return Position{line_, column_}; }
  bool at(std::string_view s) const { return src_.compare(pos_, s.size(), s) == 0; }

  void advance(std::size_t n) {
    for (std::size_t i = 0; i < n && pos_ < src_.size(); ++i, ++pos_) {
      if (src_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  std::size_t next_tag_start() const {
    for (std::size_t i = src_.find('{', pos_); i != std::string::npos; i = src_.find('{', i + 1)) {
      if (i + 1 < src_.size() && (src_[i + 1] == '{' || src_[i + 1] == '%' || src_[i + 1] == '#')) return i;
    }
    return std::string::npos;
  }

  void push_text(std::string text, Position where, bool trim_end) {
    if (trim_next_text_) trim_left(text);
    trim_next_text_ = false;
    if (trim_end) trim_right(text);
    if (text.empty()) return;
    out_.push_back(Segment{Segment::Type::Text, std::move(text), {}, where, {}});
  }

  void lex_tag(bool trim_before) {
    const Position tag_at = here();
    const char kind = src_[pos_ + 1];
    advance(trim_before ? 3 : 2);
    if (kind == '#') return skip_comment(tag_at);
    Segment segment{kind == '{' ? Segment::Type::Output : Segment::Type::Statement, "", {}, tag_at, {}};
    const bool trim_after = lex_tokens(kind == '{' ? "}}" : "%}", tag_at, segment.tokens, segment.closed_at);
    if (segment.type == Segment::Type::Statement && segment.tokens.size() == 1 &&
        segment.tokens[0].type == Token::Type::Identifier && segment.tokens[0].text == "raw") {
      trim_next_text_ = trim_after;
      return lex_raw(tag_at);
    }
    out_.push_back(std::move(segment));
    trim_next_text_ = trim_after;
  }

  void skip_comment(Position tag_at) {
    const std::size_t close = src_.find("#}", pos_);
    if (close == std::string::npos) throw TemplateError("unclosed comment, expected '#}'", tag_at);
    trim_next_text_ = close > pos_ && src_[close - 1] == '-';
    advance(close + 2 - pos_);
  }

  // Everything up to the matching {% endraw %} is text, tags included.
  void lex_raw(Position tag_at) {
    for (std::size_t i = src_.find("{%", pos_); i != std::string::npos; i = src_.find("{%", i + 2)) {
      std::size_t j = i + 2;
      const bool trim_before = j < src_.size() && src_[j] == '-';
      if (trim_before) ++j;
      while (j < src_.size() && is_space(src_[j])) ++j;
      if (src_.compare(j, 6, "endraw") != 0) continue;
      j += 6;
      while (j < src_.size() && is_space(src_[j])) ++j;
      const bool trim_after = j < src_.size() && src_[j] == '-';
      if (trim_after) ++j;
      if (src_.compare(j, 2, "%}") != 0) continue;
      const Position text_at = here();
      std::string text = src_.substr(pos_, i - pos_);
      push_text(std::move(text), text_at, trim_before);
      advance(j + 2 - pos_);
      trim_next_text_ = trim_after;
      return;
    }
    throw TemplateError("unclosed '{% raw %}', expected '{% endraw %}'", tag_at);
  }

  // Tokens up to `close`; returns whether the tag ended with `-` (trim what follows).
  bool lex_tokens(std::string_view close, Position tag_at, std::vector<Token>& tokens, Position& closed_at) {
    for (;;) {
      while (pos_ < src_.size() && is_space(src_[pos_])) advance(1);
      if (pos_ >= src_.size())
        throw TemplateError("unclosed tag, expected '" + std::string(close) + "'", tag_at);
      if (src_[pos_] == '-' && src_.compare(pos_ + 1, close.size(), close) == 0) {
        closed_at = here();
        advance(1 + close.size());
        return true;
      }
      if (at(close)) {
        closed_at = here();
        advance(close.size());
        return false;
      }
      tokens.push_back(lex_token(tokens));
    }
  }

  Token lex_token(const std::vector<Token>& before) {
    const Position where = here();
    const char c = src_[pos_];
    if (is_ident_start(c)) {
      std::size_t end = pos_;
      while (end < src_.size() && is_ident_char(src_[end])) ++end;
      Token t{Token::Type::Identifier, src_.substr(pos_, end - pos_), 0, 0, where};
      advance(end - pos_);
      return t;
    }
    if (is_digit(c)) {
      // After a dot only an index is possible: `items.0.name` is not a Float.
      const bool after_dot = !before.empty() && before.back().type == Token::Type::Symbol && before.back().text == ".";
      return lex_number(where, after_dot);
    }
    if (c == '"' || c == '\'' || c == '`') {
      const std::size_t close = src_.find(c, pos_ + 1);
      if (close == std::string::npos) throw TemplateError("unclosed string literal", where);
      Token t{Token::Type::String, src_.substr(pos_ + 1, close - pos_ - 1), 0, 0, where};
      advance(close + 1 - pos_);
      return t;
    }
    static constexpr std::string_view two_char[] = {"==", "!=", "<=", ">="};
    for (std::string_view op : two_char) {
      if (at(op)) {
        advance(2);
        return Token{Token::Type::Symbol, std::string(op), 0, 0, where};
      }
    }
    if (std::string_view("+-*/%~<>()[],.|=:").find(c) != std::string_view::npos) {
      advance(1);
      return Token{Token::Type::Symbol, std::string(1, c), 0, 0, where};
    }
    throw TemplateError(std::string("unexpected character '") + c + "'", where);
  }

  Token lex_number(Position where, bool integer_only) {
    std::size_t end = pos_;
    while (end < src_.size() && is_digit(src_[end])) ++end;
    bool is_float = false;
    if (!integer_only && end + 1 < src_.size() && src_[end] == '.' && is_digit(src_[end + 1])) {
      is_float = true;
      ++end;
      while (end < src_.size() && is_digit(src_[end])) ++end;
    }
    const std::string digits = src_.substr(pos_, end - pos_);
    advance(end - pos_);
    Token t{is_float ? Token::Type::Float : Token::Type::Int, digits, 0, 0, where};
    try {
      if (is_float) t.float_value = std::stod(digits);
      else t.int_value = std::stoll(digits);
    } catch (const std::out_of_range&) {
      throw TemplateError("number literal out of range: " + digits, where);
    }
    return t;
  }
};

}  // namespace

std::vector<Segment> lex_template(const std::string& source) { return Lexer(source).run(); }

}  // namespace quest::templates
