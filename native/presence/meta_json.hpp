// Meta objects as presence stores them: compact JSON, stamped with phx_ref fields.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace quest_live::presence::detail {

// The compact form of a JSON object with any phx_ref / phx_ref_prev removed (the tracker
// owns those), or nullopt if `meta_json` is not one JSON object.
std::optional<std::string> normalize_meta(std::string_view meta_json);

// Adds "phx_ref" (and "phx_ref_prev" when given) to a normalized meta. The refs must be
// plain ASCII without quotes or backslashes (the tracker generates them so).
std::string stamp_meta(const std::string& normalized, const std::string& phx_ref, const std::string* phx_ref_prev);

}  // namespace quest_live::presence::detail
