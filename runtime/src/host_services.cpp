// The host services of host.hpp that need interpreter internals: applying a host's Vm
// setup and describing an uncaught Quest error.
#include "interp_objects.hpp"
#include "quest/host.hpp"

namespace quest {

void apply_vm_setup(Vm& vm, const CliHost& host) {
  for (const VmSetup& setup : host.vm_setup)
    if (setup) setup(vm);
}

// A SyntaxErr raised by the parser carries its whole rendering (file:line:col, the
// source line and a caret) as its message.
static bool is_rendered_syntax_error(const QuestError& error) {
  return error.type() == "SyntaxErr" && error.message().find(": SyntaxErr: ") != std::string::npos;
}

ErrorReport describe_error(const QuestError& error) {
  ErrorReport report;
  report.type = error.type();
  report.message = error.message();
  const Value& e = error.exception();
  if (e.is_kind(ObjKind::Exception)) {
    auto* obj = static_cast<ExceptionObj*>(e.raw_object());
    report.file = obj->file;
    report.line = obj->line;
    report.stack = obj->stack;
  }
  return report;
}

std::string format_error(const QuestError& error) {
  if (is_rendered_syntax_error(error)) {
    std::string out = error.message();
    if (out.empty() || out.back() != '\n') out.push_back('\n');
    return out;
  }
  ErrorReport report = describe_error(error);
  std::string out = report.type + ": " + report.message + "\n";
  if (!report.file.empty()) out += "  at " + report.file + ":" + std::to_string(report.line) + "\n";
  if (!report.stack.empty()) {
    out += "Stack trace:\n";
    for (const std::string& line : report.stack) out += "  " + line + "\n";
  }
  return out;
}

}  // namespace quest
