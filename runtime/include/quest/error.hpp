// Quest exceptions as seen from C++. A native that fails throws QuestError; the
// interpreter turns it into a Quest exception object (adding file:line and the Quest
// stack) that `try/catch` can catch by type. Code running Quest from C++ (Vm::call,
// Vm::run_file) receives uncaught Quest exceptions as QuestError too.
#pragma once

#include <stdexcept>
#include <string>

#include "quest/value.hpp"

namespace quest {

class QuestError : public std::runtime_error {
 public:
  // `type` is one of the built-in exception names ("ValueErr", "TypeErr", "IndexErr",
  // "KeyErr", "ArgErr", "AttrErr", "NameErr", "RuntimeErr", "IOErr", "ImportErr",
  // "SyntaxErr", "ConfigurationErr", "Err") or a user exception type name.
  QuestError(std::string type, std::string message)
      : std::runtime_error(type + ": " + message), type_(std::move(type)), message_(std::move(message)) {}
  // Carries an existing Quest exception value (set by the interpreter when re-raising).
  QuestError(std::string type, std::string message, Value exception)
      : QuestError(std::move(type), std::move(message)) {
    exception_ = std::move(exception);
  }

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  // The Quest exception object, or nil when raised from native code and not yet caught.
  const Value& exception() const { return exception_; }
  void set_exception(Value e) { exception_ = std::move(e); }

 private:
  std::string type_;
  std::string message_;
  Value exception_;
};

// Thrown by sys.exit(code). It is not a Quest exception: Quest `try/catch` and `ensure`
// do not stop it (ensure blocks do not run), so it unwinds every Quest frame up to the
// host. Vm::run_file/run_source catch it and return `code`; Vm::call, Vm::call_method,
// Vm::eval and Expression::evaluate let it propagate, so a host that calls Quest code
// (a request handler, an event callback) catches `ExitRequest` next to `QuestError` and
// decides what exiting means there (`quest serve` shuts down with `code`).
struct ExitRequest {
  int code;
};

}  // namespace quest
