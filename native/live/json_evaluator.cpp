// JsonEvaluator: evaluates parsed expressions against JSON assigns and loop bindings.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "json_expression.hpp"
#include "quest_live/live/rendered.hpp"

namespace quest_live::live {

// A value is either borrowed JSON (assigns, loop items) or something computed here.
struct JsonEvaluator::Value {
  enum class Kind { json, nil, boolean, number, string, html, component };
  Kind kind = Kind::nil;
  const rapidjson::Value* json = nullptr;
  bool boolean = false;
  double number = 0;
  std::string string;
  int cid = 0;

  static Value of(const rapidjson::Value* value) {
    if (!value || value->IsNull()) return {};
    if (value->IsBool()) return from_bool(value->GetBool());
    if (value->IsNumber()) return from_number(value->GetDouble());
    if (value->IsString()) return from_string(std::string(value->GetString(), value->GetStringLength()), Kind::string);
    Value result;
    result.kind = Kind::json;
    result.json = value;
    return result;
  }
  static Value from_bool(bool b) {
    Value v;
    v.kind = Kind::boolean;
    v.boolean = b;
    return v;
  }
  static Value from_number(double n) {
    Value v;
    v.kind = Kind::number;
    v.number = n;
    return v;
  }
  static Value from_string(std::string s, Kind kind) {
    Value v;
    v.kind = kind;
    v.string = std::move(s);
    return v;
  }

  bool truthy() const { return !(kind == Kind::nil || (kind == Kind::boolean && !boolean)); }
};

namespace {

using Node = JsonEvaluator::Node;
using Value = JsonEvaluator::Value;

std::string format_number(double number) {
  if (std::isfinite(number) && number == std::floor(number) && std::fabs(number) < 9.0e15) {
    return std::to_string(static_cast<long long>(number));
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", number);
  return text;
}

std::string display_value(const Value& value) {
  switch (value.kind) {
    case Value::Kind::nil: return "";
    case Value::Kind::boolean: return value.boolean ? "true" : "false";
    case Value::Kind::number: return format_number(value.number);
    case Value::Kind::string:
    case Value::Kind::html: return value.string;
    case Value::Kind::component: return std::to_string(value.cid);
    case Value::Kind::json: return JsonEvaluator::display(*value.json);
  }
  return "";
}

bool equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::nil: return true;
    case Value::Kind::boolean: return a.boolean == b.boolean;
    case Value::Kind::number: return a.number == b.number;
    case Value::Kind::json: return *a.json == *b.json;
    default: return a.string == b.string && a.cid == b.cid;
  }
}

Value compare(const std::string& op, const Value& a, const Value& b) {
  if (op == "==") return Value::from_bool(equal(a, b));
  if (op == "!=") return Value::from_bool(!equal(a, b));
  int order = 0;
  if (a.kind == Value::Kind::number && b.kind == Value::Kind::number) {
    order = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
  } else if (a.kind == Value::Kind::string && b.kind == Value::Kind::string) {
    order = a.string.compare(b.string);
  } else {
    throw std::runtime_error("cannot compare these values with " + op);
  }
  if (op == "<") return Value::from_bool(order < 0);
  if (op == "<=") return Value::from_bool(order <= 0);
  if (op == ">") return Value::from_bool(order > 0);
  return Value::from_bool(order >= 0);
}

std::size_t length_of(const Value& value) {
  if (value.kind == Value::Kind::string) return value.string.size();
  if (value.kind == Value::Kind::json && value.json->IsArray()) return value.json->Size();
  if (value.kind == Value::Kind::json && value.json->IsObject()) return value.json->MemberCount();
  throw std::runtime_error("len()/empty() needs a string, array or dict");
}

}  // namespace

JsonEvaluator::JsonEvaluator(const rapidjson::Value& assigns) : assigns_(assigns) {}

const JsonEvaluator::Node& JsonEvaluator::parsed(const Expression& expression) {
  auto found = parsed_.find(&expression);
  if (found != parsed_.end()) return *found->second;
  std::shared_ptr<const Node> node = parse_json_expression(expression.source);
  return *parsed_.emplace(&expression, std::move(node)).first->second;
}

const rapidjson::Value* JsonEvaluator::lookup(const std::string& name) const {
  for (auto local = locals_.rbegin(); local != locals_.rend(); ++local) {
    if (*local->first == name) return local->second;
  }
  if (assigns_.IsObject()) {
    auto member = assigns_.FindMember(name.c_str());
    if (member != assigns_.MemberEnd()) return &member->value;
  }
  throw std::runtime_error("undefined name '" + name + "'");
}

JsonEvaluator::Value JsonEvaluator::evaluate(const Node& node) {
  switch (node.kind) {
    case Node::Kind::name: return Value::of(lookup(node.text));
    case Node::Kind::string: return Value::from_string(node.text, Value::Kind::string);
    case Node::Kind::number: return Value::from_number(node.number);
    case Node::Kind::boolean: return Value::from_bool(node.boolean);
    case Node::Kind::nil: return {};
    case Node::Kind::member: {
      const Value receiver = evaluate(*node.children[0]);
      if (receiver.kind == Value::Kind::nil) return {};
      if (receiver.kind != Value::Kind::json || !receiver.json->IsObject()) {
        throw std::runtime_error("." + node.text + " on a value that is not a dict");
      }
      auto member = receiver.json->FindMember(node.text.c_str());
      return member == receiver.json->MemberEnd() ? Value{} : Value::of(&member->value);
    }
    case Node::Kind::unary: {
      const Value operand = evaluate(*node.children[0]);
      if (node.text == "not") return Value::from_bool(!operand.truthy());
      if (operand.kind != Value::Kind::number) throw std::runtime_error("unary - needs a number");
      return Value::from_number(-operand.number);
    }
    case Node::Kind::ternary:
      return evaluate(*node.children[evaluate(*node.children[0]).truthy() ? 1 : 2]);
    case Node::Kind::binary: {
      const Value left = evaluate(*node.children[0]);
      if (node.text == "and") return left.truthy() ? evaluate(*node.children[1]) : left;
      if (node.text == "or") return left.truthy() ? left : evaluate(*node.children[1]);
      const Value right = evaluate(*node.children[1]);
      if (node.text == "+" && left.kind == Value::Kind::string) {
        return Value::from_string(left.string + display_value(right), Value::Kind::string);
      }
      if (node.text == "+" || node.text == "-") {
        if (left.kind != Value::Kind::number || right.kind != Value::Kind::number) {
          throw std::runtime_error(node.text + " needs numbers");
        }
        return Value::from_number(node.text == "+" ? left.number + right.number : left.number - right.number);
      }
      return compare(node.text, left, right);
    }
    case Node::Kind::call:
    case Node::Kind::method: return call(node);
  }
  return {};
}

JsonEvaluator::Value JsonEvaluator::call(const Node& node) {
  if (node.kind == Node::Kind::call) {
    if (node.children.size() != 1) throw std::runtime_error(node.text + "() takes one argument");
    const Value argument = evaluate(*node.children[0]);
    if (node.text == "raw") return Value::from_string(display_value(argument), Value::Kind::html);
    if (node.text == "component" && argument.kind == Value::Kind::number && argument.number >= 1) {
      Value reference;
      reference.kind = Value::Kind::component;
      reference.cid = static_cast<int>(argument.number);
      return reference;
    }
    throw std::runtime_error("unknown function " + node.text + "()");
  }
  const Value receiver = evaluate(*node.children[0]);
  if (node.text == "len") return Value::from_number(static_cast<double>(length_of(receiver)));
  if (node.text == "empty") return Value::from_bool(length_of(receiver) == 0);
  if (node.text == "upper" && receiver.kind == Value::Kind::string) {
    std::string upper = receiver.string;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Value::from_string(std::move(upper), Value::Kind::string);
  }
  throw std::runtime_error("unknown method ." + node.text + "()");
}

SlotValue JsonEvaluator::value(const Expression& expression) {
  Value result = evaluate(parsed(expression));
  if (result.kind == Value::Kind::component) return SlotValue::component_ref(result.cid);
  if (result.kind == Value::Kind::html) return SlotValue::markup(std::move(result.string));
  return SlotValue::plain(display_value(result));
}

bool JsonEvaluator::truthy(const Expression& condition) { return evaluate(parsed(condition)).truthy(); }

void JsonEvaluator::for_each(const Expression& collection, const std::vector<std::string>& variables,
                             const ItemVisitor& visit) {
  const Value items = evaluate(parsed(collection));
  if (items.kind == Value::Kind::nil) return;
  if (items.kind != Value::Kind::json) throw std::runtime_error("for: '" + collection.source + "' is not iterable");
  const rapidjson::Value& json = *items.json;
  const std::size_t base = locals_.size();
  if (json.IsArray() && variables.size() == 1) {
    for (const auto& item : json.GetArray()) {
      locals_.emplace_back(&variables[0], &item);
      visit(content_hash(item));
      locals_.resize(base);
    }
  } else if (json.IsObject() && variables.size() == 2) {
    for (const auto& member : json.GetObject()) {
      locals_.emplace_back(&variables[0], &member.name);
      locals_.emplace_back(&variables[1], &member.value);
      visit(entry_key(content_hash(member.name), 0) ^ content_hash(member.value));
      locals_.resize(base);
    }
  } else {
    throw std::runtime_error("for: arrays take one loop variable, dicts two");
  }
}

std::string JsonEvaluator::display(const rapidjson::Value& value) {
  if (value.IsString()) return std::string(value.GetString(), value.GetStringLength());
  if (value.IsNull()) return "";
  if (value.IsNumber()) return format_number(value.GetDouble());
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

std::uint64_t JsonEvaluator::content_hash(const rapidjson::Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType: return 0x6e756c6cULL;
    case rapidjson::kFalseType: return 0x66616c73ULL;
    case rapidjson::kTrueType: return 0x74727565ULL;
    case rapidjson::kStringType: return entry_key(hash_bytes({value.GetString(), value.GetStringLength()}), 1);
    case rapidjson::kNumberType: {
      // By numeric value (1 and 1.0 are the same item), without formatting it.
      const double number = value.GetDouble() == 0 ? 0.0 : value.GetDouble();
      std::uint64_t bits = 0;
      std::memcpy(&bits, &number, sizeof bits);
      return entry_key(bits, 2);
    }
    case rapidjson::kArrayType: {
      std::uint64_t hash = 3;
      for (const auto& item : value.GetArray()) hash = entry_key(hash ^ content_hash(item), 3);
      return hash;
    }
    case rapidjson::kObjectType: {
      std::uint64_t hash = 4;
      for (const auto& member : value.GetObject()) {
        hash = entry_key(hash ^ content_hash(member.name), 4);
        hash = entry_key(hash ^ content_hash(member.value), 5);
      }
      return hash;
    }
  }
  return 0;
}

}  // namespace quest_live::live

namespace quest_live::live {

ChangeSet changes_between(const rapidjson::Value& before, const rapidjson::Value& after) {
  std::vector<std::string> changed;
  std::vector<std::string> tracked;
  for (const auto& member : after.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    tracked.push_back(name);
    auto old = before.FindMember(member.name);
    if (old == before.MemberEnd() || !(old->value == member.value)) changed.push_back(name);
  }
  for (const auto& member : before.GetObject()) {
    if (!after.HasMember(member.name)) changed.emplace_back(member.name.GetString(), member.name.GetStringLength());
  }
  return ChangeSet(std::move(changed), std::move(tracked));
}

}  // namespace quest_live::live
