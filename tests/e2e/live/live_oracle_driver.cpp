// Prints, for every oracle scenario step, our wire message (join render or diff) and our
// full server render of the same state, one JSON object per line:
//   {"scenario":..., "step":n, "kind":"join"|"diff", "message":{...},
//    "html":"...", "title":..., "events":[...]}
// rendered_oracle.test.js feeds the messages to the official client and compares.
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <iostream>
#include <memory>

#include "oracle_scenarios.hpp"
#include "quest_live/live/json_evaluator.hpp"
#include "quest_live/live/view_renderer.hpp"

using namespace quest_live::live;

namespace {

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  if (document.HasParseError() || !document.IsObject()) throw std::runtime_error("scenario JSON: " + text);
  return document;
}

struct ComponentState {
  std::shared_ptr<const CompiledTemplate> compiled;
  rapidjson::Document assigns;
  std::unique_ptr<JsonEvaluator> evaluator;
};

MessageExtras extras_of(const live_oracle::Step& step) {
  MessageExtras extras;
  extras.title = step.title;
  for (const auto& [name, payload] : step.events) extras.events.push_back(PushEvent{name, payload, false});
  return extras;
}

void print_line(const std::string& scenario, std::size_t index, const std::string& message,
                const std::string& html, const live_oracle::Step& step) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("scenario");
  writer.String(scenario.c_str());
  writer.Key("step");
  writer.Uint64(index);
  writer.Key("kind");
  writer.String(index == 0 ? "join" : "diff");
  writer.Key("message");
  writer.RawValue(message.c_str(), message.size(), rapidjson::kObjectType);
  writer.Key("html");
  writer.String(html.c_str(), static_cast<rapidjson::SizeType>(html.size()));
  if (step.title) {
    writer.Key("title");
    writer.String(step.title->c_str());
  }
  writer.Key("events");
  writer.StartArray();
  for (const auto& [name, payload] : step.events) {
    writer.StartArray();
    writer.String(name.c_str());
    writer.RawValue(payload.c_str(), payload.size(), rapidjson::kObjectType);
    writer.EndArray();
  }
  writer.EndArray();
  writer.EndObject();
  std::cout << buffer.GetString() << "\n";
}

void run(const live_oracle::Scenario& scenario) {
  ViewRenderer view(compile_template(scenario.root_template, scenario.name));
  std::map<int, ComponentState> components;
  for (const auto& [cid, source] : scenario.component_templates) {
    components[cid].compiled = compile_template(source, scenario.name + "#" + std::to_string(cid));
  }
  rapidjson::Document assigns;
  for (std::size_t index = 0; index < scenario.steps.size(); ++index) {
    const live_oracle::Step& step = scenario.steps[index];
    rapidjson::Document next = parse(step.assigns);
    const ChangeSet root_changes = index == 0 ? ChangeSet::everything() : changes_between(assigns, next);
    assigns.Swap(next);
    JsonEvaluator root(assigns);

    std::vector<ComponentRender> renders;
    for (auto& [cid, state] : components) {
      rapidjson::Document component_next = parse(step.component_assigns.at(cid));
      ChangeSet changes = index == 0 ? ChangeSet::everything() : changes_between(state.assigns, component_next);
      state.assigns.Swap(component_next);
      state.evaluator = std::make_unique<JsonEvaluator>(state.assigns);
      renders.push_back(ComponentRender{cid, state.compiled.get(), state.evaluator.get(), std::move(changes)});
    }
    const std::string message = index == 0 ? view.join(root, renders, extras_of(step))
                                            : view.update(root, root_changes, renders, extras_of(step));
    print_line(scenario.name, index, message, view.html(root, renders), step);
  }
}

}  // namespace

int main() {
  try {
    for (const auto& scenario : live_oracle::all_scenarios()) run(scenario);
  } catch (const std::exception& error) {
    std::cerr << "live_oracle_driver: " << error.what() << "\n";
    return 1;
  }
  return 0;
}
