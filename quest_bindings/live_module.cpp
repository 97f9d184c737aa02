// _native/liveview. Classes:
//   LiveTemplate  what lv.template(source, assigns) returns: the compiled template, the
//                 assigns, and the scope of the function that called it (captured here,
//                 so template expressions see that function's locals).
//   LiveRenderer  one view's ViewRenderer (and the client mirror inside it): join(),
//                 update(), html(). A render whose template differs from the last one
//                 starts a renderer for it that keeps the mirror (the diff then carries
//                 the new statics).
// Components: a slot whose value is a Dict {"__live_cid": n, "__live_template": T,
// "__live_changed": [names] | nil} (what liveview.q's live_component returns) is a
// component reference; its template is rendered into `c` in the same message.
#include "live_module.hpp"

#include <openssl/rand.h>

#include <toml++/toml.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <iostream>
#include <memory>
#include <unordered_map>

#include "convert.hpp"
#include "serve_config.hpp"
#include "live_component_source.hpp"
#include "live_evaluator.hpp"
#include "live_limits.hpp"
#include "quest/error.hpp"
#include "quest/native.hpp"
#include "quest/objects.hpp"
#include "quest_live/live/rendered.hpp"
#include "quest_live/live/session_token.hpp"
#include "quest_live/live/template.hpp"
#include "quest_live/live/view_renderer.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;
namespace live = quest_live::live;

namespace {

constexpr const char* kTemplateClass = "LiveTemplate";
constexpr const char* kRendererClass = "LiveRenderer";
constexpr const char* kBudgetClass = "LiveFrameBudget";
// Nested components of one message beyond this are refused (the engine iterates the
// component list while we append to it, so it must never reallocate).
constexpr std::size_t kMaxComponentsPerMessage = 1024;

// Process-wide state of the module: the template cache, the compiled expressions, the
// token signers. Lives as long as the Vm's module factory (the Vm).
struct LiveState {
  live::TemplateCache templates;
  LiveExpressionCache expressions;
  std::string secret;
  std::unique_ptr<live::TokenSigner> session_signer, static_signer;
  // Source as written -> compiled rewritten source (with_lone_inputs_in_forms), so a
  // render does not rescan its template. Bounded like the TemplateCache.
  std::unordered_map<std::string, std::shared_ptr<const live::CompiledTemplate>> by_source;
  std::uint64_t views_issued = 0;  // view_id()

  std::shared_ptr<const live::CompiledTemplate> compile(const std::string& source) {
    if (auto it = by_source.find(source); it != by_source.end()) return it->second;
    if (by_source.size() >= 4096) by_source.clear();
    auto compiled = templates.get(with_lone_inputs_in_forms(source), "template");
    by_source.emplace(source, compiled);
    return compiled;
  }

  void set_secret(std::string value) {
    secret = std::move(value);
    session_signer = std::make_unique<live::TokenSigner>(secret, "live session");
    static_signer = std::make_unique<live::TokenSigner>(secret, "live static");
  }
  // secret_key_base: QUEST_SECRET_KEY_BASE, else [std.web] secret_key_base in the
  // quest.toml found from the working directory up; empty when neither says.
  static std::string configured_secret() {
    if (const char* env = std::getenv("QUEST_SECRET_KEY_BASE"); env && *env) return env;
    try {
      auto config = load_serve_config(std::filesystem::current_path());
      if (config.file.empty()) return {};
      toml::table root = toml::parse_file(config.file.string());
      if (auto value = root["std"]["web"]["secret_key_base"].value<std::string>()) return *value;
    } catch (const std::exception& error) {
      std::cerr << "[liveview] cannot read secret_key_base: " << error.what() << "\n";
    }
    return {};
  }
  live::TokenSigner& signer(const std::string& salt) {
    if (!session_signer) {
      std::string secret_value = configured_secret();
      if (!secret_value.empty()) {
        if (secret_value.size() < 32) quest::throw_error("ConfigurationErr", "secret_key_base must be at least 32 bytes");
        set_secret(secret_value);
      }
    }
    if (!session_signer) {
      std::cerr << "[liveview] warning: no secret_key_base in quest.toml; signing with a key generated for "
                   "this process (tokens die with it)\n";
      unsigned char bytes[48];
      RAND_bytes(bytes, sizeof bytes);
      std::string key;
      static const char* hex = "0123456789abcdef";
      for (unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
      }
      set_secret(key);
    }
    if (salt == "session") return *session_signer;
    if (salt == "static") return *static_signer;
    quest::throw_error("ValueErr", "liveview: unknown token kind '" + salt + "'");
  }
};

class TemplateObject final : public quest::NativeObject {
 public:
  TemplateObject(const quest::NativeClass* cls, std::shared_ptr<const live::CompiledTemplate> compiled,
                 quest::Scope scope, Value assigns)
      : NativeObject(cls), compiled(std::move(compiled)), scope(std::move(scope)), assigns(std::move(assigns)) {}
  void visit_refs(const quest::RefVisitor& visit) const override { visit(assigns); }
  void clear_refs() override { assigns = Value::nil(); }
  std::string to_display() const override { return "<LiveTemplate " + compiled->name + ">"; }

  std::shared_ptr<const live::CompiledTemplate> compiled;
  quest::Scope scope;
  Value assigns;
};

class BudgetObject final : public quest::NativeObject {
 public:
  BudgetObject(const quest::NativeClass* cls, FrameBudget budget) : NativeObject(cls), budget(budget) {}
  FrameBudget budget;
};

class RendererObject final : public quest::NativeObject {
 public:
  explicit RendererObject(const quest::NativeClass* cls) : NativeObject(cls) {}
  std::unique_ptr<live::ViewRenderer> renderer;
  const live::CompiledTemplate* root = nullptr;
};

TemplateObject& template_arg(const Args& a, std::size_t pos, std::string_view fn) {
  return quest::arg_native<TemplateObject>(a, pos, fn, kTemplateClass);
}

std::vector<std::string> str_list(const Value& value, std::string_view fn) {
  std::vector<std::string> out;
  if (value.is_nil()) return out;
  if (!value.is_array()) quest::throw_error("TypeErr", std::string(fn) + ": expected an Array of Str");
  for (const Value& item : value.as_array().items) {
    if (!item.is_str()) quest::throw_error("TypeErr", std::string(fn) + ": expected an Array of Str");
    out.push_back(item.as_str());
  }
  return out;
}

std::vector<std::string> assign_names(const Value& assigns) {
  std::vector<std::string> names;
  if (!assigns.is_dict()) return names;
  for (const auto& entry : assigns.as_dict().entries())
    if (entry.live) names.push_back(entry.key);
  return names;
}

// Everything one message renders: the evaluators (root and components) and the list
// of components met while rendering.
class MessageRender {
 public:
  MessageRender(Vm& vm, LiveState& state) : vm_(vm), state_(state) { components_.reserve(kMaxComponentsPerMessage); }

  QuestEvaluator& evaluator_for(TemplateObject& tpl) {
    return evaluators_.emplace_back(vm_, tpl.scope, tpl.assigns, state_.expressions, tpl.compiled->name,
                                    [this](Vm& vm, const Value& value) { return map(vm, value); });
  }
  std::vector<live::ComponentRender>& components() { return components_; }

 private:
  live::SlotValue map(Vm& vm, const Value& value) {
    if (value.is_dict()) {
      const Value* cid = value.as_dict().find("__live_cid");
      const Value* tpl = value.as_dict().find("__live_template");
      if (cid && cid->is_int() && tpl && tpl->is_native()) {
        auto* object = tpl->native_as<TemplateObject>();
        if (!object) quest::throw_error("TypeErr", "live_component: render must return lv.template(...)");
        const int id = static_cast<int>(cid->as_int());
        for (const auto& seen : components_)
          if (seen.cid == id) return live::SlotValue::component_ref(id);
        if (components_.size() >= kMaxComponentsPerMessage)
          quest::throw_error("RuntimeErr", "liveview: more than 1024 components in one render");
        keep_.push_back(*tpl);
        const Value* changed = value.as_dict().find("__live_changed");
        live::ChangeSet changes = (changed && changed->is_array())
                                      ? live::ChangeSet(str_list(*changed, "live_component"), assign_names(object->assigns))
                                      : live::ChangeSet::everything();
        components_.push_back({id, object->compiled.get(), &evaluator_for(*object), std::move(changes)});
        return live::SlotValue::component_ref(id);
      }
    }
    return live::SlotValue::plain(QuestEvaluator::display(vm, value));
  }

  Vm& vm_;
  LiveState& state_;
  std::deque<QuestEvaluator> evaluators_;  // deque: pointers stay valid as it grows
  std::vector<live::ComponentRender> components_;
  std::vector<Value> keep_;  // component templates alive until the message is encoded
};

// Makes sure `r` renders `tpl`'s template, keeping what the client holds.
live::ViewRenderer& renderer_for(RendererObject& r, TemplateObject& tpl) {
  if (!r.renderer || r.root != tpl.compiled.get()) {
    auto fresh = std::make_unique<live::ViewRenderer>(tpl.compiled);
    if (r.renderer) fresh->mirror() = std::move(r.renderer->mirror());
    r.renderer = std::move(fresh);
    r.root = tpl.compiled.get();
  }
  return *r.renderer;
}

// events: an Array of [name, payload] pairs -> push events of the message.
live::MessageExtras extras_from(Vm& vm, const Value& events, const Value& title) {
  live::MessageExtras extras;
  if (events.is_array()) {
    for (const Value& event : events.as_array().items) {
      if (!event.is_array() || event.as_array().items.size() != 2 || !event.as_array().items[0].is_str())
        quest::throw_error("TypeErr", "push_event: expected [name, payload]");
      extras.events.push_back({event.as_array().items[0].as_str(), to_json(vm, event.as_array().items[1]), false});
    }
  }
  if (title.is_str()) extras.title = title.as_str();
  return extras;
}

void register_classes(Vm& vm, const std::shared_ptr<LiveState>& state) {
  vm.define_class(kTemplateClass, "A compiled LiveView template with its assigns (std/web/liveview)");
  vm.define_class(kRendererClass, "One LiveView's render state and client mirror (std/web/liveview)");
  vm.define_class(kBudgetClass, "One LiveView socket's frame rate budget (std/web/liveview)");
  // budget.take() -> 0 within the rate, 1 over the soft limit (answer with an error),
  // 2 over the hard limit (close the socket).
  vm.register_method(kBudgetClass, "take", [](Vm&, const Args& a) {
    auto& b = quest::self_native<BudgetObject>(a, "take", kBudgetClass);
    return Value::integer(static_cast<std::int64_t>(b.budget.take(std::chrono::steady_clock::now())));
  }, 0, 0);
  vm.register_method(kTemplateClass, "assigns", [](Vm&, const Args& a) {
    return quest::self_native<TemplateObject>(a, "assigns", kTemplateClass).assigns;
  }, 0, 0);
  // renderer.join(tpl, events = nil, title = nil) -> the join's `rendered` JSON text.
  vm.register_method(kRendererClass, "join", [state](Vm& vm, const Args& a) {
    auto& r = quest::self_native<RendererObject>(a, "join", kRendererClass);
    auto& tpl = template_arg(a, 1, "join");
    MessageRender message(vm, *state);
    auto& root = message.evaluator_for(tpl);
    return quest::make_str(renderer_for(r, tpl).join(root, message.components(), extras_from(vm, a[1], a[2])));
  }, 1, 3);
  // renderer.update(tpl, changed_names, events = nil, title = nil) -> the diff JSON ("{}").
  vm.register_method(kRendererClass, "update", [state](Vm& vm, const Args& a) {
    auto& r = quest::self_native<RendererObject>(a, "update", kRendererClass);
    auto& tpl = template_arg(a, 1, "update");
    live::ChangeSet changes = a[1].is_nil() ? live::ChangeSet::everything()
                                            : live::ChangeSet(str_list(a[1], "update"), assign_names(tpl.assigns));
    MessageRender message(vm, *state);
    auto& root = message.evaluator_for(tpl);
    live::ViewRenderer& renderer = renderer_for(r, tpl);
    try {
      return quest::make_str(renderer.update(root, changes, message.components(), extras_from(vm, a[2], a[3])));
    } catch (const std::logic_error& error) {
      // The mirror no longer fits (a bug, or a template swap it cannot express): resend all.
      return quest::make_str(renderer.join(root, message.components(), extras_from(vm, a[2], a[3])));
    }
  }, 2, 4);
  // renderer.html(tpl) -> the full HTML of the current state (dead render; mirror untouched).
  vm.register_method(kRendererClass, "html", [state](Vm& vm, const Args& a) {
    auto& r = quest::self_native<RendererObject>(a, "html", kRendererClass);
    auto& tpl = template_arg(a, 1, "html");
    MessageRender message(vm, *state);
    auto& root = message.evaluator_for(tpl);
    return quest::make_str(renderer_for(r, tpl).html(root, message.components()));
  }, 1, 1);
}

void build_module(Vm& vm, quest::ModuleBuilder& module, const std::shared_ptr<LiveState>& state) {
  module.doc("Native half of std/web/liveview (use std/web/liveview instead)");
  // template(source, assigns): compiled once by content; captures the CALLER's scope, so
  // liveview.q exports this function itself (a wrapper would capture the wrapper).
  module.function("template", [state](Vm& vm, const Args& a) {
    const std::string& source = quest::arg_str(a, 1, "template");
    const Value& assigns = a[1];
    if (!assigns.is_dict()) quest::throw_error("TypeErr", "template: assigns must be a Dict");
    std::shared_ptr<const live::CompiledTemplate> compiled;
    try {
      compiled = state->compile(source);
    } catch (const live::TemplateError& error) {
      quest::throw_error("SyntaxErr", error.what());
    }
    quest::Scope scope = vm.capture_caller_scope();
    return Value(quest::make_ref<TemplateObject>(vm.native_class(kTemplateClass), std::move(compiled),
                                                 std::move(scope), assigns));
  }, 2, 2);
  // component_template(tpl, cid): the same template with phx-target injected
  // (live_component_source.hpp) and its assigns plus __live_myself = cid.
  module.function("component_template", [state](Vm& vm, const Args& a) {
    auto& tpl = template_arg(a, 1, "component_template");
    const std::int64_t cid = quest::arg_int(a, 2, "component_template");
    auto compiled = state->templates.get(with_component_targets(tpl.compiled->source), "component template");
    Value assigns = quest::make_dict();
    for (const auto& entry : tpl.assigns.as_dict().entries())
      if (entry.live) assigns.as_dict().set(entry.key, entry.value);
    assigns.as_dict().set(kMyselfAssign, Value::integer(cid));
    return Value(quest::make_ref<TemplateObject>(vm.native_class(kTemplateClass), std::move(compiled), tpl.scope,
                                                 std::move(assigns)));
  }, 2, 2);
  // frame_budget(rate, burst, hard_rate, hard_burst): one socket's FrameBudget.
  module.function("frame_budget", [](Vm& vm, const Args& a) {
    FrameBudget budget(quest::arg_float(a, 1, "frame_budget"), quest::arg_float(a, 2, "frame_budget"),
                       quest::arg_float(a, 3, "frame_budget"), quest::arg_float(a, 4, "frame_budget"));
    return Value(quest::make_ref<BudgetObject>(vm.native_class(kBudgetClass), budget));
  }, 4, 4);
  // limits_toml() -> the keys [std.web.liveview] of quest.toml sets (from the working
  // directory up); a bad file or key is a ConfigurationErr naming them.
  module.function("limits_toml", [](Vm&, const Args&) {
    LiveLimitsToml limits;
    try {
      limits = load_live_limits(std::filesystem::current_path());
    } catch (const std::invalid_argument& error) {
      quest::throw_error("ConfigurationErr", error.what());
    }
    Value out = quest::make_dict();
    auto put_number = [&](const char* key, const std::optional<double>& v) {
      if (!v) return;
      // Whole numbers as Int, so limits print as written ("5", not "5.0").
      const bool whole = *v == static_cast<double>(static_cast<std::int64_t>(*v));
      out.as_dict().set(key, whole ? Value::integer(static_cast<std::int64_t>(*v)) : Value::number(*v));
    };
    put_number("rate_limit", limits.rate_limit);
    put_number("rate_burst", limits.rate_burst);
    put_number("hard_rate_limit", limits.hard_rate_limit);
    put_number("hard_rate_burst", limits.hard_rate_burst);
    if (limits.max_event_bytes) out.as_dict().set("max_event_bytes", Value::integer(*limits.max_event_bytes));
    if (limits.max_frame_bytes) out.as_dict().set("max_frame_bytes", Value::integer(*limits.max_frame_bytes));
    if (limits.token_max_age) out.as_dict().set("token_max_age", Value::integer(*limits.token_max_age));
    return out;
  }, 0, 0);
  module.function("renderer", [](Vm& vm, const Args&) {
    return Value(quest::make_ref<RendererObject>(vm.native_class(kRendererClass)));
  }, 0, 0);
  module.function("is_template", [](Vm&, const Args& a) {
    return Value::boolean(a[0].is_native() && a[0].native_as<TemplateObject>() != nullptr);
  }, 1, 1);
  module.function("set_secret", [state](Vm&, const Args& a) {
    const std::string& secret = quest::arg_str(a, 1, "set_secret");
    if (secret.size() < 32) quest::throw_error("ValueErr", "secret_key_base must be at least 32 bytes");
    state->set_secret(secret);
    return Value::nil();
  }, 1, 1);
  // sign(kind, payload) with kind "session" or "static".
  module.function("sign", [state](Vm&, const Args& a) {
    return quest::make_str(state->signer(quest::arg_str(a, 1, "sign")).sign(quest::arg_str(a, 2, "sign")));
  }, 2, 2);
  // verify(kind, token, max_age_seconds) -> [payload, nil] or [nil, "malformed"|"bad_signature"|"expired"].
  module.function("verify", [state](Vm&, const Args& a) {
    auto& signer = state->signer(quest::arg_str(a, 1, "verify"));
    const std::string& token = quest::arg_str(a, 2, "verify");
    auto verified = signer.verify(token, std::chrono::seconds(quest::arg_int(a, 3, "verify")));
    if (verified.ok()) return quest::make_array({quest::make_str(*verified.payload), Value::nil()});
    return quest::make_array({Value::nil(), quest::make_str(live::to_string(*verified.error))});
  }, 3, 3);
  // random_token(bytes) -> url-safe base64 text (view ids, CSRF tokens).
  module.function("random_token", [](Vm&, const Args& a) {
    const std::int64_t n = quest::arg_int(a, 1, "random_token");
    if (n < 1 || n > 64) quest::throw_error("ValueErr", "random_token: 1..64 bytes");
    unsigned char bytes[64];
    RAND_bytes(bytes, static_cast<int>(n));
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    for (int i = 0; i < n; ++i) out += alphabet[bytes[i] & 63];
    return quest::make_str(out);
  }, 1, 1);
  // view_id() -> "lv" + a base-36 counter of this process: the page's container id and,
  // as "lv:<id>", the topic in every frame of that view, so its length is paid on every
  // reply. Unique within a process; a page rejoining after a restart may share its id
  // with a page of the new process, which is harmless: topics are per socket, and the
  // join is authorized by the signed session, never by the id.
  module.function("view_id", [state](Vm&, const Args&) {
    std::uint64_t n = ++state->views_issued;
    std::string digits;
    do {
      digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
      n /= 36;
    } while (n > 0);
    return quest::make_str("lv" + digits);
  }, 0, 0);
  // Where the build put the bundled official clients (app.js).
  module.function("assets_dir", [](Vm&, const Args&) {
    const char* env = std::getenv("QUEST_LIVE_ASSETS");
    return quest::make_str(env && *env ? env : QUEST_LIVE_ASSETS_DIR);
  }, 0, 0);
  // decode_form("a=1&b=x+y") -> {"a": "1", "b": "x y"} (convert.hpp's rules).
  module.function("decode_form", [](Vm&, const Args& a) { return form_dict(quest::arg_str(a, 1, "decode_form")); }, 1, 1);
  module.function("content_hash", [](Vm&, const Args& a) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(live::hash_bytes(quest::arg_str(a, 1, "content_hash"))));
    return quest::make_str(hex);
  }, 1, 1);
  module.function("template_count", [state](Vm&, const Args&) {
    return Value::integer(static_cast<std::int64_t>(state->templates.size()));
  }, 0, 0);
  module.function("expression_count", [state](Vm&, const Args&) {
    return Value::integer(static_cast<std::int64_t>(state->expressions.size()));
  }, 0, 0);
}

}  // namespace

void install_live_module(Vm& vm) {
  auto state = std::make_shared<LiveState>();
  register_classes(vm, state);
  vm.register_native_module("_native/liveview",
                            [state](Vm& vm, quest::ModuleBuilder& module) { build_module(vm, module, state); });
}

}  // namespace quest_bindings
