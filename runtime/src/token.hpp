// Token kinds, from one list. The parser's Pratt table (parser_rules.cpp) has one row per
// kind that can start or continue an expression.
#pragma once

#include <cstdint>
#include <string>

namespace quest {

#define QUEST_TOKEN_KINDS(X)                                                        \
  X(Eof) X(Identifier) X(Int) X(Float) X(String) X(FString) X(Bytes) X(BigIntLit)               \
  /* punctuation */                                                                \
  X(LParen) X(RParen) X(LBracket) X(RBracket) X(LBrace) X(RBrace) X(Comma) X(Dot)  \
  X(Colon) X(Semicolon) X(Arrow) X(At) X(Question)                                 \
  /* operators */                                                                  \
  X(Plus) X(Minus) X(Star) X(StarStar) X(Slash) X(Percent) X(DotDot) X(Elvis)      \
  X(EqEq) X(NotEq) X(Less) X(LessEq) X(Greater) X(GreaterEq)                       \
  X(Assign) X(PlusAssign) X(MinusAssign) X(StarAssign) X(SlashAssign)              \
  X(PercentAssign) X(Amp) X(Pipe) X(Caret) X(Tilde) X(ShiftLeft) X(ShiftRight)     \
  X(Bang)                                                                          \
  /* keywords */                                                                   \
  X(KwIf) X(KwElif) X(KwElse) X(KwEnd) X(KwFun) X(KwType) X(KwTrait) X(KwImpl)     \
  X(KwWith) X(KwReturn) X(KwAnd) X(KwOr) X(KwNot) X(KwTrue) X(KwFalse) X(KwNil)    \
  X(KwUse) X(KwLet) X(KwDel) X(KwAs) X(KwFor) X(KwIn) X(KwTo) X(KwUntil) X(KwStep) \
  X(KwWhile) X(KwMatch) X(KwTry) X(KwCatch) X(KwEnsure) X(KwRaise) X(KwConst)      \
  X(KwBreak) X(KwContinue) X(KwPub) X(KwSelf)

enum class Tok : std::uint8_t {
#define QUEST_TOKEN_ENUM(name) name,
  QUEST_TOKEN_KINDS(QUEST_TOKEN_ENUM)
#undef QUEST_TOKEN_ENUM
      Count
};

const char* token_name(Tok kind);

struct Token {
  Tok kind = Tok::Eof;
  std::string text;  // identifier name, decoded string contents, or raw f-string body
  std::int64_t int_value = 0;
  double float_value = 0;
  int line = 1;
  int column = 1;
  bool newline_before = false;  // a line break separates this token from the previous one
};

}  // namespace quest
