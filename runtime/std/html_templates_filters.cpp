#include "html_templates_filters.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "quest/json.hpp"
#include "str_text.hpp"

namespace quest::templates {

const Value* FilterCall::argument(std::string_view name, std::size_t position) const {
  for (const auto& [arg_name, value] : arguments)
    if (arg_name == name) return &value;
  std::size_t positional = 0;
  for (const auto& [arg_name, value] : arguments) {
    if (!arg_name.empty()) continue;
    if (positional++ == position) return &value;
  }
  return nullptr;
}

void FilterCall::fail(const std::string& message) const {
  throw TemplateError("filter '" + filter + "': " + message, where);
}

std::string format_float(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buffer[400];
  // Shortest text that reads back as the same double, in plain positional notation.
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::fixed);
  if (ec != std::errc()) return std::to_string(d);
  return std::string(buffer, end);
}

std::string display_text(Vm& vm, const Value& v) {
  if (v.is_nil() || v.is_undefined()) return "";
  if (v.is_str()) return v.as_str();
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_float()) return format_float(v.as_float());
  if (v.is_array()) {
    std::string out = "[";
    const auto& items = v.as_array().items;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      out += display_text(vm, items[i]);
    }
    return out + "]";
  }
  if (v.is_dict()) return "[object]";
  return vm.to_str(v);
}

void append_escaped_html(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      case '/': out += "&#x2F;"; break;
      default: out += c;
    }
  }
}

bool template_truthy(Vm& vm, const Value& v) {
  if (v.is_undefined()) return false;
  return vm.truthy(v);
}

namespace {

const std::string& input_str(const FilterCall& call) {
  if (!call.input.is_str()) call.fail("expected a Str, got " + type_name_of(call.input));
  return call.input.as_str();
}

const std::vector<Value>& input_array(const FilterCall& call) {
  if (!call.input.is_array()) call.fail("expected an Array, got " + type_name_of(call.input));
  return call.input.as_array().items;
}

double input_number(const FilterCall& call) {
  if (!call.input.is_number()) call.fail("expected a number, got " + type_name_of(call.input));
  return call.input.as_number();
}

std::string str_argument(const FilterCall& call, std::string_view name, std::size_t position, std::string fallback) {
  const Value* v = call.argument(name, position);
  if (!v) return fallback;
  if (!v->is_str()) call.fail("argument '" + std::string(name) + "' must be a Str, got " + type_name_of(*v));
  return v->as_str();
}

std::int64_t int_argument(const FilterCall& call, std::string_view name, std::size_t position, std::int64_t fallback) {
  const Value* v = call.argument(name, position);
  if (!v) return fallback;
  if (!v->is_int()) call.fail("argument '" + std::string(name) + "' must be an Int, got " + type_name_of(*v));
  return v->as_int();
}

Value upper(const FilterCall& c) { return make_str(text::to_upper(input_str(c))); }
Value lower(const FilterCall& c) { return make_str(text::to_lower(input_str(c))); }
Value capitalize(const FilterCall& c) { return make_str(text::capitalize(text::to_lower(input_str(c)))); }
Value title(const FilterCall& c) { return make_str(text::title_case(input_str(c))); }
Value trim(const FilterCall& c) { return make_str(text::trim(input_str(c))); }
Value safe(const FilterCall& c) { return c.input; }

Value escape(const FilterCall& c) {
  std::string out;
  append_escaped_html(out, display_text(c.vm, c.input));
  return make_str(std::move(out));
}

Value length(const FilterCall& c) {
  const Value& v = c.input;
  if (v.is_str()) return Value::integer(static_cast<std::int64_t>(text::char_count(v.as_str())));
  if (v.is_array()) return Value::integer(static_cast<std::int64_t>(v.as_array().items.size()));
  if (v.is_dict()) return Value::integer(static_cast<std::int64_t>(v.as_dict().size()));
  c.fail("expected a Str, Array or Dict, got " + type_name_of(v));
}

// round(method="common"|"ceil"|"floor", precision=0); always a Float, as upstream.
Value round(const FilterCall& c) {
  const double x = input_number(c);
  const std::string method = str_argument(c, "method", 0, "common");
  const std::int64_t precision = int_argument(c, "precision", 1, 0);
  if (precision < 0 || precision > 15) c.fail("precision must be between 0 and 15");
  const double scale = std::pow(10.0, static_cast<double>(precision));
  double scaled = x * scale;
  if (method == "common") scaled = std::round(scaled);
  else if (method == "ceil") scaled = std::ceil(scaled);
  else if (method == "floor") scaled = std::floor(scaled);
  else c.fail("method must be \"common\", \"ceil\" or \"floor\", got \"" + method + "\"");
  return Value::number(scaled / scale);
}

// truncate(length=255, end="…"): counts chars, not bytes.
Value truncate(const FilterCall& c) {
  const std::string& s = input_str(c);
  const std::int64_t limit = int_argument(c, "length", 0, 255);
  if (limit < 0) c.fail("length must not be negative");
  const std::string end = str_argument(c, "end", 1, "\u2026");
  if (text::char_count(s) <= static_cast<std::size_t>(limit)) return c.input;
  return make_str(s.substr(0, text::byte_offset_of_char(s, static_cast<std::size_t>(limit))) + end);
}

// default(value=X, boolean=false): the renderer passes an undefined input through.
Value default_value(const FilterCall& c) {
  const Value* fallback = c.argument("value", 0);
  if (!fallback) c.fail("missing argument 'value'");
  const Value* boolean = c.argument("boolean", 1);
  const bool falsy_counts = boolean && template_truthy(c.vm, *boolean);
  if (c.input.is_undefined() || (falsy_counts && !template_truthy(c.vm, c.input))) return *fallback;
  return c.input;
}

Value replace(const FilterCall& c) {
  const Value* from = c.argument("from", 0);
  const Value* to = c.argument("to", 1);
  if (!from || !to || !from->is_str() || !to->is_str()) c.fail("needs Str arguments 'from' and 'to'");
  return make_str(text::replace_all(input_str(c), from->as_str(), to->as_str()));
}

Value join(const FilterCall& c) {
  const std::string separator = str_argument(c, "sep", 0, "");
  std::string out;
  const auto& items = input_array(c);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += display_text(c.vm, items[i]);
  }
  return make_str(std::move(out));
}

Value first(const FilterCall& c) {
  const auto& items = input_array(c);
  return items.empty() ? Value::nil() : items.front();
}

Value last(const FilterCall& c) {
  const auto& items = input_array(c);
  return items.empty() ? Value::nil() : items.back();
}

Value reverse(const FilterCall& c) {
  if (c.input.is_str()) {
    std::vector<std::string> chars = text::split_chars(c.input.as_str());
    std::string out;
    for (auto it = chars.rbegin(); it != chars.rend(); ++it) out += *it;
    return make_str(std::move(out));
  }
  std::vector<Value> items = input_array(c);
  std::reverse(items.begin(), items.end());
  return make_array(std::move(items));
}

bool sort_less(const FilterCall& c, const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) return a.as_number() < b.as_number();
  if (a.is_str() && b.is_str()) return a.as_str() < b.as_str();
  if (a.is_bool() && b.is_bool()) return !a.as_bool() && b.as_bool();
  c.fail("cannot sort " + type_name_of(a) + " with " + type_name_of(b));
}

// sort(attribute="key"): Dict items are compared by that key.
Value sort(const FilterCall& c) {
  std::vector<Value> items = input_array(c);
  const std::string attribute = str_argument(c, "attribute", 0, "");
  auto key = [&](const Value& v) -> Value {
    if (attribute.empty()) return v;
    const Value* found = v.is_dict() ? v.as_dict().find(attribute) : nullptr;
    if (!found) c.fail("item has no key '" + attribute + "'");
    return *found;
  };
  std::stable_sort(items.begin(), items.end(), [&](const Value& a, const Value& b) { return sort_less(c, key(a), key(b)); });
  return make_array(std::move(items));
}

Value wordcount(const FilterCall& c) {
  std::int64_t words = 0;
  bool in_word = false;
  for (char ch : input_str(c)) {
    const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return Value::integer(words);
}

Value striptags(const FilterCall& c) {
  std::string out;
  bool in_tag = false;
  for (char ch : input_str(c)) {
    if (ch == '<') in_tag = true;
    else if (ch == '>' && in_tag) in_tag = false;
    else if (!in_tag) out += ch;
  }
  return make_str(text::trim(out));
}

Value split(const FilterCall& c) {
  const std::string pattern = str_argument(c, "pat", 0, " ");
  if (pattern.empty()) c.fail("argument 'pat' must not be empty");
  std::vector<Value> parts;
  for (std::string& piece : text::split(input_str(c), pattern)) parts.push_back(make_str(std::move(piece)));
  return make_array(std::move(parts));
}

Value abs_value(const FilterCall& c) {
  if (c.input.is_int()) {
    if (c.input.as_int() == INT64_MIN) c.fail("Int overflow");
    return Value::integer(c.input.as_int() < 0 ? -c.input.as_int() : c.input.as_int());
  }
  return Value::number(std::fabs(input_number(c)));
}

Value to_int(const FilterCall& c) {
  const Value& v = c.input;
  if (v.is_int()) return v;
  if (v.is_float()) return Value::integer(static_cast<std::int64_t>(v.as_float()));
  if (v.is_bool()) return Value::integer(v.as_bool() ? 1 : 0);
  const std::string s = text::trim(input_str(c));
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) {
    const Value* fallback = c.argument("default", 0);
    if (fallback) return *fallback;
    c.fail("\"" + s + "\" is not an integer");
  }
  return Value::integer(out);
}

Value to_float(const FilterCall& c) {
  const Value& v = c.input;
  if (v.is_number()) return Value::number(v.as_number());
  const std::string s = text::trim(input_str(c));
  double out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size()) {
    const Value* fallback = c.argument("default", 0);
    if (fallback) return *fallback;
    c.fail("\"" + s + "\" is not a number");
  }
  return Value::number(out);
}

Value to_string(const FilterCall& c) { return make_str(display_text(c.vm, c.input)); }

Value json_encode(const FilterCall& c) {
  const Value* pretty = c.argument("pretty", 0);
  return make_str(json::stringify(c.vm, c.input, pretty && template_truthy(c.vm, *pretty) ? 2 : -1));
}

Value urlencode(const FilterCall& c) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : input_str(c)) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == '/') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return make_str(std::move(out));
}

Value linebreaksbr(const FilterCall& c) {
  return make_str(text::replace_all(text::replace_all(input_str(c), "\r\n", "<br>"), "\n", "<br>"));
}

const std::unordered_map<std::string_view, FilterFn>& filter_table() {
  static const std::unordered_map<std::string_view, FilterFn> table = {
      {"upper", upper},           {"lower", lower},         {"capitalize", capitalize},
      {"title", title},           {"trim", trim},           {"length", length},
      {"round", round},           {"truncate", truncate},   {"default", default_value},
      {"safe", safe},             {"escape", escape},       {"e", escape},
      {"replace", replace},       {"join", join},           {"first", first},
      {"last", last},             {"reverse", reverse},     {"sort", sort},
      {"wordcount", wordcount},   {"striptags", striptags}, {"split", split},
      {"abs", abs_value},         {"int", to_int},          {"float", to_float},
      {"string", to_string},      {"json_encode", json_encode}, {"urlencode", urlencode},
      {"linebreaksbr", linebreaksbr},
  };
  return table;
}

}  // namespace

FilterFn find_filter(std::string_view name) {
  const auto& table = filter_table();
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

}  // namespace quest::templates
