// The LiveView template compiler (native/live): any source either compiles or throws a
// TemplateError that points inside it. A compiled template has N+1 statics around N
// slots in every fragment, and renders (join, then an update with other assigns, and
// dead HTML) through the JSON reference evaluator to valid JSON, where the evaluator
// understands the expressions; expressions it does not know raise std::runtime_error.
// Templates with loops nested deeper than max_rendered_loop_depth are compiled and
// checked but not rendered: their output grows as 3^depth over the three-item list in
// the assigns (half a second per input at depth 8 under ASan), which tells the search
// nothing new and, on a busy machine, trips libFuzzer's wall-clock timeout.
#include <rapidjson/document.h>

#include <algorithm>
#include <memory>
#include <string>

#include "fuzz_check.hpp"
#include "quest_live/live/json_evaluator.hpp"
#include "quest_live/live/template.hpp"
#include "quest_live/live/view_renderer.hpp"

namespace live = quest_live::live;

namespace {

void check_fragment(const live::Fragment& fragment) {
  FUZZ_CHECK(fragment.statics.parts.size() == fragment.slots.size() + 1, "N+1 statics around N slots");
  for (const auto& slot : fragment.slots) {
    if (const auto* branches = std::get_if<live::IfSlot>(&slot.kind)) {
      FUZZ_CHECK(!branches->branches.empty(), "an if has a branch");
      for (const auto& branch : branches->branches) check_fragment(*branch.body);
    } else if (const auto* loop = std::get_if<live::ForSlot>(&slot.kind)) {
      FUZZ_CHECK(loop->variables.size() == 1 || loop->variables.size() == 2, "for binds one or two names");
      check_fragment(*loop->body);
    }
  }
}

constexpr int max_rendered_loop_depth = 5;

int loop_depth(const live::Fragment& fragment) {
  int deepest = 0;
  for (const auto& slot : fragment.slots) {
    if (const auto* branches = std::get_if<live::IfSlot>(&slot.kind)) {
      for (const auto& branch : branches->branches) deepest = std::max(deepest, loop_depth(*branch.body));
    } else if (const auto* loop = std::get_if<live::ForSlot>(&slot.kind)) {
      deepest = std::max(deepest, 1 + loop_depth(*loop->body));
    }
  }
  return deepest;
}

rapidjson::Document assigns(const char* json) {
  rapidjson::Document document;
  document.Parse(json);
  return document;
}

bool is_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
  return !document.HasParseError();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view source(reinterpret_cast<const char*>(data), size);
  std::shared_ptr<const live::CompiledTemplate> compiled;
  try {
    compiled = live::compile_template(source, "fuzz");
  } catch (const live::TemplateError& error) {
    FUZZ_CHECK(error.location().line >= 1 && error.location().column >= 1, "errors point into the source");
    FUZZ_CHECK(!error.message().empty(), "errors say what is wrong");
    return 0;
  }
  check_fragment(compiled->root);
  if (loop_depth(compiled->root) > max_rendered_loop_depth) return 0;

  static const rapidjson::Document first =
      assigns(R"({"n":3,"s":"<b>&'\"","ok":true,"xs":[1,"a",{"k":2}],"d":{"a":1,"b":[2]},"u":{"name":"Ann"}})");
  static const rapidjson::Document second =
      assigns(R"({"n":-1,"s":"","ok":false,"xs":[],"d":{"b":[3],"c":null},"u":null})");
  try {
    live::ViewRenderer renderer(compiled);
    live::JsonEvaluator join_evaluator(first);
    FUZZ_CHECK(is_json(renderer.join(join_evaluator)), "a join render is JSON");
    live::JsonEvaluator update_evaluator(second);
    const std::string diff = renderer.update(update_evaluator, live::changes_between(first, second));
    FUZZ_CHECK(is_json(diff), "a diff is JSON");
    renderer.html(update_evaluator);
  } catch (const std::runtime_error&) {
    // The reference evaluator does not know this expression (documented).
  }
  return 0;
}
