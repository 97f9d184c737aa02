// Test helpers: a view over JSON assigns that can be joined and stepped, and JSON parsing.
#pragma once

#include <rapidjson/document.h>

#include <stdexcept>
#include <string>

#include "quest_live/live/json_evaluator.hpp"
#include "quest_live/live/view_renderer.hpp"

namespace live_test {

using namespace quest_live::live;

inline rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  if (document.HasParseError()) throw std::runtime_error("bad JSON in test: " + text);
  return document;
}

// A root view whose assigns are replaced wholesale at each step; the change set is
// computed from the two snapshots, as socket.assign() would have recorded it.
class JsonView {
 public:
  explicit JsonView(const std::string& source)
      : compiled_(compile_template(source, "test")), renderer_(compiled_) {}

  std::string join(const std::string& assigns) {
    assigns_ = parse_json(assigns);
    JsonEvaluator evaluator(assigns_);
    return renderer_.join(evaluator);
  }

  std::string step(const std::string& assigns) {
    rapidjson::Document next = parse_json(assigns);
    const ChangeSet changes = changes_between(assigns_, next);
    assigns_.Swap(next);
    JsonEvaluator evaluator(assigns_);
    return renderer_.update(evaluator, changes);
  }

  std::string html() {
    JsonEvaluator evaluator(assigns_);
    return renderer_.html(evaluator);
  }

  const CompiledTemplate& compiled() const { return *compiled_; }

 private:
  std::shared_ptr<const CompiledTemplate> compiled_;
  ViewRenderer renderer_;
  rapidjson::Document assigns_;
};

}  // namespace live_test
