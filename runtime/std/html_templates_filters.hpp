// std/html/templates: the built-in filters (`{{ name | upper }}`) and the value helpers
// they share with the renderer (display text, HTML escaping, template truthiness).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "html_templates_syntax.hpp"
#include "quest/vm.hpp"

namespace quest::templates {

// One filter application. `arguments` are already evaluated, in source order; a
// positional argument has an empty name and stands for the filter's next parameter.
struct FilterCall {
  Vm& vm;
  const Value& input;
  std::vector<std::pair<std::string, Value>> arguments;
  Position where;
  const std::string& filter;

  // The argument for parameter `name` (declared at `position` in the filter's
  // parameter list), or nullptr when not given.
  const Value* argument(std::string_view name, std::size_t position) const;
  [[noreturn]] void fail(const std::string& message) const;
};

using FilterFn = Value (*)(const FilterCall&);

// nullptr for an unknown filter name.
FilterFn find_filter(std::string_view name);

// Filters whose result is already HTML and must not be escaped again.
inline bool filter_marks_safe(std::string_view name) { return name == "safe" || name == "escape" || name == "e"; }

// Text of a value as `{{ v }}` writes it: nil is empty, Floats print like 12.5 or 20
// (no trailing .0, never an exponent), Arrays as [a, b], Dicts as [object].
std::string display_text(Vm& vm, const Value& v);
std::string format_float(double d);
// Escapes & < > " ' / for HTML text and attribute values.
void append_escaped_html(std::string& out, std::string_view text);
// Template truthiness: nil, false, 0, 0.0, "" and empty containers are false.
bool template_truthy(Vm& vm, const Value& v);

}  // namespace quest::templates
