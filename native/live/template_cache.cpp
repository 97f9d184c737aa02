#include <mutex>
#include <unordered_map>

#include "quest_live/live/template.hpp"

namespace quest_live::live {

struct TemplateCache::State {
  std::size_t max_entries;
  mutable std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<const CompiledTemplate>> by_source;
};

TemplateCache::TemplateCache(std::size_t max_entries) : state_(std::make_unique<State>()) {
  state_->max_entries = max_entries == 0 ? 1 : max_entries;
}

TemplateCache::~TemplateCache() = default;

std::shared_ptr<const CompiledTemplate> TemplateCache::get(std::string_view source,
                                                           std::string_view name) {
  {
    std::lock_guard lock(state_->mutex);
    auto found = state_->by_source.find(std::string(source));
    if (found != state_->by_source.end()) return found->second;
  }
  // Compile outside the lock: a slow compile must not stall other sockets. Two threads
  // compiling the same source at once both succeed; the first insert wins.
  std::shared_ptr<const CompiledTemplate> compiled = compile_template(source, name);
  std::lock_guard lock(state_->mutex);
  if (state_->by_source.size() >= state_->max_entries) state_->by_source.clear();
  return state_->by_source.emplace(std::string(source), std::move(compiled)).first->second;
}

std::size_t TemplateCache::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->by_source.size();
}

}  // namespace quest_live::live
