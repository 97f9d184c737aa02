// Hashes for dynamic values, entry keys and fingerprints. 64 bits, not cryptographic:
// a collision would make the server skip one update, which is why the width is 64.
#include <functional>
#include <string_view>

#include "quest_live/live/rendered.hpp"
#include "quest_live/live/template.hpp"

namespace quest_live::live {

std::uint64_t hash_bytes(std::string_view bytes) {
  return static_cast<std::uint64_t>(std::hash<std::string_view>{}(bytes));
}

std::uint64_t entry_key(std::uint64_t item_key, std::uint32_t occurrence) {
  // splitmix64 finalizer over the pair, so occurrence 0 differs from the raw key too.
  std::uint64_t x = item_key ^ (0x9e3779b97f4a7c15ULL * (occurrence + 1ULL));
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

Statics make_statics(std::vector<std::string> parts) {
  std::uint64_t fingerprint = 0xcbf29ce484222325ULL;
  for (const auto& part : parts) fingerprint = entry_key(fingerprint ^ hash_bytes(part), part.size());
  return Statics{std::move(parts), fingerprint};
}

}  // namespace quest_live::live
