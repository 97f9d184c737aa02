// std/html/templates: renders a compiled Template against a context Dict of Quest
// values. Rendering never changes the Template, so one compiled tree serves every call.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "html_templates_syntax.hpp"
#include "quest/vm.hpp"

namespace quest::templates {

// Finds a registered template by name for `extends` and `include`; nullptr when none.
using TemplateLookup = std::function<std::shared_ptr<const Template>(const std::string& name)>;

struct RenderRequest {
  const Template& root;
  const DictObj& context;
  const TemplateLookup& lookup;
  // Escape every `{{ }}` output unless filtered through `safe`/`escape`.
  bool autoescape = false;
};

// Throws TemplateError (naming the template, line and column) for an undefined
// variable, a bad operand, a missing parent or include; Quest errors raised by Quest
// code the template reaches (str() of a value) propagate as QuestError.
std::string render_template(Vm& vm, const RenderRequest& request);

}  // namespace quest::templates
