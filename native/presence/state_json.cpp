#include "state_json.hpp"

#include <algorithm>

namespace quest_live::presence::detail {

void write_grouped(JsonWriter& writer, const rapidjson::StringBuffer& buffer, GroupedMetas& grouped,
                   MetasEnds* ends) {
  writer.StartObject();
  for (auto& [key, metas] : grouped) {
    std::sort(metas.begin(), metas.end());
    writer.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    writer.StartObject();
    writer.Key("metas");
    writer.StartArray();
    for (const auto& meta : metas) writer.RawValue(meta.second->data(), meta.second->size(), rapidjson::kObjectType);
    if (ends) ends->emplace_back(key, buffer.GetSize());
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndObject();
}

namespace {

// "key":{"metas":[m1,m2]} for keys the state does not have yet.
std::string new_keys_json(GroupedMetas& added) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  write_grouped(writer, buffer, added);
  return std::string(buffer.GetString() + 1, buffer.GetSize() - 2);  // the members, without the braces
}

}  // namespace

std::string splice_metas(const std::string& state, const MetasEnds& ends,
                         const std::vector<std::pair<std::string, const std::string*>>& extra) {
  std::vector<std::pair<std::size_t, const std::string*>> inserts;  // (offset, meta) into known keys
  GroupedMetas added;                                                // metas of unknown keys
  std::uint64_t order = 0;
  for (const auto& [key, meta] : extra) {
    auto found = std::lower_bound(ends.begin(), ends.end(), key,
                                  [](const auto& end, const std::string& k) { return end.first < k; });
    if (found != ends.end() && found->first == key) {
      inserts.emplace_back(found->second, meta);
    } else {
      added[key].emplace_back(order++, meta);
    }
  }
  std::stable_sort(inserts.begin(), inserts.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  out.reserve(state.size() + 64 * extra.size());
  std::size_t copied = 0;
  for (const auto& [offset, meta] : inserts) {
    out.append(state, copied, offset - copied);
    out += ',';  // a key in the state has at least one meta
    out += *meta;
    copied = offset;
  }
  const std::size_t closing_brace = state.size() - 1;
  out.append(state, copied, closing_brace - copied);
  if (!added.empty()) {
    if (state.size() > 2) out += ',';
    out += new_keys_json(added);
  }
  out += '}';
  return out;
}

}  // namespace quest_live::presence::detail
