#include "io_glob.hpp"

#include <algorithm>
#include <filesystem>
#include <fnmatch.h>

#include "str_text.hpp"

namespace fs = std::filesystem;

namespace quest::glob {

namespace {

std::vector<std::string> segments_of(const std::string& path) {
  std::vector<std::string> parts;
  for (std::string& part : text::split(path, "/")) {
    if (!part.empty()) parts.push_back(std::move(part));
  }
  return parts;
}

bool match_segments(const std::vector<std::string>& path, size_t p, const std::vector<std::string>& pattern, size_t q) {
  if (q == pattern.size()) return p == path.size();
  if (pattern[q] == "**") {
    for (size_t skip = p; skip <= path.size(); ++skip) {
      if (match_segments(path, skip, pattern, q + 1)) return true;
    }
    return false;
  }
  if (p == path.size()) return false;
  if (fnmatch(pattern[q].c_str(), path[p].c_str(), FNM_PERIOD) != 0) return false;
  return match_segments(path, p + 1, pattern, q + 1);
}

bool has_magic(const std::string& segment) { return segment.find_first_of("*?[") != std::string::npos; }

std::string join(const std::string& base, const std::string& name) {
  if (base.empty()) return name;
  if (base == "/") return "/" + name;
  return base + "/" + name;
}

void walk(const std::string& base, const std::vector<std::string>& pattern, size_t q, std::vector<std::string>& out) {
  std::error_code error;
  const fs::path here = base.empty() ? fs::path(".") : fs::path(base);
  if (q == pattern.size()) {
    if (!base.empty() && fs::exists(here, error)) out.push_back(base);
    return;
  }
  const std::string& segment = pattern[q];
  if (segment == "**") {
    walk(base, pattern, q + 1, out);
    for (fs::directory_iterator it(here, error), end; !error && it != end; it.increment(error)) {
      const std::string name = it->path().filename().string();
      // Symlinked directories are not descended into, so a link cycle cannot loop.
      if (name[0] != '.' && !it->is_symlink(error) && it->is_directory(error)) walk(join(base, name), pattern, q, out);
    }
    return;
  }
  if (!has_magic(segment)) {
    walk(join(base, segment), pattern, q + 1, out);
    return;
  }
  for (fs::directory_iterator it(here, error), end; !error && it != end; it.increment(error)) {
    const std::string name = it->path().filename().string();
    if (fnmatch(segment.c_str(), name.c_str(), FNM_PERIOD) == 0) walk(join(base, name), pattern, q + 1, out);
  }
}

}  // namespace

bool matches(const std::string& path, const std::string& pattern) {
  return match_segments(segments_of(path), 0, segments_of(pattern), 0);
}

std::vector<std::string> expand(const std::string& pattern) {
  std::vector<std::string> out;
  walk(pattern.starts_with("/") ? "/" : "", segments_of(pattern), 0, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace quest::glob
