// std/os: working directory, directory listing, file removal/renaming and the
// environment. Failures are IOErr naming the path and the OS reason.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "std_support.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace quest {

namespace {

[[noreturn]] void os_failure(const std::string& fn, const std::string& path, const std::string& reason) {
  throw_error("IOErr", fn + ": '" + path + "': " + reason);
}

void check(bool ok, const char* fn, const std::string& path) {
  if (!ok) os_failure(fn, path, std::strerror(errno));
}

void register_directories(ModuleBuilder& m) {
  m.function("getcwd", [](Vm&, const Args&) {
    std::error_code e;
    const fs::path cwd = fs::current_path(e);
    if (e) throw_error("IOErr", "getcwd: " + e.message());
    return make_str(cwd.string());
  }, 0, 0);
  m.function("chdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "chdir");
    check(::chdir(path.c_str()) == 0, "chdir", path);
    return Value::nil();
  }, 1, 1);
  m.function("listdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "listdir");
    std::vector<std::string> names;
    std::error_code e;
    for (fs::directory_iterator it(path, e), end; !e && it != end; it.increment(e)) names.push_back(it->path().filename().string());
    if (e) os_failure("listdir", path, e.message());
    std::sort(names.begin(), names.end());
    return string_array(names);
  }, 1, 1);
  m.function("mkdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "mkdir");
    check(::mkdir(path.c_str(), 0777) == 0, "mkdir", path);
    return Value::nil();
  }, 1, 1);
  m.function("rmdir", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "rmdir");
    check(::rmdir(path.c_str()) == 0, "rmdir", path);
    return Value::nil();
  }, 1, 1);
}

void register_files(ModuleBuilder& m) {
  m.function("remove", [](Vm&, const Args& a) {
    const std::string& path = arg_str(a, 1, "remove");
    check(::unlink(path.c_str()) == 0, "remove", path);
    return Value::nil();
  }, 1, 1);
  m.function("rename", [](Vm&, const Args& a) {
    const std::string& from = arg_str(a, 1, "rename");
    check(std::rename(from.c_str(), arg_str(a, 2, "rename").c_str()) == 0, "rename", from);
    return Value::nil();
  }, 2, 2);
}

void register_environment(ModuleBuilder& m) {
  m.function("getenv", [](Vm&, const Args& a) {
    const char* value = std::getenv(arg_str(a, 1, "getenv").c_str());
    return value ? make_str(value) : (a.size() > 1 ? a[1] : Value::nil());
  }, 1, 2);
  m.function("setenv", [](Vm&, const Args& a) {
    const std::string& key = arg_str(a, 1, "setenv");
    if (key.empty() || key.find('=') != std::string::npos) throw_error("ValueErr", "setenv: invalid variable name '" + key + "'");
    ::setenv(key.c_str(), arg_str(a, 2, "setenv").c_str(), 1);
    return Value::nil();
  }, 2, 2);
  m.function("unsetenv", [](Vm&, const Args& a) {
    ::unsetenv(arg_str(a, 1, "unsetenv").c_str());
    return Value::nil();
  }, 1, 1);
  m.function("environ", [](Vm&, const Args&) {
    Value result = make_dict();
    for (char** entry = environ; entry && *entry; ++entry) {
      const std::string pair = *entry;
      const size_t equals = pair.find('=');
      if (equals != std::string::npos) result.as_dict().set(pair.substr(0, equals), make_str(pair.substr(equals + 1)));
    }
    return result;
  }, 0, 0);
}

void build(Vm& vm, ModuleBuilder& m) {
  m.doc("Operating system interfaces: directories, files and environment variables.");
  register_directories(m);
  register_files(m);
  register_environment(m);
  m.value("search_path", string_array(vm.search_path()));
}

}  // namespace

void register_os_module(Vm& vm) { vm.register_native_module("std/os", build); }

}  // namespace quest
