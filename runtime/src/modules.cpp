// The module system: `use`, search path, file modules (cached by canonical path),
// native modules (+ optional Quest overlays), circular-import detection.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "interpreter.hpp"
#include "parser.hpp"

#ifndef QUEST_SOURCE_LIB_DIR
#define QUEST_SOURCE_LIB_DIR ""
#endif

namespace fs = std::filesystem;

namespace quest {

static bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

static std::string executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? "" : exe.parent_path().string();
}

// The project's lib/: next to the executable's tree, else the source tree it was built from.
static std::vector<std::string> project_lib_dirs() {
  std::vector<std::string> dirs;
  std::string exe = executable_dir();
  if (!exe.empty()) {
    for (const char* rel : {"/../lib", "/../../lib", "/../share/quest/lib"}) {
      std::error_code ec;
      fs::path p = fs::weakly_canonical(exe + rel, ec);
      if (!ec && fs::is_directory(p / "std")) dirs.push_back(p.string());
    }
  }
  std::string built_from = QUEST_SOURCE_LIB_DIR;
  if (!built_from.empty() && fs::is_directory(built_from)) dirs.push_back(built_from);
  return dirs;
}

std::string Interpreter::current_dir() const {
  if (!frames.empty()) {
    fs::path p(*frames.back().file);
    if (p.has_parent_path()) return p.parent_path().string();
  }
  return ".";
}

std::vector<std::string> search_dirs(const Interpreter& in) {
  std::vector<std::string> dirs;
  dirs.push_back(in.current_dir());
  std::error_code ec;
  std::string cwd = fs::current_path(ec).string();
  dirs.push_back(cwd);
  dirs.push_back(cwd + "/lib");
  for (const std::string& d : in.options.search_path) dirs.push_back(d);
  if (const char* include = std::getenv("QUEST_INCLUDE")) {
    std::stringstream ss(include);
    std::string entry;
    while (std::getline(ss, entry, ':'))
      if (!entry.empty()) dirs.push_back(entry);
  }
  for (const std::string& d : project_lib_dirs()) dirs.push_back(d);
  if (const char* home = std::getenv("HOME")) dirs.push_back(std::string(home) + "/.quest/lib");
  return dirs;
}

static std::string existing_module_file(const fs::path& base) {
  std::error_code ec;
  fs::path with_ext = base;
  with_ext += ".q";
  if (fs::is_regular_file(with_ext, ec)) return fs::canonical(with_ext, ec).string();
  if (base.extension() == ".q" && fs::is_regular_file(base, ec)) return fs::canonical(base, ec).string();
  if (fs::is_regular_file(base / "index.q", ec)) return fs::canonical(base / "index.q", ec).string();
  return "";
}

std::string Interpreter::resolve_module_path(const std::string& path) const {
  if (path.rfind("./", 0) == 0 || path.rfind("../", 0) == 0)
    return existing_module_file(fs::path(current_dir()) / path);
  if (path.size() > 1 && path[0] == '.')  // ".helpers" is relative to the importing file too
    return existing_module_file(fs::path(current_dir()) / path.substr(1));
  if (!path.empty() && path[0] == '/') return existing_module_file(path);
  for (const std::string& dir : search_dirs(*this)) {
    std::string found = existing_module_file(fs::path(dir) / path);
    if (!found.empty()) return found;
  }
  return "";
}

static std::string last_segment(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  if (name.size() > 2 && name.substr(name.size() - 2) == ".q") name.resize(name.size() - 2);
  if (name == "index") name = fs::path(path).parent_path().filename().string();
  return name;
}

Value Interpreter::load_file_module(const std::string& resolved, const std::string& display) {
  auto cached = module_cache.find(resolved);
  if (cached != module_cache.end()) {
    if (cached->second.loading) {
      std::string chain;
      for (const std::string& c : loading_chain) chain += c + " -> ";
      raise("ImportErr", "Circular import detected: " + chain + display);
    }
    return Value(cached->second.module);
  }
  std::string source;
  if (!read_file(resolved, source)) raise("ImportErr", "Cannot read module file: " + resolved);
  Program* program;
  try {
    program = &parse(source, resolved);
  } catch (SyntaxError& e) {
    raise("SyntaxErr", e.render());
  }
  LoadedModule& entry = module_cache[resolved];
  entry.loading = true;
  entry.module = make_ref<ModuleObj>(last_segment(resolved), resolved);
  entry.module->doc = program->doc;
  entry.scope = std::make_unique<ModuleScope>();
  Ref<ModuleObj> module = entry.module;
  ModuleScope* scope = entry.scope.get();
  loading_chain.push_back(display);
  try {
    run_program(*program, *scope, module->env);
  } catch (...) {
    loading_chain.pop_back();
    module_cache.erase(resolved);
    throw;
  }
  loading_chain.pop_back();
  for (auto& [name, info] : scope->top.blocks.front().names)
    module->members[name] = ModuleObj::Member{info.slot, info.is_pub};
  module_cache[resolved].loading = false;
  return Value(module);
}

Value Interpreter::import_module(const std::string& path, int line) {
  (void)line;
  auto native = native_modules.find(path);
  if (native != native_modules.end()) {
    auto module = make_ref<ModuleObj>(last_segment(path), path);
    ModuleBuilder builder(vm, *module);
    native->second(vm, builder);
    return Value(module);
  }
  std::string resolved = resolve_module_path(path);
  if (resolved.empty()) raise("ImportErr", "Module not found: " + path);
  return load_file_module(resolved, path);
}

Value Interpreter::eval_use(Use* n, EnvObj* env) {
  Value module = import_module(n->path, n->line);
  if (n->alias) env->slots[n->alias->var.slot] = module;
  if (n->items.empty()) return Value();
  auto* m = static_cast<ModuleObj*>(module.raw_object());
  for (UseItem& item : n->items) {
    if (item.conflict)
      raise("ImportErr", "Cannot import '" + item.target->var.name + "': the name already exists in this scope");
    Value member;
    bool is_private = false;
    if (!m->lookup(item.name, member, is_private)) {
      if (is_private) raise("ImportErr", "Module '" + n->path + "' has no public member '" + item.name + "'");
      raise("ImportErr", "Module '" + n->path + "' has no member '" + item.name + "'");
    }
    env->slots[item.target->var.slot] = member;
  }
  return Value();
}

}  // namespace quest
