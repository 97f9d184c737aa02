// Mapping URL paths to files under a served directory, safely.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace quest_live::net {

// Percent-decodes a URL path. nullopt for a bad escape or an encoded NUL.
std::optional<std::string> percent_decode(std::string_view encoded);

// The file that `relative_url_path` (already stripped of the mount prefix, e.g.
// "css/app.css" or "") names under `root`, or nullopt when it would escape root: ".."
// segments, backslashes, NUL, or a symlink pointing outside. A directory maps to its
// index.html. Does not check that the file exists.
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view relative_url_path);

// Content-Type for a file name by extension; "application/octet-stream" when unknown.
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace quest_live::net
