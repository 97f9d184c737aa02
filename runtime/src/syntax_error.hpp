// Syntax errors: collected by the lexer/parser with file:line:col, rendered with the
// source line and a caret. Raised into Quest as SyntaxErr (e.g. from sys.eval).
#pragma once

#include <stdexcept>
#include <string>

namespace quest {

class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(std::string file, int line, int column, std::string message, std::string source_line)
      : std::runtime_error(message), file(std::move(file)), line(line), column(column),
        message(std::move(message)), source_line(std::move(source_line)) {}
  // "file:line:col: SyntaxErr: message\n  <source line>\n  <caret>"
  std::string render() const;

  std::string file;
  int line;
  int column;
  std::string message;
  std::string source_line;
};

// The 1-based `line` of `source` without its newline ("" when out of range).
std::string source_line_at(const std::string& source, int line);

}  // namespace quest
