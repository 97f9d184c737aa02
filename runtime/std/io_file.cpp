#include "io_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

#include "std_support.hpp"

namespace quest {

namespace {

FileObject& open_self(const Args& args, const char* fn) {
  FileObject& handle = self_native<FileObject>(args, fn, "File");
  if (!handle.file) throw_error("IOErr", std::string(fn) + ": file '" + handle.path + "' is closed");
  return handle;
}

bool known_mode(const std::string& mode) {
  static const char* modes[] = {"r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b", "rb+", "wb+", "ab+"};
  for (const char* known : modes) {
    if (mode == known) return true;
  }
  return false;
}

std::string read_rest(std::FILE* file) {
  std::string content;
  char buffer[65536];
  for (size_t got; (got = std::fread(buffer, 1, sizeof buffer, file)) > 0;) content.append(buffer, got);
  return content;
}

// One line without its newline; nullopt at end of file.
std::optional<std::string> read_one_line(std::FILE* file) {
  std::string line;
  int c;
  while ((c = std::fgetc(file)) != EOF) {
    if (c == '\n') return line;
    line += static_cast<char>(c);
  }
  if (line.empty()) return std::nullopt;
  return line;
}

std::string temp_base() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

void register_reading(Vm& vm) {
  vm.register_method("File", "read", [](Vm&, const Args& a) { return text_or_bytes(read_rest(open_self(a, "read").file)); }, 0, 0);
  auto read_line = [](Vm&, const Args& a) {
    std::optional<std::string> line = read_one_line(open_self(a, "read_line").file);
    return line ? make_str(std::move(*line)) : Value::nil();
  };
  vm.register_method("File", "read_line", read_line, 0, 0);
  vm.register_method("File", "readline", read_line, 0, 0);
  vm.register_method("File", "read_lines", [](Vm&, const Args& a) {
    std::vector<std::string> lines;
    while (auto line = read_one_line(open_self(a, "read_lines").file)) lines.push_back(std::move(*line));
    return string_array(lines);
  }, 0, 0);
}

void register_writing(Vm& vm) {
  vm.register_method("File", "write", [](Vm& vm, const Args& a) {
    FileObject& handle = open_self(a, "write");
    const Value& content = arg_any(a, 1, "write");
    const std::string data = content.is_bytes() ? content.as_bytes().data : vm.to_str(content);
    if (std::fwrite(data.data(), 1, data.size(), handle.file) != data.size()) {
      throw_error("IOErr", "write: cannot write to '" + handle.path + "': " + std::strerror(errno));
    }
    return Value::integer(static_cast<int64_t>(data.size()));
  }, 1, 1);
  vm.register_method("File", "flush", [](Vm&, const Args& a) {
    std::fflush(open_self(a, "flush").file);
    return Value::nil();
  }, 0, 0);
  vm.register_method("File", "seek", [](Vm&, const Args& a) {
    FileObject& handle = open_self(a, "seek");
    const int64_t position = arg_int(a, 1, "seek");
    if (position < 0 || std::fseek(handle.file, static_cast<long>(position), SEEK_SET) != 0) {
      throw_error("IOErr", "seek: cannot seek to " + std::to_string(position) + " in '" + handle.path + "'");
    }
    return Value::integer(position);
  }, 1, 1);
  vm.register_method("File", "tell", [](Vm&, const Args& a) {
    return Value::integer(static_cast<int64_t>(std::ftell(open_self(a, "tell").file)));
  }, 0, 0);
}

void register_lifetime(Vm& vm) {
  auto close = [](Vm&, const Args& a) {
    self_native<FileObject>(a, "close", "File").close();
    return Value::nil();
  };
  vm.register_method("File", "close", close, 0, 0);
  vm.register_method("File", "_exit", close, 0, kVariadic);
  vm.register_method("File", "_enter", [](Vm&, const Args& a) { return a.self(); }, 0, 0);
  vm.register_method("File", "closed", [](Vm&, const Args& a) {
    return Value::boolean(self_native<FileObject>(a, "closed", "File").file == nullptr);
  }, 0, 0);
  vm.register_method("File", "path", [](Vm&, const Args& a) { return make_str(self_native<FileObject>(a, "path", "File").path); }, 0, 0);
}

}  // namespace

void register_file_class(Vm& vm) {
  vm.define_class("File", "An open file (io.open, io.temp_file).");
  register_reading(vm);
  register_writing(vm);
  register_lifetime(vm);
}

Value open_file(Vm& vm, const std::string& path, const std::string& mode) {
  if (!known_mode(mode)) throw_error("ValueErr", "open: unknown mode '" + mode + "' (use r, w, a, r+, w+ or a+)");
  std::FILE* file = std::fopen(path.c_str(), mode.c_str());
  if (!file) throw_error("IOErr", "open: cannot open '" + path + "': " + std::strerror(errno));
  return Value(make_ref<FileObject>(vm.native_class("File"), file, path));
}

Value make_temp_file(Vm& vm, const std::string& prefix) {
  std::string pattern = temp_base() + "/" + prefix + "XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) throw_error("IOErr", "temp_file: " + std::string(std::strerror(errno)));
  std::FILE* file = ::fdopen(fd, "w+");
  return Value(make_ref<FileObject>(vm.native_class("File"), file, pattern));
}

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = temp_base() + "/" + prefix + "XXXXXX";
  if (!::mkdtemp(pattern.data())) throw_error("IOErr", "temp_dir: " + std::string(std::strerror(errno)));
  return pattern;
}

}  // namespace quest
