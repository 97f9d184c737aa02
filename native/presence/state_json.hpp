// Presence payloads as JSON text: grouped metas {key: {"metas": [...]}, ...}, and the
// splice that adds a joiner's own metas to a shared committed state without rebuilding it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace quest_live::presence::detail {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;
// key -> (sequence, stamped meta JSON); the pointers must outlive the write.
using GroupedMetas = std::map<std::string, std::vector<std::pair<std::uint64_t, const std::string*>>>;
// (key, offset of the ']' that closes the key's metas array), in key order.
using MetasEnds = std::vector<std::pair<std::string, std::size_t>>;

// Writes {key: {"metas": [meta, ...]}, ...}, metas in sequence order. When `ends` is given,
// records where each metas array ends (offsets into `buffer`).
void write_grouped(JsonWriter& writer, const rapidjson::StringBuffer& buffer, GroupedMetas& grouped,
                   MetasEnds* ends = nullptr);

// `state` (a grouped object written with `ends`) with `extra` (key, meta JSON) metas added:
// appended to the key's metas when the key is present, as new keys otherwise. Linear in
// the size of `state`.
std::string splice_metas(const std::string& state, const MetasEnds& ends,
                         const std::vector<std::pair<std::string, const std::string*>>& extra);

}  // namespace quest_live::presence::detail
