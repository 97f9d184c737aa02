// sys.stdout / sys.stderr / sys.stdin (SystemStream) and sys.redirect_stream's
// RedirectGuard. Redirection swaps the Vm's output Writer; the guard remembers the
// writer it replaced, so nested redirections unwind in any order the script chooses.
#pragma once

#include "quest/vm.hpp"

namespace quest {

enum class StreamKind { out, err, in };

class SystemStreamObject final : public NativeObject {
 public:
  SystemStreamObject(const NativeClass* cls, StreamKind kind) : NativeObject(cls), kind(kind) {}
  std::string to_display() const override;
  const StreamKind kind;
};

// Defines SystemStream and RedirectGuard and their methods.
void register_stream_classes(Vm& vm);

Value make_stream(Vm& vm, StreamKind kind);

// sys.redirect_stream(from, to): `to` is a file path (appended to), a StringIO or a
// SystemStream. Returns the RedirectGuard.
Value redirect_stream(Vm& vm, const Args& args);
// The shared core of redirect_stream, redirect_stdout and redirect_stderr: points the
// stream at `target` and returns the guard that restores it (also on `with` exit).
Value redirect(Vm& vm, StreamKind kind, const Value& target, std::string_view fn);

}  // namespace quest
