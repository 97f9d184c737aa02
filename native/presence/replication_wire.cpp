#include "replication_wire.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace quest_live::presence::wire {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& writer, const std::string& text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

// Opens {"type":T,"incarnation":I,"seq":N — the caller adds fields and closes it.
void write_header(Writer& writer, const char* type, const std::string& incarnation, std::uint64_t seq) {
  writer.StartObject();
  writer.Key("type");
  writer.String(type);
  writer.Key("incarnation");
  write_string(writer, incarnation);
  writer.Key("seq");
  writer.Uint64(seq);
}

void write_entries(Writer& writer, const std::vector<ReplicatedEntry>& entries, bool with_meta) {
  writer.StartArray();
  for (const auto& entry : entries) {
    writer.StartArray();
    write_string(writer, entry.topic);
    write_string(writer, entry.key);
    if (with_meta) write_string(writer, entry.owner);
    write_string(writer, entry.phx_ref);
    if (with_meta) writer.RawValue(entry.meta_json.data(), entry.meta_json.size(), rapidjson::kObjectType);
    writer.EndArray();
  }
  writer.EndArray();
}

std::string text_of(const rapidjson::StringBuffer& buffer) { return {buffer.GetString(), buffer.GetSize()}; }

bool read_entries(const rapidjson::Value& array, bool with_meta, std::vector<ReplicatedEntry>& into,
                  std::string& error) {
  if (!array.IsArray()) return error = "entries must be an array", false;
  const rapidjson::SizeType arity = with_meta ? 5 : 3;
  for (const auto& item : array.GetArray()) {
    if (!item.IsArray() || item.Size() != arity) return error = "an entry has the wrong shape", false;
    for (rapidjson::SizeType i = 0; i + (with_meta ? 1 : 0) < arity; ++i) {
      if (!item[i].IsString()) return error = "an entry field must be a string", false;
    }
    ReplicatedEntry entry;
    entry.topic = item[0].GetString();
    entry.key = item[1].GetString();
    if (with_meta) {
      entry.owner = item[2].GetString();
      entry.phx_ref = item[3].GetString();
      if (!item[4].IsObject()) return error = "a meta must be an object", false;
      rapidjson::StringBuffer buffer;
      Writer writer(buffer);
      item[4].Accept(writer);
      entry.meta_json = text_of(buffer);
    } else {
      entry.phx_ref = item[2].GetString();
    }
    into.push_back(std::move(entry));
  }
  return true;
}

std::optional<Type> type_named(std::string_view name) {
  if (name == "heartbeat") return Type::heartbeat;
  if (name == "delta") return Type::delta;
  if (name == "state") return Type::state;
  if (name == "sync") return Type::sync;
  if (name == "goodbye") return Type::goodbye;
  return std::nullopt;
}

}  // namespace

std::string encode_heartbeat(const std::string& incarnation, std::uint64_t seq) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_header(writer, "heartbeat", incarnation, seq);
  writer.EndObject();
  return text_of(buffer);
}

std::string encode_delta(const std::string& incarnation, std::uint64_t seq, const LocalChanges& changes) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_header(writer, "delta", incarnation, seq);
  writer.Key("joins");
  write_entries(writer, changes.joins, true);
  writer.Key("leaves");
  write_entries(writer, changes.leaves, false);
  writer.EndObject();
  return text_of(buffer);
}

std::string encode_state(const std::string& incarnation, std::uint64_t seq, const std::vector<ReplicatedEntry>& entries) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_header(writer, "state", incarnation, seq);
  writer.Key("entries");
  write_entries(writer, entries, true);
  writer.EndObject();
  return text_of(buffer);
}

std::string encode_sync(const std::string& to) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("type");
  writer.String("sync");
  writer.Key("to");
  write_string(writer, to);
  writer.EndObject();
  return text_of(buffer);
}

std::string encode_goodbye(const std::string& incarnation) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  write_header(writer, "goodbye", incarnation, 0);
  writer.EndObject();
  return text_of(buffer);
}

std::optional<Message> decode(std::string_view body, std::string& error) {
  rapidjson::Document document;
  document.Parse<rapidjson::kParseValidateEncodingFlag>(body.data(), body.size());
  if (document.HasParseError() || !document.IsObject()) return error = "not a JSON object", std::nullopt;
  auto type = document.FindMember("type");
  if (type == document.MemberEnd() || !type->value.IsString()) return error = "no type", std::nullopt;
  Message message;
  auto named = type_named(type->value.GetString());
  if (!named) return error = "unknown type", std::nullopt;
  message.type = *named;
  if (message.type == Type::sync) {
    auto to = document.FindMember("to");
    if (to == document.MemberEnd() || !to->value.IsString()) return error = "sync without a target", std::nullopt;
    message.to = to->value.GetString();
    return message;
  }
  auto incarnation = document.FindMember("incarnation");
  auto seq = document.FindMember("seq");
  if (incarnation == document.MemberEnd() || !incarnation->value.IsString() || seq == document.MemberEnd() ||
      !seq->value.IsUint64()) {
    return error = "no incarnation or seq", std::nullopt;
  }
  message.incarnation = incarnation->value.GetString();
  message.seq = seq->value.GetUint64();
  if (message.type == Type::delta) {
    auto joins = document.FindMember("joins");
    auto leaves = document.FindMember("leaves");
    if (joins == document.MemberEnd() || leaves == document.MemberEnd()) return error = "delta without joins or leaves", std::nullopt;
    if (!read_entries(joins->value, true, message.joins, error)) return std::nullopt;
    if (!read_entries(leaves->value, false, message.leaves, error)) return std::nullopt;
  } else if (message.type == Type::state) {
    auto entries = document.FindMember("entries");
    if (entries == document.MemberEnd()) return error = "state without entries", std::nullopt;
    if (!read_entries(entries->value, true, message.joins, error)) return std::nullopt;
  }
  return message;
}

}  // namespace quest_live::presence::wire
