// The tree-walking renderer. Variables resolve through the frames of `set` and `for`
// (innermost first), then the context Dict. Blocks resolve through the inheritance
// chain, child first; `super()` renders the next definition up the chain.
#include "html_templates_render.hpp"

#include <cctype>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "html_templates_filters.hpp"
#include "str_text.hpp"

namespace quest::templates {

namespace {

constexpr std::size_t kMaxNesting = 64;             // include / extends depth
constexpr std::int64_t kMaxRangeLength = 1000000;  // range() items

enum class Flow { Normal, Break, Continue };

struct LoopState {
  std::int64_t index0 = 0;
  std::int64_t length = 0;
};

class Renderer {
 public:
  Renderer(Vm& vm, const RenderRequest& request) : vm_(vm), request_(request) {}

  std::string run() {
    frames_.emplace_back();
    render_with_chain(request_.root);
    return std::move(out_);
  }

 private:
  using Frame = std::vector<std::pair<std::string, Value>>;
  struct BlockLevel {
    const std::string* name;
    std::size_t level;  // index in chain_ of the definition being rendered
  };

  Vm& vm_;
  const RenderRequest& request_;
  std::string out_;
  std::vector<Frame> frames_;
  std::vector<const LoopState*> loops_;
  std::vector<const Template*> chain_;  // the template being rendered, then its ancestors
  std::vector<std::shared_ptr<const Template>> keep_alive_;
  std::vector<BlockLevel> blocks_;
  const Template* current_ = nullptr;  // whose nodes are being rendered (for errors)
  std::size_t nesting_ = 0;

  [[noreturn]] void fail(const std::string& message, Position where) const {
    TemplateError error(message, where);
    if (current_) error.set_template_name(current_->name);
    throw error;
  }

  // Saves and restores the template whose nodes are being rendered.
  struct CurrentTemplate {
    Renderer& r;
    const Template* saved;
    CurrentTemplate(Renderer& renderer, const Template* t) : r(renderer), saved(renderer.current_) { r.current_ = t; }
    ~CurrentTemplate() { r.current_ = saved; }
  };

  std::shared_ptr<const Template> find_template(const std::string& name) const {
    return request_.lookup ? request_.lookup(name) : nullptr;
  }

  // Renders `t`: the body of its root-most ancestor, with blocks taken child first.
  void render_with_chain(const Template& t) {
    if (++nesting_ > kMaxNesting) fail("templates nest deeper than 64 (an include or extends loop?)", Position{});
    std::vector<const Template*> saved = std::move(chain_);
    chain_.assign(1, &t);
    while (!chain_.back()->parent.empty()) {
      const Template& child = *chain_.back();
      std::shared_ptr<const Template> parent = find_template(child.parent);
      CurrentTemplate here(*this, &child);
      if (!parent) fail("Template '" + child.parent + "' not found (extended by '" + child.name + "')", Position{});
      if (chain_.size() >= kMaxNesting) fail("extends chain deeper than 64 (a loop?)", Position{});
      keep_alive_.push_back(parent);
      chain_.push_back(parent.get());
    }
    {
      CurrentTemplate here(*this, chain_.back());
      render_body(chain_.back()->body);
    }
    chain_ = std::move(saved);
    --nesting_;
  }

  Flow render_body(const Body& body) {
    for (const NodePtr& node : body) {
      const Flow flow = render_node(*node);
      if (flow != Flow::Normal) return flow;
    }
    return Flow::Normal;
  }

  Flow render_node(const Node& n) {
    switch (n.kind) {
      case Node::Kind::Text: out_ += n.text; return Flow::Normal;
      case Node::Kind::Output: write_output(*n.expr); return Flow::Normal;
      case Node::Kind::If:
        for (const Branch& branch : n.branches)
          if (!branch.condition || condition(*branch.condition)) return render_body(branch.body);
        return Flow::Normal;
      case Node::Kind::For: return render_for(n);
      case Node::Kind::Block: render_block(n.text, 0); return Flow::Normal;
      case Node::Kind::Include: render_include(n); return Flow::Normal;
      case Node::Kind::Set: assign(n); return Flow::Normal;
      case Node::Kind::Break: return Flow::Break;
      case Node::Kind::Continue: return Flow::Continue;
    }
    return Flow::Normal;
  }

  void write_output(const Expr& e) {
    const Value v = eval(e);
    const bool already_html = (e.kind == Expr::Kind::Filter && filter_marks_safe(e.name)) ||
                              (e.kind == Expr::Kind::Call && e.name == "super");
    if (!request_.autoescape || already_html) {
      out_ += display_text(vm_, v);
    } else {
      append_escaped_html(out_, display_text(vm_, v));
    }
  }

  // The first definition of block `name` at or above `from` in the chain.
  void render_block(const std::string& name, std::size_t from) {
    for (std::size_t level = from; level < chain_.size(); ++level) {
      auto it = chain_[level]->blocks.find(name);
      if (it == chain_[level]->blocks.end() || !it->second) continue;
      blocks_.push_back(BlockLevel{&it->first, level});
      CurrentTemplate here(*this, chain_[level]);
      render_body(it->second->body);
      blocks_.pop_back();
      return;
    }
  }

  void render_include(const Node& n) {
    std::shared_ptr<const Template> included = find_template(n.text);
    if (!included) {
      if (n.flag) return;
      fail("Template '" + n.text + "' not found (included from '" + current_->name + "')", n.where);
    }
    keep_alive_.push_back(included);
    std::vector<BlockLevel> saved_blocks = std::move(blocks_);
    blocks_.clear();
    render_with_chain(*included);
    blocks_ = std::move(saved_blocks);
  }

  void assign(const Node& n) {
    Value v = eval(*n.expr);
    Frame& frame = n.flag ? frames_.front() : frames_.back();
    for (auto& [name, value] : frame) {
      if (name == n.text) {
        value = std::move(v);
        return;
      }
    }
    frame.emplace_back(n.text, std::move(v));
  }

  // ---- for ----

  Flow render_for(const Node& n) {
    const Value iterable = eval(*n.expr);
    std::vector<std::pair<Value, Value>> items;  // (key, value); key is nil for Arrays
    collect_items(n, iterable, items);
    if (items.empty()) {
      render_body(n.else_body);
      return Flow::Normal;
    }
    LoopState state;
    state.length = static_cast<std::int64_t>(items.size());
    frames_.emplace_back();
    loops_.push_back(&state);
    for (auto& [key, value] : items) {
      Frame& frame = frames_.back();
      frame.clear();
      if (!n.key_name.empty()) frame.emplace_back(n.key_name, key);
      frame.emplace_back(n.text, value);
      const Flow flow = render_body(n.body);
      ++state.index0;
      if (flow == Flow::Break) break;
    }
    loops_.pop_back();
    frames_.pop_back();
    return Flow::Normal;
  }

  void collect_items(const Node& n, const Value& iterable, std::vector<std::pair<Value, Value>>& items) {
    const bool pairs = !n.key_name.empty();
    if (iterable.is_array()) {
      if (pairs) fail("cannot iterate over an Array with two loop variables", n.where);
      for (const Value& v : iterable.as_array().items) items.emplace_back(Value(), v);
    } else if (iterable.is_dict()) {
      iterable.as_dict().for_each([&](const std::string& key, const Value& v) {
        items.emplace_back(make_str(key), pairs ? v : make_str(key));
      });
    } else if (iterable.is_str() && !pairs) {
      for (std::string& ch : text::split_chars(iterable.as_str())) items.emplace_back(Value(), make_str(std::move(ch)));
    } else {
      fail("cannot iterate over " + type_name_of(iterable) + " in a for loop", n.expr->where);
    }
  }

  Value loop_member(const std::string& name, Position where) const {
    const LoopState& s = *loops_.back();
    if (name == "index") return Value::integer(s.index0 + 1);
    if (name == "index0") return Value::integer(s.index0);
    if (name == "first") return Value::boolean(s.index0 == 0);
    if (name == "last") return Value::boolean(s.index0 + 1 == s.length);
    if (name == "length") return Value::integer(s.length);
    if (name == "revindex") return Value::integer(s.length - s.index0);
    if (name == "revindex0") return Value::integer(s.length - s.index0 - 1);
    fail("loop has no attribute '" + name + "'", where);
  }

  // ---- expressions ----

  static std::string path_of(const Expr& e) {
    if (e.kind == Expr::Kind::Variable) return e.name;
    if (e.kind == Expr::Kind::Attribute) return path_of(*e.operands[0]) + "." + e.name;
    if (e.kind == Expr::Kind::Index) return path_of(*e.operands[0]) + "[...]";
    return "(expression)";
  }

  bool find_variable(const std::string& name, Value& out) const {
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame)
      for (const auto& [var, value] : *frame)
        if (var == name) return (out = value, true);
    if (const Value* v = request_.context.find(name)) return (out = *v, true);
    return false;
  }

  bool loop_visible() const {
    Value ignored;
    return !loops_.empty() && !find_variable("loop", ignored);
  }

  // `base.name` / `base[key]`: Dict keys, Array indexes. False when missing.
  static bool member(const Value& base, const Value& key, Value& out) {
    if (base.is_dict() && key.is_str()) {
      const Value* v = base.as_dict().find(key.as_str());
      return v ? (out = *v, true) : false;
    }
    if (base.is_array() && key.is_int()) {
      const auto& items = base.as_array().items;
      std::int64_t i = key.as_int();
      if (i < 0) i += static_cast<std::int64_t>(items.size());
      if (i < 0 || i >= static_cast<std::int64_t>(items.size())) return false;
      return (out = items[static_cast<std::size_t>(i)], true);
    }
    return false;
  }

  // Variable / attribute / index lookups; `lenient` turns "not found" into undefined
  // (if conditions, `default`, `is defined`) instead of an error.
  Value lookup(const Expr& e, bool lenient) {
    Value out;
    if (e.kind == Expr::Kind::Variable) {
      if (find_variable(e.name, out)) return out;
      if (e.name == "loop" && !loops_.empty()) return loop_dict();
      if (lenient) return Value::undefined();
      fail("Variable `" + e.name + "` not found in context", e.where);
    }
    const Expr& base_expr = *e.operands[0];
    if (e.kind == Expr::Kind::Attribute && base_expr.kind == Expr::Kind::Variable && base_expr.name == "loop" &&
        loop_visible())
      return loop_member(e.name, e.where);
    const Value base = is_lookup(base_expr) ? lookup(base_expr, lenient) : eval(base_expr);
    if (base.is_undefined()) return base;
    Value key;
    if (e.kind == Expr::Kind::Attribute) {
      const bool digits = !e.name.empty() && std::isdigit(static_cast<unsigned char>(e.name[0]));
      key = digits ? Value::integer(std::stoll(e.name)) : make_str(e.name);
    } else {
      key = eval(*e.operands[1]);
    }
    if (member(base, key, out)) return out;
    if (lenient) return Value::undefined();
    if (!base.is_dict() && !base.is_array())
      fail("cannot read `" + path_of(e) + "`: " + type_name_of(base) + " has no attributes", e.where);
    fail("Variable `" + path_of(e) + "` not found in context", e.where);
  }

  Value loop_dict() const {
    Value d = make_dict();
    for (const char* name : {"index", "index0", "first", "last", "length"})
      d.as_dict().set(name, loop_member(name, Position{}));
    return d;
  }

  static bool is_lookup(const Expr& e) {
    return e.kind == Expr::Kind::Variable || e.kind == Expr::Kind::Attribute || e.kind == Expr::Kind::Index;
  }

  bool condition(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Not: return !condition(*e.operands[0]);
      case Expr::Kind::And: return condition(*e.operands[0]) && condition(*e.operands[1]);
      case Expr::Kind::Or: return condition(*e.operands[0]) || condition(*e.operands[1]);
      default: return template_truthy(vm_, is_lookup(e) ? lookup(e, true) : eval(e));
    }
  }

  Value eval(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Literal: return e.value;
      case Expr::Kind::Array: {
        std::vector<Value> items;
        for (const ExprPtr& item : e.operands) items.push_back(eval(*item));
        return make_array(std::move(items));
      }
      case Expr::Kind::Variable:
      case Expr::Kind::Attribute:
      case Expr::Kind::Index: return lookup(e, false);
      case Expr::Kind::Not:
      case Expr::Kind::And:
      case Expr::Kind::Or: return Value::boolean(condition(e));
      case Expr::Kind::Negate: {
        const Value v = eval(*e.operands[0]);
        if (v.is_int() && v.as_int() != INT64_MIN) return Value::integer(-v.as_int());
        if (v.is_float()) return Value::number(-v.as_float());
        fail("cannot negate " + type_name_of(v), e.where);
      }
      case Expr::Kind::Binary: return binary(e);
      case Expr::Kind::Filter: return filter(e);
      case Expr::Kind::Test: return Value::boolean(test(e) != e.negated);
      case Expr::Kind::Call: return call(e);
    }
    fail("unknown expression", e.where);
  }

  Value filter(const Expr& e) {
    const Expr& subject = *e.operands[0];
    const Value input = e.name == "default" && is_lookup(subject) ? lookup(subject, true) : eval(subject);
    FilterCall call{vm_, input, {}, e.where, e.name};
    for (const auto& [name, arg] : e.named) call.arguments.emplace_back(name, eval(*arg));
    try {
      return find_filter(e.name)(call);
    } catch (TemplateError& error) {
      if (error.template_name().empty() && current_) error.set_template_name(current_->name);
      throw;
    }
  }

  bool test(const Expr& e) {
    const Expr& subject = *e.operands[0];
    if (e.name == "defined" || e.name == "undefined") {
      const bool defined = !(is_lookup(subject) ? lookup(subject, true) : eval(subject)).is_undefined();
      return e.name == "defined" ? defined : !defined;
    }
    const Value v = eval(subject);
    auto argument = [&]() -> Value {
      if (e.operands.size() < 2) fail("test '" + e.name + "' needs an argument", e.where);
      return eval(*e.operands[1]);
    };
    if (e.name == "odd" || e.name == "even") {
      if (!v.is_int()) fail("test '" + e.name + "' needs an Int, got " + type_name_of(v), e.where);
      return (v.as_int() % 2 != 0) == (e.name == "odd");
    }
    if (e.name == "number") return v.is_number();
    if (e.name == "string") return v.is_str();
    if (e.name == "iterable") return v.is_array() || v.is_dict() || v.is_str();
    if (e.name == "object") return v.is_dict();
    if (e.name == "none" || e.name == "nil") return v.is_nil();
    if (e.name == "divisibleby") {
      const Value d = argument();
      if (!v.is_int() || !d.is_int() || d.as_int() == 0) fail("test 'divisibleby' needs Ints and a non-zero divisor", e.where);
      return v.as_int() % d.as_int() == 0;
    }
    if (e.name == "containing") return contains(v, argument(), e.where);
    if (e.name == "starting_with" || e.name == "ending_with") {
      const Value affix = argument();
      if (!v.is_str() || !affix.is_str()) fail("test '" + e.name + "' needs Str operands", e.where);
      const std::string& s = v.as_str();
      const std::string& a = affix.as_str();
      if (a.size() > s.size()) return false;
      return e.name == "starting_with" ? s.compare(0, a.size(), a) == 0 : s.compare(s.size() - a.size(), a.size(), a) == 0;
    }
    fail("unknown test '" + e.name + "'", e.where);
  }

  Value call(const Expr& e) {
    auto named = [&](std::string_view name, std::size_t position) -> const Expr* {
      std::size_t positional = 0;
      for (const auto& [arg_name, arg] : e.named)
        if (arg_name == name || (arg_name.empty() && positional++ == position)) return arg.get();
      return nullptr;
    };
    if (e.name == "super") return super_block(e.where);
    if (e.name == "range") {
      auto int_arg = [&](std::string_view name, std::size_t position, std::int64_t fallback) {
        const Expr* arg = named(name, position);
        if (!arg) return fallback;
        const Value v = eval(*arg);
        if (!v.is_int()) fail("range: '" + std::string(name) + "' must be an Int, got " + type_name_of(v), e.where);
        return v.as_int();
      };
      if (!named("end", 0)) fail("range: missing argument 'end'", e.where);
      const std::int64_t end = int_arg("end", 0, 0), start = int_arg("start", 1, 0), step = int_arg("step_by", 2, 1);
      if (step <= 0) fail("range: 'step_by' must be positive", e.where);
      if (end > start && (end - start) / step > kMaxRangeLength) fail("range: more than 1000000 items", e.where);
      std::vector<Value> items;
      for (std::int64_t i = start; i < end; i += step) items.push_back(Value::integer(i));
      return make_array(std::move(items));
    }
    if (e.name == "throw") {
      const Expr* message = named("message", 0);
      fail(message ? display_text(vm_, eval(*message)) : "throw() called", e.where);
    }
    fail("unknown function '" + e.name + "'", e.where);
  }

  Value super_block(Position where) {
    if (blocks_.empty()) fail("super() used outside a block", where);
    const BlockLevel here = blocks_.back();
    std::string saved = std::move(out_);
    out_.clear();
    bool found = false;
    for (std::size_t level = here.level + 1; level < chain_.size() && !found; ++level)
      found = chain_[level]->blocks.count(*here.name) && chain_[level]->blocks.at(*here.name);
    if (!found) {
      out_ = std::move(saved);
      fail("super(): no parent template defines block '" + *here.name + "'", where);
    }
    render_block(*here.name, here.level + 1);
    std::string rendered = std::move(out_);
    out_ = std::move(saved);
    return make_str(std::move(rendered));
  }

  // ---- operators ----

  bool contains(const Value& haystack, const Value& needle, Position where) {
    if (haystack.is_array()) {
      for (const Value& item : haystack.as_array().items)
        if (equal(item, needle)) return true;
      return false;
    }
    if (haystack.is_str() && needle.is_str()) return haystack.as_str().find(needle.as_str()) != std::string::npos;
    if (haystack.is_dict() && needle.is_str()) return haystack.as_dict().contains(needle.as_str());
    fail("cannot look for " + type_name_of(needle) + " in " + type_name_of(haystack), where);
  }

  bool equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
    return vm_.equals(a, b);
  }

  Value binary(const Expr& e) {
    const std::string& op = e.name;
    const Value a = eval(*e.operands[0]);
    const Value b = eval(*e.operands[1]);
    if (op == "~") return make_str(display_text(vm_, a) + display_text(vm_, b));
    if (op == "==") return Value::boolean(equal(a, b));
    if (op == "!=") return Value::boolean(!equal(a, b));
    if (op == "in") return Value::boolean(contains(b, a, e.where) != e.negated);
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return compare(op, a, b, e.where);
    if (!a.is_number() || !b.is_number())
      fail("cannot apply '" + op + "' to " + type_name_of(a) + " and " + type_name_of(b) + " (use '~' to join text)", e.where);
    return arithmetic(op, a, b, e.where);
  }

  Value compare(const std::string& op, const Value& a, const Value& b, Position where) {
    int order;
    if (a.is_number() && b.is_number()) {
      order = a.as_number() < b.as_number() ? -1 : (a.as_number() > b.as_number() ? 1 : 0);
    } else if (a.is_str() && b.is_str()) {
      order = a.as_str().compare(b.as_str());
    } else {
      fail("cannot compare " + type_name_of(a) + " with " + type_name_of(b), where);
    }
    if (op == "<") return Value::boolean(order < 0);
    if (op == ">") return Value::boolean(order > 0);
    if (op == "<=") return Value::boolean(order <= 0);
    return Value::boolean(order >= 0);
  }

  Value arithmetic(const std::string& op, const Value& a, const Value& b, Position where) {
    if (op == "/") {
      if (b.as_number() == 0) fail("division by zero", where);
      return Value::number(a.as_number() / b.as_number());
    }
    if (a.is_int() && b.is_int()) {
      std::int64_t x = a.as_int(), y = b.as_int(), r = 0;
      bool overflow = false;
      if (op == "+") overflow = __builtin_add_overflow(x, y, &r);
      else if (op == "-") overflow = __builtin_sub_overflow(x, y, &r);
      else if (op == "*") overflow = __builtin_mul_overflow(x, y, &r);
      else {
        if (y == 0) fail("division by zero", where);
        r = (x == INT64_MIN && y == -1) ? 0 : x % y;
      }
      if (overflow) fail("Int overflow in '" + op + "'", where);
      return Value::integer(r);
    }
    const double x = a.as_number(), y = b.as_number();
    if (op == "+") return Value::number(x + y);
    if (op == "-") return Value::number(x - y);
    if (op == "*") return Value::number(x * y);
    if (y == 0) fail("division by zero", where);
    return Value::number(std::fmod(x, y));
  }
};

}  // namespace

std::string render_template(Vm& vm, const RenderRequest& request) { return Renderer(vm, request).run(); }

}  // namespace quest::templates
