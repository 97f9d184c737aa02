// std/io: whole-file reads and writes, file and directory operations, path helpers,
// globbing and io.StringIO. Failures are IOErr with the path and the OS reason.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/stat.h>

#include "io_file.hpp"
#include "io_glob.hpp"
#include "std_support.hpp"
#include "str_text.hpp"
#include "stringio.hpp"
#include "sys_streams.hpp"

namespace fs = std::filesystem;

namespace quest {

namespace {

[[noreturn]] void io_failure(const std::string& fn, const std::string& path, const std::string& reason) {
  throw_error("IOErr", fn + ": cannot access '" + path + "': " + reason);
}

std::string read_whole(const std::string& path, const char* fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) io_failure(fn, path, std::strerror(errno));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

void write_whole(const std::string& path, std::string_view data, bool append, const char* fn) {
  std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
  if (!out) io_failure(fn, path, std::strerror(errno));
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) io_failure(fn, path, "write failed");
}

// Runs a std::filesystem operation, mapping its error to IOErr.
template <class Operation>
auto checked(const char* fn, const std::string& path, Operation operation) {
  std::error_code error;
  auto result = operation(error);
  if (error) io_failure(fn, path, error.message());
  return result;
}

std::string read_text(const std::string& path, const char* fn) {
  std::string content = read_whole(path, fn);
  if (!text::is_valid_utf8(content)) throw_error("ValueErr", std::string(fn) + ": '" + path + "' is not UTF-8 text; use read_bytes");
  return content;
}

std::vector<std::string> lines_of(const std::string& content) {
  std::vector<std::string> lines = text::split(content, "\n");
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  for (std::string& line : lines) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
  }
  return lines;
}

// Unix seconds from stat(2). "created" is the inode change time: Linux stat has no
// portable birth time.
int64_t file_time(const std::string& path, const std::string& which) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) io_failure(which, path, std::strerror(errno));
  if (which == "accessed_time") return info.st_atime;
  if (which == "created_time") return info.st_ctime;
  return info.st_mtime;
}

void register_reading(ModuleBuilder& m) {
  m.function("read", [](Vm&, const Args& a) { return make_str(read_text(arg_str(a, 1, "read"), "read")); }, 1, 1);
  m.function("read_bytes", [](Vm&, const Args& a) { return make_bytes(read_whole(arg_str(a, 1, "read_bytes"), "read_bytes")); }, 1, 1);
  m.function("read_lines", [](Vm&, const Args& a) {
    return string_array(lines_of(read_text(arg_str(a, 1, "read_lines"), "read_lines")));
  }, 1, 1);
}

void register_writing(ModuleBuilder& m) {
  m.function("write", [](Vm&, const Args& a) {
    write_whole(arg_str(a, 1, "write"), arg_data(a, 2, "write"), false, "write");
    return Value::nil();
  }, 2, 2);
  m.function("append", [](Vm&, const Args& a) {
    write_whole(arg_str(a, 1, "append"), arg_data(a, 2, "append"), true, "append");
    return Value::nil();
  }, 2, 2);
  m.function("write_bytes", [](Vm&, const Args& a) {
    write_whole(arg_str(a, 1, "write_bytes"), arg_bytes(a, 2, "write_bytes").data, false, "write_bytes");
    return Value::nil();
  }, 2, 2);
  m.function("write_lines", [](Vm& vm, const Args& a) {
    std::string content;
    for (const Value& line : arg_array(a, 2, "write_lines").items) content += vm.to_str(line) + "\n";
    write_whole(arg_str(a, 1, "write_lines"), content, false, "write_lines");
    return Value::nil();
  }, 2, 2);
}

void register_queries(ModuleBuilder& m) {
  m.function("exists", [](Vm&, const Args& a) {
    std::error_code e;
    return Value::boolean(fs::exists(arg_str(a, 1, "exists"), e));
  }, 1, 1);
  m.function("is_file", [](Vm&, const Args& a) {
    std::error_code e;
    return Value::boolean(fs::is_regular_file(arg_str(a, 1, "is_file"), e));
  }, 1, 1);
  m.function("is_dir", [](Vm&, const Args& a) {
    std::error_code e;
    return Value::boolean(fs::is_directory(arg_str(a, 1, "is_dir"), e));
  }, 1, 1);
  m.function("size", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "size");
    return Value::integer(static_cast<int64_t>(checked("size", path, [&](std::error_code& e) { return fs::file_size(path, e); })));
  }, 1, 1);
  for (const char* name : {"modified_time", "accessed_time", "created_time"}) {
    m.function(name, [name](Vm&, const Args& a) { return Value::integer(file_time(arg_str(a, 1, name), name)); }, 1, 1);
  }
}

void register_file_operations(ModuleBuilder& m) {
  m.function("copy", [](Vm&, const Args& a) {
    const std::string& from = arg_str(a, 1, "copy");
    const std::string& to = arg_str(a, 2, "copy");
    checked("copy", from, [&](std::error_code& e) { return fs::copy_file(from, to, fs::copy_options::overwrite_existing, e); });
    return Value::nil();
  }, 2, 2);
  m.function("move", [](Vm&, const Args& a) {
    const std::string& from = arg_str(a, 1, "move");
    checked("move", from, [&](std::error_code& e) { fs::rename(from, arg_str(a, 2, "move"), e); return 0; });
    return Value::nil();
  }, 2, 2);
  m.function("remove", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "remove");
    if (!checked("remove", path, [&](std::error_code& e) { return fs::remove(path, e); })) io_failure("remove", path, "No such file or directory");
    return Value::nil();
  }, 1, 1);
  m.function("mkdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "mkdir");
    if (!checked("mkdir", path, [&](std::error_code& e) { return fs::create_directory(path, e); })) io_failure("mkdir", path, "already exists");
    return Value::nil();
  }, 1, 1);
  m.function("mkdir_all", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "mkdir_all");
    checked("mkdir_all", path, [&](std::error_code& e) { return fs::create_directories(path, e); });
    return Value::nil();
  }, 1, 1);
  m.function("rmdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "rmdir");
    if (!fs::is_directory(path)) io_failure("rmdir", path, "not a directory");
    checked("rmdir", path, [&](std::error_code& e) { return fs::remove(path, e); });
    return Value::nil();
  }, 1, 1);
  m.function("rmdir_all", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "rmdir_all");
    checked("rmdir_all", path, [&](std::error_code& e) { return fs::remove_all(path, e); });
    return Value::nil();
  }, 1, 1);
}

void register_listing(ModuleBuilder& m) {
  m.function("list_dir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "list_dir");
    std::vector<std::string> names;
    std::error_code e;
    for (fs::directory_iterator it(path, e), end; !e && it != end; it.increment(e)) names.push_back(it->path().filename().string());
    if (e) io_failure("list_dir", path, e.message());
    std::sort(names.begin(), names.end());
    return string_array(names);
  }, 1, 1);
  m.function("walk", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "walk");
    std::vector<std::string> files;
    std::error_code e;
    for (fs::recursive_directory_iterator it(path, e), end; !e && it != end; it.increment(e)) files.push_back(it->path().string());
    if (e) io_failure("walk", path, e.message());
    std::sort(files.begin(), files.end());
    return string_array(files);
  }, 1, 1);
  m.function("glob", [](Vm&, const Args& a) { return string_array(glob::expand(arg_str(a, 1, "glob"))); }, 1, 1);
  m.function("glob_match", [](Vm&, const Args& a) {
    return Value::boolean(glob::matches(arg_str(a, 1, "glob_match"), arg_str(a, 2, "glob_match")));
  }, 2, 2);
}

void register_paths(ModuleBuilder& m) {
  m.function("absolute", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "absolute");
    return make_str(checked("absolute", path, [&](std::error_code& e) { return fs::absolute(path, e); }).lexically_normal().string());
  }, 1, 1);
  m.function("basename", [](Vm&, const Args& a) { return make_str(fs::path(arg_str(a, 1, "basename")).filename().string()); }, 1, 1);
  m.function("dirname", [](Vm&, const Args& a) { return make_str(fs::path(arg_str(a, 1, "dirname")).parent_path().string()); }, 1, 1);
  m.function("extension", [](Vm&, const Args& a) { return make_str(fs::path(arg_str(a, 1, "extension")).extension().string()); }, 1, 1);
  m.function("join", [](Vm&, const Args& a) {
    fs::path joined;
    for (size_t i = 1; i <= a.size(); ++i) joined /= arg_str(a, i, "join");
    return make_str(joined.string());
  }, 1, kVariadic);
}

void register_handles(Vm& vm, ModuleBuilder& m) {
  m.function("open", [](Vm& vm, const Args& a) {
    return open_file(vm, arg_str(a, 1, "open"), opt_str(a, 2, "open", "r"));
  }, 1, 2);
  // Opens the file, passes it to `fn`, and closes it however `fn` ends.
  m.function("with_file", [](Vm& vm, const Args& a) {
    const Value handle = open_file(vm, arg_str(a, 1, "with_file"), arg_str(a, 2, "with_file"));
    const Value& fn = arg_callable(a, 3, "with_file");
    struct Closer {
      FileObject* file;
      ~Closer() { file->close(); }
    } closer{handle.native_as<FileObject>()};
    return vm.call(fn, {handle});
  }, 3, 3);
  m.function("temp_file", [](Vm& vm, const Args& a) { return make_temp_file(vm, opt_str(a, 1, "temp_file", "quest")); }, 0, 1);
  m.function("temp_dir", [](Vm&, const Args& a) { return make_str(make_temp_dir(opt_str(a, 1, "temp_dir", "quest"))); }, 0, 1);
  m.function("read_line", [](Vm&, const Args&) {
    std::string line;
    if (!std::getline(std::cin, line)) return Value::nil();
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return make_str(std::move(line));
  }, 0, 0);
  m.value("stdin", make_stream(vm, StreamKind::in));
  m.value("stdout", make_stream(vm, StreamKind::out));
  m.value("stderr", make_stream(vm, StreamKind::err));
}

void build(Vm& vm, ModuleBuilder& m) {
  m.doc("File and directory operations, paths, globbing and StringIO.");
  register_reading(m);
  register_writing(m);
  register_queries(m);
  register_file_operations(m);
  register_listing(m);
  register_paths(m);
  register_handles(vm, m);
  m.value("StringIO", vm.class_value("StringIO"));
}

}  // namespace

void register_io_module(Vm& vm) {
  register_stringio_class(vm);
  register_file_class(vm);
  vm.register_native_module("std/io", build);
}

}  // namespace quest
