// Strict structural equality of Quest values for the JSON targets: same kinds (Int is
// not Float), floats bit for bit, dicts in the same key order. Stricter than Quest `==`.
#pragma once

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "quest/objects.hpp"
#include "quest/value.hpp"

namespace fuzz_support {

inline std::vector<std::pair<std::string, quest::Value>> entries(const quest::DictObj& dict) {
  std::vector<std::pair<std::string, quest::Value>> result;
  dict.for_each([&](const std::string& key, const quest::Value& value) { result.emplace_back(key, value); });
  return result;
}

inline bool strictly_equal(const quest::Value& a, const quest::Value& b) {
  if (a.is_nil() || b.is_nil()) return a.is_nil() && b.is_nil();
  if (a.is_bool() || b.is_bool()) return a.is_bool() && b.is_bool() && a.as_bool() == b.as_bool();
  if (a.is_int() || b.is_int()) return a.is_int() && b.is_int() && a.as_int() == b.as_int();
  if (a.is_float() || b.is_float()) {
    if (!a.is_float() || !b.is_float()) return false;
    const double x = a.as_float();
    const double y = b.as_float();
    return std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (a.is_str() || b.is_str()) return a.is_str() && b.is_str() && a.as_str() == b.as_str();
  if (a.is_bytes() || b.is_bytes()) return a.is_bytes() && b.is_bytes() && a.as_bytes().data == b.as_bytes().data;
  if (a.is_array() || b.is_array()) {
    if (!a.is_array() || !b.is_array()) return false;
    const auto& x = a.as_array().items;
    const auto& y = b.as_array().items;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!strictly_equal(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_dict() && b.is_dict()) {
    const auto x = entries(a.as_dict());
    const auto y = entries(b.as_dict());
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].first != y[i].first || !strictly_equal(x[i].second, y[i].second)) return false;
    }
    return true;
  }
  return false;  // no other kind comes out of JSON or form decoding
}

}  // namespace fuzz_support
