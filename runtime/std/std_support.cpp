#include "std_support.hpp"

#include "str_text.hpp"

namespace quest {

const std::string& arg_data(const Args& args, std::size_t pos, std::string_view fn) {
  const Value& value = arg_any(args, pos, fn);
  if (value.is_str()) return value.as_str();
  if (value.is_bytes()) return value.as_bytes().data;
  throw_arg_type(args, pos, fn, "Str or Bytes");
}

Value text_or_bytes(std::string data) {
  if (text::is_valid_utf8(data)) return make_str(std::move(data));
  return make_bytes(std::move(data));
}

Value string_array(const std::vector<std::string>& items) {
  std::vector<Value> values;
  values.reserve(items.size());
  for (const std::string& item : items) values.push_back(make_str(item));
  return make_array(std::move(values));
}

}  // namespace quest
