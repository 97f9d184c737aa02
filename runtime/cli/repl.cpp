// Interactive REPL: multi-line input (keeps reading while blocks are open), history
// via libedit when available, results printed with _rep().
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

#include "cli.hpp"
#include "interpreter.hpp"
#include "lexer.hpp"

#ifdef QUEST_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace quest {

namespace {

// Net count of block openers minus `end`s; > 0 means the input is incomplete.
int open_blocks(const std::string& source) {
  try {
    int depth = 0;
    std::vector<Token> tokens = tokenize(source, "<repl>");
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      switch (tokens[i].kind) {
        case Tok::KwIf: case Tok::KwWhile: case Tok::KwFor: case Tok::KwTry:
        case Tok::KwType: case Tok::KwTrait: case Tok::KwWith: case Tok::KwMatch:
          ++depth;
          break;
        case Tok::KwFun:
          ++depth;
          break;
        case Tok::KwImpl:
          if (i > 0) ++depth;
          break;
        case Tok::KwEnd: --depth; break;
        default: break;
      }
    }
    return depth;
  } catch (SyntaxError& e) {
    return e.message.find("unterminated") != std::string::npos ? 1 : 0;
  }
}

bool read_line(const char* prompt, std::string& out) {
#ifdef QUEST_HAVE_LIBEDIT
  if (isatty(STDIN_FILENO)) {
    char* line = readline(prompt);
    if (!line) return false;
    out = line;
    if (!out.empty()) add_history(line);
    free(line);
    return true;
  }
#endif
  std::fputs(prompt, stdout);
  std::fflush(stdout);
  return static_cast<bool>(std::getline(std::cin, out));
}

}  // namespace

// History persists in ~/.quest_history between sessions.
std::string history_path() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.quest_history" : std::string();
}

int run_repl(Vm& vm) {
  Interpreter& in = vm.interpreter();
#ifdef QUEST_HAVE_LIBEDIT
  std::string history = history_path();
  if (!history.empty() && isatty(STDIN_FILENO)) read_history(history.c_str());
  struct SaveHistory {
    std::string path;
    ~SaveHistory() {
      if (!path.empty() && isatty(STDIN_FILENO)) write_history(path.c_str());
    }
  } save{history};
#endif
  ModuleScope scope;
  Ref<EnvObj> env;
  std::printf("Quest %s REPL (C++ runtime). Type 'exit' or Ctrl-D to quit.\n", "0.1.13");
  std::string buffer, line;
  while (read_line(buffer.empty() ? "quest> " : "  ...> ", line)) {
    if (buffer.empty() && (line == "exit" || line == "quit")) break;
    buffer += line + "\n";
    if (open_blocks(buffer) > 0) continue;
    std::string source = std::move(buffer);
    buffer.clear();
    try {
      Program& program = in.parse(source, "<repl>");
      Value result = in.run_program(program, scope, env);
      if (!result.is_nil()) std::printf("%s\n", vm.repr(result).c_str());
    } catch (SyntaxError& e) {
      vm.write_err(e.render());
    } catch (QuestError& e) {
      vm.write_err(format_error(e));
    } catch (ExitRequest& exit) {
      return exit.code;
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace quest
