// Shell-style globbing for std/io: `*`, `?`, `[...]` within one path segment (fnmatch)
// and `**` for any number of directories.
#pragma once

#include <string>
#include <vector>

namespace quest::glob {

// Does `path` match `pattern`? Segment-wise, with `**` spanning segments.
bool matches(const std::string& path, const std::string& pattern);

// Existing paths matching `pattern`, sorted. Relative patterns expand relative to the
// cwd and yield relative paths.
std::vector<std::string> expand(const std::string& pattern);

}  // namespace quest::glob
