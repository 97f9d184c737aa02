#include "json_schema.hpp"

#include "str_text.hpp"

namespace quest::json {

namespace {

constexpr size_t kMaxSchemaDepth = 200;

bool has_type(const Value& data, const std::string& type) {
  if (type == "string") return data.is_str();
  if (type == "integer") return data.is_int() || (data.is_float() && data.as_float() == static_cast<double>(static_cast<int64_t>(data.as_float())));
  if (type == "number") return data.is_number();
  if (type == "boolean") return data.is_bool();
  if (type == "object") return data.is_dict();
  if (type == "array") return data.is_array();
  if (type == "null") return data.is_nil();
  throw_error("ValueErr", "validate: unknown schema type '" + type + "'");
}

bool type_matches(const Value& data, const Value& type) {
  if (type.is_str()) return has_type(data, type.as_str());
  if (!type.is_array()) throw_error("TypeErr", "validate: 'type' must be Str or Array, got " + type_name_of(type));
  for (const Value& option : type.as_array().items) {
    if (option.is_str() && has_type(data, option.as_str())) return true;
  }
  return false;
}

double number_of(const Value& v, const char* keyword) {
  if (!v.is_number()) throw_error("TypeErr", std::string("validate: '") + keyword + "' must be a number");
  return v.as_number();
}

class Validator {
 public:
  explicit Validator(Vm& vm) : vm_(vm) {}

  bool check(const Value& data, const DictObj& schema, size_t depth) {
    if (depth > kMaxSchemaDepth) throw_error("ValueErr", "validate: schema or data nested too deeply");
    if (const Value* type = schema.find("type"); type && !type_matches(data, *type)) return false;
    if (const Value* options = schema.find("enum"); options && options->is_array()) {
      bool found = false;
      for (const Value& option : options->as_array().items) found = found || vm_.equals(option, data);
      if (!found) return false;
    }
    return check_bounds(data, schema) && check_object(data, schema, depth) && check_array(data, schema, depth);
  }

 private:
  bool check_bounds(const Value& data, const DictObj& schema) {
    if (data.is_number()) {
      if (const Value* min = schema.find("minimum"); min && data.as_number() < number_of(*min, "minimum")) return false;
      if (const Value* max = schema.find("maximum"); max && data.as_number() > number_of(*max, "maximum")) return false;
    }
    if (data.is_str()) {
      const auto length = static_cast<double>(text::char_count(data.as_str()));
      if (const Value* min = schema.find("minLength"); min && length < number_of(*min, "minLength")) return false;
      if (const Value* max = schema.find("maxLength"); max && length > number_of(*max, "maxLength")) return false;
    }
    if (data.is_array()) {
      const auto count = static_cast<double>(data.as_array().items.size());
      if (const Value* min = schema.find("minItems"); min && count < number_of(*min, "minItems")) return false;
      if (const Value* max = schema.find("maxItems"); max && count > number_of(*max, "maxItems")) return false;
    }
    return true;
  }

  bool check_object(const Value& data, const DictObj& schema, size_t depth) {
    if (!data.is_dict()) return true;
    const DictObj& object = data.as_dict();
    if (const Value* required = schema.find("required"); required && required->is_array()) {
      for (const Value& key : required->as_array().items) {
        if (!key.is_str() || !object.contains(key.as_str())) return false;
      }
    }
    const Value* properties = schema.find("properties");
    const Value* additional = schema.find("additionalProperties");
    const bool closed = additional && additional->is_bool() && !additional->as_bool();
    bool ok = true;
    object.for_each([&](const std::string& key, const Value& value) {
      const Value* rule = properties && properties->is_dict() ? properties->as_dict().find(key) : nullptr;
      if (rule && rule->is_dict()) ok = ok && check(value, rule->as_dict(), depth + 1);
      else if (!rule && closed) ok = false;
    });
    return ok;
  }

  bool check_array(const Value& data, const DictObj& schema, size_t depth) {
    const Value* items = schema.find("items");
    if (!data.is_array() || !items || !items->is_dict()) return true;
    for (const Value& item : data.as_array().items) {
      if (!check(item, items->as_dict(), depth + 1)) return false;
    }
    return true;
  }

  Vm& vm_;
};

}  // namespace

bool validate(Vm& vm, const Value& data, const DictObj& schema) { return Validator(vm).check(data, schema, 0); }

}  // namespace quest::json
