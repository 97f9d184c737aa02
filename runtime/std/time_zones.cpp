// UTC offsets of IANA zones from the compiled tz database (TZif v2+ files under
// /usr/share/zoneinfo), read once per zone into an immutable table. Reading the files
// ourselves keeps the C library's process-wide TZ setting untouched, which matters in
// a server whose I/O threads may format times concurrently.
#include "time_zones.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace quest::calendar {

namespace {

struct ZoneTable {
  std::vector<int64_t> transitions;  // Unix seconds, ascending
  std::vector<int32_t> offsets;      // UTC offset in effect from transitions[i]
  int32_t initial_offset = 0;        // before the first transition
};

int64_t read_big_endian(const std::string& data, size_t pos, size_t size) {
  int64_t value = 0;
  for (size_t i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(data[pos + i]);
  if (size == 4) value = static_cast<int32_t>(static_cast<uint32_t>(value));  // sign-extend
  return value;
}

// Counts from a TZif header at `pos`: isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt.
std::optional<std::array<int64_t, 6>> header_counts(const std::string& data, size_t pos) {
  if (data.size() < pos + 44 || data.compare(pos, 4, "TZif") != 0) return std::nullopt;
  std::array<int64_t, 6> counts{};
  for (size_t i = 0; i < 6; ++i) counts[i] = read_big_endian(data, pos + 20 + 4 * i, 4);
  return counts;
}

size_t block_size(const std::array<int64_t, 6>& c, size_t time_size) {
  return static_cast<size_t>(c[3] * static_cast<int64_t>(time_size) + c[3] + c[4] * 6 + c[5] +
                             c[2] * static_cast<int64_t>(time_size + 4) + c[1] + c[0]);
}

// Parses the 64-bit (v2+) data block; nullopt for v1-only or malformed files.
std::optional<ZoneTable> parse_tzif(const std::string& data) {
  const auto v1 = header_counts(data, 0);
  if (!v1 || data[4] < '2') return std::nullopt;
  const size_t header2 = 44 + block_size(*v1, 4);
  const auto c = header_counts(data, header2);
  if (!c || data.size() < header2 + 44 + block_size(*c, 8)) return std::nullopt;
  const size_t times = header2 + 44;
  const size_t indices = times + static_cast<size_t>(c->at(3)) * 8;
  const size_t types = indices + static_cast<size_t>(c->at(3));
  ZoneTable table;
  auto offset_of_type = [&](int64_t type) { return static_cast<int32_t>(read_big_endian(data, types + static_cast<size_t>(type) * 6, 4)); };
  for (int64_t i = 0; i < c->at(3); ++i) {
    const int64_t type = static_cast<unsigned char>(data[indices + static_cast<size_t>(i)]);
    if (type >= c->at(4)) return std::nullopt;
    table.transitions.push_back(read_big_endian(data, times + static_cast<size_t>(i) * 8, 8));
    table.offsets.push_back(offset_of_type(type));
  }
  table.initial_offset = c->at(4) > 0 ? offset_of_type(0) : 0;
  return table;
}

std::shared_ptr<const ZoneTable> load(const std::string& zone) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const ZoneTable>> cache;  // immutable tables only
  std::lock_guard<std::mutex> lock(mutex);
  if (auto hit = cache.find(zone); hit != cache.end()) return hit->second;
  std::ifstream in("/usr/share/zoneinfo/" + zone, std::ios::binary);
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::optional<ZoneTable> parsed = parse_tzif(data);
  auto table = parsed ? std::make_shared<const ZoneTable>(std::move(*parsed)) : nullptr;
  cache.emplace(zone, table);
  return table;
}

}  // namespace

std::optional<int64_t> tzdb_offset(const std::string& zone, int64_t unix_seconds) {
  const auto table = load(zone);
  if (!table) return std::nullopt;
  constexpr int64_t kYear = 366 * 86400;
  // Past the table (fat files run to 2037) the zone's rule string would be needed.
  if (!table->transitions.empty() && unix_seconds > table->transitions.back() + kYear) return std::nullopt;
  const auto after = std::upper_bound(table->transitions.begin(), table->transitions.end(), unix_seconds);
  if (after == table->transitions.begin()) return table->initial_offset;
  return table->offsets[static_cast<size_t>(after - table->transitions.begin() - 1)];
}

}  // namespace quest::calendar
