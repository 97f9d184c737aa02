// std/html/templates: the HtmlTemplate engine object (a set of named, compiled
// templates) and the module functions create() and from_dir(glob).
//
// Templates compile once, when they are added (add_template, add_template_file,
// from_dir) or, for render_str, on the first render of a given source (a bounded
// per-engine cache keyed by the source text). Every failure is a RuntimeErr whose
// message starts with "Template error:" and names the template, line and column.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unordered_map>

#include "html_templates_render.hpp"
#include "html_templates_syntax.hpp"
#include "io_glob.hpp"
#include "std_support.hpp"

namespace quest {

namespace {

using templates::Template;
using templates::TemplateError;

constexpr std::size_t kInlineCacheLimit = 256;  // render_str sources kept compiled
constexpr const char* kInlineName = "<render_str>";

class HtmlTemplateObject final : public NativeObject {
 public:
  explicit HtmlTemplateObject(const NativeClass* cls) : NativeObject(cls) {}
  std::string to_display() const override { return "<HtmlTemplate>"; }

  // Registered templates by name (sorted, which is the order get_template_names lists).
  std::map<std::string, std::shared_ptr<const Template>> named;
  // Compiled render_str sources; cleared when it reaches kInlineCacheLimit.
  std::unordered_map<std::string, std::shared_ptr<const Template>> inline_sources;
};

[[noreturn]] void raise_template_error(const TemplateError& error, const std::string& fallback_name) {
  const std::string& name = error.template_name().empty() ? fallback_name : error.template_name();
  std::string where = "'" + name + "'";
  if (error.where().line > 0 && error.where().column > 0)
    where += " at line " + std::to_string(error.where().line) + ", column " + std::to_string(error.where().column);
  throw_error("RuntimeErr", "Template error: " + error.message() + " (in " + where + ")");
}

std::shared_ptr<const Template> compile(const std::string& name, const std::string& source) {
  try {
    return templates::parse_template(name, source);
  } catch (const TemplateError& error) {
    raise_template_error(error, name);
  }
}

std::string read_text_file(const std::string& path, const char* fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_error("RuntimeErr", std::string(fn) + ": Failed to read template file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Upstream (Tera) escapes only templates whose name ends like an HTML/XML file.
bool autoescaped_name(const std::string& name) {
  for (const char* suffix : {".html", ".htm", ".xml"}) {
    const std::string s(suffix);
    if (name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

const DictObj& context_arg(const Args& a, const char* fn, Value& empty) {
  if (a.size() < 2 || a[1].is_nil()) {
    empty = make_dict();
    return empty.as_dict();
  }
  if (!a[1].is_dict())
    throw_error("RuntimeErr", std::string(fn) + " expects second argument to be a Dict, got " + type_name_of(a[1]));
  return a[1].as_dict();
}

std::string render(Vm& vm, HtmlTemplateObject& engine, const Template& root, const DictObj& context) {
  const templates::TemplateLookup lookup = [&engine](const std::string& name) -> std::shared_ptr<const Template> {
    auto it = engine.named.find(name);
    return it == engine.named.end() ? nullptr : it->second;
  };
  try {
    return templates::render_template(vm, {root, context, lookup, autoescaped_name(root.name)});
  } catch (const TemplateError& error) {
    raise_template_error(error, root.name);
  }
}

HtmlTemplateObject& engine_of(const Args& a, const char* fn) { return self_native<HtmlTemplateObject>(a, fn, "HtmlTemplate"); }

void register_methods(Vm& vm) {
  vm.register_method("HtmlTemplate", "render", [](Vm& vm, const Args& a) {
    HtmlTemplateObject& engine = engine_of(a, "render");
    const std::string& name = arg_str(a, 1, "render");
    auto it = engine.named.find(name);
    if (it == engine.named.end()) throw_error("RuntimeErr", "Template error: Template '" + name + "' not found");
    Value empty;
    const DictObj& context = context_arg(a, "render", empty);
    const std::shared_ptr<const Template> keep = it->second;  // the Quest code reached may re-register it
    return make_str(render(vm, engine, *keep, context));
  }, 1, 2);
  vm.register_method("HtmlTemplate", "render_str", [](Vm& vm, const Args& a) {
    HtmlTemplateObject& engine = engine_of(a, "render_str");
    const std::string& source = arg_str(a, 1, "render_str");
    Value empty;
    const DictObj& context = context_arg(a, "render_str", empty);
    std::shared_ptr<const Template> compiled;
    if (auto found = engine.inline_sources.find(source); found != engine.inline_sources.end()) {
      compiled = found->second;
    } else {
      compiled = compile(kInlineName, source);
      if (engine.inline_sources.size() >= kInlineCacheLimit) engine.inline_sources.clear();
      engine.inline_sources.emplace(source, compiled);
    }
    return make_str(render(vm, engine, *compiled, context));
  }, 1, 2);
  vm.register_method("HtmlTemplate", "add_template", [](Vm&, const Args& a) {
    HtmlTemplateObject& engine = engine_of(a, "add_template");
    const std::string& name = arg_str(a, 1, "add_template");
    engine.named[name] = compile(name, arg_str(a, 2, "add_template"));
    return Value::nil();
  }, 2, 2);
  vm.register_method("HtmlTemplate", "add_template_file", [](Vm&, const Args& a) {
    HtmlTemplateObject& engine = engine_of(a, "add_template_file");
    const std::string& name = arg_str(a, 1, "add_template_file");
    engine.named[name] = compile(name, read_text_file(arg_str(a, 2, "add_template_file"), "add_template_file"));
    return Value::nil();
  }, 2, 2);
  vm.register_method("HtmlTemplate", "get_template_names", [](Vm&, const Args& a) {
    std::vector<std::string> names;
    for (const auto& [name, compiled] : engine_of(a, "get_template_names").named) names.push_back(name);
    return string_array(names);
  }, 0, 0);
  vm.register_method("HtmlTemplate", "has_template", [](Vm&, const Args& a) {
    return Value::boolean(engine_of(a, "has_template").named.count(arg_str(a, 1, "has_template")) != 0);
  }, 1, 1);
}

// `{a,b}/*.html` -> `a/*.html`, `b/*.html` (every group, no nesting).
std::vector<std::string> expand_braces(const std::string& pattern) {
  const std::size_t open = pattern.find('{');
  const std::size_t close = open == std::string::npos ? open : pattern.find('}', open);
  if (close == std::string::npos) return {pattern};
  std::vector<std::string> out;
  const std::string head = pattern.substr(0, open), tail = pattern.substr(close + 1);
  std::string alternatives = pattern.substr(open + 1, close - open - 1) + ",";
  for (std::size_t start = 0, comma; (comma = alternatives.find(',', start)) != std::string::npos; start = comma + 1)
    for (std::string& expanded : expand_braces(head + alternatives.substr(start, comma - start) + tail))
      out.push_back(std::move(expanded));
  return out;
}

// The directory part before the first wildcard: template names are relative to it
// (`templates/**/*.html` names `templates/pages/home.html` "pages/home.html").
std::string glob_base(const std::string& pattern) {
  const std::size_t wildcard = pattern.find_first_of("*?[{");
  const std::size_t slash = pattern.rfind('/', wildcard == std::string::npos ? pattern.size() : wildcard);
  return slash == std::string::npos ? "" : pattern.substr(0, slash + 1);
}

Value from_dir(Vm& vm, const std::string& pattern) {
  auto engine = make_ref<HtmlTemplateObject>(vm.native_class("HtmlTemplate"));
  const std::string base = glob_base(pattern);
  for (const std::string& one : expand_braces(pattern)) {
    for (const std::string& path : glob::expand(one)) {
      const std::string name = path.compare(0, base.size(), base) == 0 ? path.substr(base.size()) : path;
      std::error_code ignored;
      if (!std::filesystem::is_regular_file(path, ignored)) continue;  // a directory matched by the pattern
      engine->named[name] = compile(name, read_text_file(path, "from_dir"));
    }
  }
  return Value(engine);
}

void build(Vm& vm, ModuleBuilder& m) {
  m.doc("Jinja/Tera-style HTML templates: variables, filters, if/for, include, extends/block, autoescape.");
  m.function("create", [](Vm& vm, const Args&) {
    return Value(make_ref<HtmlTemplateObject>(vm.native_class("HtmlTemplate")));
  }, 0, 0, "A new, empty template engine.");
  m.function("from_dir", [](Vm& vm, const Args& a) { return from_dir(vm, arg_str(a, 1, "from_dir")); }, 1, 1,
             "An engine holding every file matching a glob, named relative to the glob's directory.");
  m.value("HtmlTemplate", vm.class_value("HtmlTemplate"));
}

}  // namespace

void register_html_templates_module(Vm& vm) {
  vm.define_class("HtmlTemplate", "A template engine: named, compiled templates rendered with a context Dict.");
  register_methods(vm);
  vm.register_native_module("std/html/templates", build);
}

}  // namespace quest
