// io.StringIO: an in-memory text buffer with a file-like interface. Shared by std/io
// (which exposes the type) and std/sys (which can redirect output into one).
// Positions are byte offsets; read(n) counts chars.
#pragma once

#include <string>

#include "quest/vm.hpp"

namespace quest {

class StringIOObject final : public NativeObject {
 public:
  StringIOObject(const NativeClass* cls, std::string initial) : NativeObject(cls), buffer(std::move(initial)) {}
  bool truthy() const override { return !buffer.empty(); }
  std::string to_display() const override {
    return "<StringIO: " + std::to_string(buffer.size()) + " bytes at position " + std::to_string(position) + ">";
  }

  // Writes always append at the end whatever the position, and move the position to
  // the new end (upstream's semantics, so a later read() starts after the text).
  size_t write(std::string_view text) {
    buffer.append(text);
    position = buffer.size();
    return text.size();
  }

  std::string buffer;
  size_t position = 0;
};

// Defines the StringIO class, its methods and its static `new`.
void register_stringio_class(Vm& vm);

}  // namespace quest
