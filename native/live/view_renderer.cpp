#include "quest_live/live/view_renderer.hpp"

#include "quest_live/live/html.hpp"
#include "quest_live/live/renderer.hpp"

namespace quest_live::live {

ViewRenderer::ViewRenderer(std::shared_ptr<const CompiledTemplate> root_template)
    : root_template_(std::move(root_template)) {}

RenderedView ViewRenderer::with_extras(MessageExtras extras) {
  RenderedView view;
  view.title = std::move(extras.title);
  view.events = std::move(extras.events);
  view.reply_json = std::move(extras.reply_json);
  return view;
}

std::string ViewRenderer::join(ExpressionEvaluator& evaluator, const std::vector<ComponentRender>& components,
                               MessageExtras extras) {
  RenderedView view = with_extras(std::move(extras));
  view.root = render_full(*root_template_, evaluator);
  for (const auto& component : components) {
    view.components[component.cid] = render_full(*component.compiled, *component.evaluator);
  }
  return encode_full(view, mirror_);
}

std::string ViewRenderer::update(ExpressionEvaluator& evaluator, const ChangeSet& root_changes,
                                 const std::vector<ComponentRender>& components, MessageExtras extras) {
  if (!mirror_.joined()) return join(evaluator, components, std::move(extras));
  RenderedView view = with_extras(std::move(extras));
  view.root = render_changes(*root_template_, evaluator, root_changes, *mirror_.root);
  const bool root_replaced = view.root->statics->fingerprint != mirror_.root->fingerprint;
  for (const auto& component : components) {
    auto held = mirror_.components.find(component.cid);
    const bool client_holds = !root_replaced && held != mirror_.components.end();
    view.components[component.cid] =
        client_holds ? render_changes(*component.compiled, *component.evaluator, component.changes, held->second)
                     : render_full(*component.compiled, *component.evaluator);
  }
  return encode_diff(view, mirror_);
}

std::string ViewRenderer::html(ExpressionEvaluator& evaluator, const std::vector<ComponentRender>& components) const {
  auto root = render_full(*root_template_, evaluator);
  std::map<int, std::unique_ptr<RenderedNode>> rendered_components;
  for (const auto& component : components) {
    rendered_components[component.cid] = render_full(*component.compiled, *component.evaluator);
  }
  return to_html(*root, rendered_components);
}

}  // namespace quest_live::live
