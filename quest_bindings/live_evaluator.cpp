#include "live_evaluator.hpp"

#include <span>

#include "quest/error.hpp"
#include "quest/objects.hpp"
#include "quest_live/live/rendered.hpp"

namespace quest_bindings {

using quest::Value;
namespace live = quest_live::live;

quest::Expression* LiveExpressionCache::find(const live::Expression* expression, const std::string& key) {
  auto it = entries_.find({expression, key});
  return it == entries_.end() ? nullptr : &it->second;
}

quest::Expression& LiveExpressionCache::store(const live::Expression* expression, const std::string& key,
                                              quest::Expression compiled) {
  auto [it, inserted] = entries_.insert_or_assign({expression, key}, std::move(compiled));
  return it->second;
}

void LiveExpressionCache::forget(const live::Expression* expression, const std::string& key) {
  entries_.erase({expression, key});
}

QuestEvaluator::QuestEvaluator(quest::Vm& vm, const quest::Scope& scope, const Value& assigns,
                               LiveExpressionCache& cache, std::string template_name, SlotValueMapper mapper)
    : vm_(vm), scope_(scope), assigns_(assigns), cache_(cache), template_name_(std::move(template_name)),
      mapper_(std::move(mapper)) {}

std::string QuestEvaluator::display(quest::Vm& vm, const Value& value) {
  if (value.is_nil()) return {};
  if (value.is_str()) return value.as_str();
  return vm.to_str(value);
}

const Value* QuestEvaluator::bound(const std::string& name) const {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
    if (it->first == name) return &it->second;
  if (assigns_.is_dict()) return assigns_.as_dict().find(name);
  return nullptr;
}

void QuestEvaluator::rethrow(const live::Expression& expression, const quest::QuestError& error) const {
  throw quest::QuestError(error.type(), template_name_ + ":" + std::to_string(expression.location.line) + ":" +
                                            std::to_string(expression.location.column) + ": " + error.message() +
                                            " (in <%= " + expression.source + " %>)");
}

Value QuestEvaluator::evaluate(const live::Expression& expression) {
  // Parameters: the names this expression reads that a loop or the assigns bind now.
  std::vector<std::string> parameters;
  std::vector<Value> arguments;
  std::string key;
  for (const std::string& name : expression.dependencies.names) {
    if (const Value* value = bound(name)) {
      parameters.push_back(name);
      arguments.push_back(*value);
      key += name;
      key += ',';
    }
  }
  // Two attempts: a cached expression compiled for another function's scope (the same
  // template rendered from two functions) is compiled again for this one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    quest::Expression* compiled = cache_.find(&expression, key);
    try {
      if (!compiled) {
        quest::ExpressionOptions options;
        options.dict_dot_access = true;
        options.ternary = true;
        options.file = template_name_;
        compiled = &cache_.store(&expression, key,
                                 quest::Expression::compile(vm_, expression.source, parameters, scope_, options));
        attempt = 1;  // a fresh compile is not retried
      }
      return compiled->evaluate(scope_, std::span<const Value>(arguments));
    } catch (const quest::QuestError& error) {
      const bool wrong_scope = error.type() == "ValueErr" &&
                               error.message().find("evaluate needs a scope of the function") != std::string::npos;
      if (wrong_scope && attempt == 0) {
        cache_.forget(&expression, key);
        continue;
      }
      rethrow(expression, error);
    }
  }
  return Value::nil();
}

live::SlotValue QuestEvaluator::value(const live::Expression& expression) {
  Value result = evaluate(expression);
  if (mapper_) return mapper_(vm_, result);
  return live::SlotValue::plain(display(vm_, result));
}

bool QuestEvaluator::truthy(const live::Expression& condition) { return vm_.truthy(evaluate(condition)); }

void QuestEvaluator::for_each(const live::Expression& collection, const std::vector<std::string>& variables,
                              const ItemVisitor& visit) {
  Value items = evaluate(collection);
  const std::size_t depth = locals_.size();
  const auto bind = [&](std::initializer_list<Value> values) {
    locals_.resize(depth);
    std::size_t i = 0;
    for (const Value& value : values) {
      if (i < variables.size()) locals_.emplace_back(variables[i], value);
      ++i;
    }
  };
  try {
    if (items.is_array()) {
      // Copy: the body may not resize the array we iterate.
      std::vector<Value> snapshot = items.as_array().items;
      for (const Value& item : snapshot) {
        if (variables.size() == 2) {
          quest::throw_error("TypeErr", "for " + variables[0] + ", " + variables[1] + " needs a Dict, got an Array");
        }
        bind({item});
        visit(live::hash_bytes(vm_.repr(item)));
      }
    } else if (items.is_dict()) {
      std::vector<std::pair<std::string, Value>> snapshot;
      for (const auto& entry : items.as_dict().entries())
        if (entry.live) snapshot.emplace_back(entry.key, entry.value);
      for (const auto& [key, value] : snapshot) {
        if (variables.size() == 2) {
          bind({quest::make_str(key), value});
        } else {
          bind({quest::make_str(key)});
        }
        visit(live::hash_bytes(key + '\x1f' + vm_.repr(value)));
      }
    } else if (!items.is_nil()) {
      quest::throw_error("TypeErr", "a template loop needs an Array or a Dict, got " + quest::type_name_of(items));
    }
  } catch (const quest::QuestError& error) {
    locals_.resize(depth);
    if (error.message().rfind(template_name_ + ":", 0) == 0) throw;
    rethrow(collection, error);
  } catch (...) {
    locals_.resize(depth);
    throw;
  }
  locals_.resize(depth);
}

}  // namespace quest_bindings
