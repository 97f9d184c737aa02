// Quest text is UTF-8: a check that no Str (or Dict key) anywhere inside a value holds
// other bytes, for the targets that build request dicts from client bytes.
#pragma once

#include <string>

#include "convert.hpp"
#include "quest/objects.hpp"
#include "quest/value.hpp"

namespace fuzz_support {

inline bool all_text_utf8(const quest::Value& value) {
  if (value.is_str()) return quest_bindings::is_valid_utf8(value.as_str());
  bool ok = true;
  if (value.is_dict()) {
    value.as_dict().for_each([&](const std::string& key, const quest::Value& item) {
      ok = ok && quest_bindings::is_valid_utf8(key) && all_text_utf8(item);
    });
  } else if (value.is_array()) {
    for (const quest::Value& item : value.as_array().items) ok = ok && all_text_utf8(item);
  }
  return ok;
}

}  // namespace fuzz_support
