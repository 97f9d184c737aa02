// json.validate: a JSON Schema subset checked against Quest values. Supported
// keywords: type (name or list of names), properties, required, additionalProperties
// (false), items, enum, minimum, maximum, minLength, maxLength, minItems, maxItems.
// Unknown keywords are ignored, as JSON Schema specifies.
#pragma once

#include "quest/vm.hpp"

namespace quest::json {

bool validate(Vm& vm, const Value& data, const DictObj& schema);

}  // namespace quest::json
