#include "quest_live/net/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace quest_live::net {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// True when `root` is `candidate` or one of its ancestors (both canonical).
bool is_within(const std::filesystem::path& root, const std::filesystem::path& candidate) {
  auto root_part = root.begin();
  auto candidate_part = candidate.begin();
  for (; root_part != root.end(); ++root_part, ++candidate_part) {
    if (root_part->empty()) continue;  // trailing separator of root
    if (candidate_part == candidate.end() || *root_part != *candidate_part) return false;
  }
  return true;
}

bool has_forbidden_segment(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return true;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    if (path.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view encoded) {
  std::string decoded;
  decoded.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '%') {
      decoded.push_back(encoded[i]);
      continue;
    }
    if (i + 2 >= encoded.size()) return std::nullopt;
    const int high = hex_value(encoded[i + 1]);
    const int low = hex_value(encoded[i + 2]);
    if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return decoded;
}

std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& root,
                                                         std::string_view relative_url_path) {
  const auto decoded = percent_decode(relative_url_path);
  if (!decoded || decoded->find('\0') != std::string::npos) return std::nullopt;
  if (has_forbidden_segment(*decoded)) return std::nullopt;

  std::string relative = *decoded;
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);

  std::error_code error;
  const auto canonical_root = std::filesystem::weakly_canonical(root, error);
  if (error) return std::nullopt;
  auto candidate = std::filesystem::weakly_canonical(canonical_root / relative, error);
  if (error || !is_within(canonical_root, candidate)) return std::nullopt;
  if (std::filesystem::is_directory(candidate, error)) candidate /= "index.html";
  return candidate;
}

std::string_view content_type_for(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 20> types{{
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".map", "application/json"},
      {".json", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".wasm", "application/wasm"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".xml", "application/xml"},
      {".pdf", "application/pdf"},
  }};
  const std::string extension = file.extension().string();
  for (const auto& [known, type] : types) {
    if (extension.size() == known.size() &&
        std::equal(extension.begin(), extension.end(), known.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == b;
        })) {
      return type;
    }
  }
  return "application/octet-stream";
}

}  // namespace quest_live::net
