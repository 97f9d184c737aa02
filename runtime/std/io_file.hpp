// io.open's File handle (also returned by io.temp_file). Owns a C FILE*; closing is
// explicit (close(), a `with` block, io.with_file) and also happens when the last
// reference goes away.
#pragma once

#include <cstdio>
#include <string>

#include "quest/vm.hpp"

namespace quest {

class FileObject final : public NativeObject {
 public:
  FileObject(const NativeClass* cls, std::FILE* file, std::string path) : NativeObject(cls), file(file), path(std::move(path)) {}
  ~FileObject() override { close(); }
  std::string to_display() const override { return "<File " + path + (file ? ">" : " (closed)>"); }
  void close() {
    if (file) std::fclose(file);
    file = nullptr;
  }

  std::FILE* file;
  const std::string path;
};

void register_file_class(Vm& vm);

// Opens `path` with an fopen mode ("r", "w", "a", "r+", "w+", "a+", optionally with
// "b"); IOErr when it cannot be opened, ValueErr for an unknown mode.
Value open_file(Vm& vm, const std::string& path, const std::string& mode);

// io.temp_file / io.temp_dir under $TMPDIR (default /tmp).
Value make_temp_file(Vm& vm, const std::string& prefix);
std::string make_temp_dir(const std::string& prefix);

}  // namespace quest
