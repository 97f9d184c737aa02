#include "meta_json.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace quest_live::presence::detail {

std::optional<std::string> normalize_meta(std::string_view meta_json) {
  rapidjson::Document meta;
  meta.Parse<rapidjson::kParseValidateEncodingFlag>(meta_json.data(), meta_json.size());
  if (meta.HasParseError() || !meta.IsObject()) return std::nullopt;
  while (meta.EraseMember("phx_ref")) {
  }
  while (meta.EraseMember("phx_ref_prev")) {
  }
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  meta.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string stamp_meta(const std::string& normalized, const std::string& phx_ref, const std::string* phx_ref_prev) {
  std::string stamped(normalized, 0, normalized.size() - 1);  // drop the closing brace
  if (normalized != "{}") stamped += ',';
  stamped += R"("phx_ref":")" + phx_ref + '"';
  if (phx_ref_prev) stamped += R"(,"phx_ref_prev":")" + *phx_ref_prev + '"';
  stamped += '}';
  return stamped;
}

}  // namespace quest_live::presence::detail
