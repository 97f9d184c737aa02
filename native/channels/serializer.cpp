// Phoenix V2 JSON frames with RapidJSON. Decoding checks the whole frame is UTF-8, then
// makes one iterative SAX pass (no recursion: hostile nesting cannot exhaust an I/O
// thread's stack; deeper than max_nesting_depth is refused) that builds no DOM; a frame that fails is parsed once more without validation only to recover
// where to send the error reply (see README: "Malformed frames").
#include "quest_live/channels/serializer.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <rapidjson/encodedstream.h>
#include <rapidjson/encodings.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace quest_live::channels {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

bool is_valid_utf8(std::string_view text) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  while (stream.Tell() < text.size()) {
    unsigned codepoint = 0;
    if (!rapidjson::UTF8<>::Decode(stream, &codepoint)) return false;
  }
  return true;
}

// Reads [join_ref, ref, topic, event, payload] as SAX events: the strings among the first
// four elements are copied out, the payload is only located (the offsets of its '{' and
// '}'), and each element's kind is noted so the shape is checked once the parse is done.
// It never stops the parse early: a syntax error anywhere must win over a shape error.
enum class Kind : std::uint8_t { missing, null, string, object, other };

template <typename Stream>
class FrameReader {
 public:
  explicit FrameReader(const Stream& stream) : stream_(stream) {}

  bool Null() { return scalar(Kind::null); }
  bool Bool(bool) { return scalar(Kind::other); }
  bool Int(int) { return scalar(Kind::other); }
  bool Uint(unsigned) { return scalar(Kind::other); }
  bool Int64(std::int64_t) { return scalar(Kind::other); }
  bool Uint64(std::uint64_t) { return scalar(Kind::other); }
  // A number past the range of a double (-3e308) reads as an infinity, which no JSON
  // writer can give back (found by fuzzing: the payload did not survive re-encoding).
  // Refused as the Quest JSON parser refuses it; stops the parse.
  bool Double(double d) {
    if (!std::isfinite(d)) {
      out_of_range_ = true;
      return false;
    }
    return scalar(Kind::other);
  }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return scalar(Kind::other); }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (holds_lone_surrogate(text, length)) return false;
    if (depth_ == 1 && elements_ < 4) strings_[elements_].emplace(text, length);
    return scalar(Kind::string);
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) { return !holds_lone_surrogate(text, length); }
  bool StartObject() { return open(Kind::object); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(Kind::other); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool root_is_array() const { return root_is_array_; }
  bool too_deep() const { return too_deep_; }
  bool out_of_range() const { return out_of_range_; }
  bool lone_surrogate() const { return lone_surrogate_; }
  std::size_t elements() const { return elements_; }
  Kind kind(std::size_t index) const { return kinds_[index]; }
  std::optional<std::string>& string(std::size_t index) { return strings_[index]; }
  std::size_t payload_begin() const { return payload_begin_; }
  std::size_t payload_end() const { return payload_end_; }

 private:
  // RapidJSON 1.1 turns a \u escape of a lone low surrogate (\uDC00-\uDFFF) into the
  // bytes ED B0-BF xx, which are not UTF-8: the payload could not be encoded again (found
  // by fuzzing). The frame's own bytes are valid UTF-8 (checked first), so only such an
  // escape puts ED A0-BF into decoded text. Refused as invalid UTF-8; stops the parse.
  bool holds_lone_surrogate(const char* text, rapidjson::SizeType length) {
    const char* end = text + length;
    for (const char* p = text; (p = static_cast<const char*>(std::memchr(p, 0xED, end - p))) && p + 1 < end; ++p) {
      if (static_cast<unsigned char>(p[1]) >= 0xA0) {
        lone_surrogate_ = true;
        return true;
      }
    }
    return false;
  }
  bool scalar(Kind kind) {
    if (depth_ == 0) root_is_array_ = false;
    if (depth_ == 1) note(kind);
    return true;
  }
  // The iterative reader calls this with the stream AT the '{' or '[' (not past it).
  bool open(Kind kind) {
    if (static_cast<std::size_t>(depth_) >= max_nesting_depth) {
      too_deep_ = true;
      return false;  // stops the parse: kParseErrorTermination
    }
    if (depth_ == 0) root_is_array_ = kind != Kind::object;
    if (depth_ == 1) {
      opened_ = kind;
      if (elements_ == 4) payload_begin_ = stream_.Tell();
    }
    ++depth_;
    return true;
  }
  // Likewise with the stream at the '}' or ']'.
  bool close() {
    --depth_;
    if (depth_ == 1) {
      if (elements_ == 4) payload_end_ = stream_.Tell() + 1;
      note(opened_);
    }
    return true;
  }
  void note(Kind kind) {
    if (elements_ < 5) kinds_[elements_] = kind;
    ++elements_;
  }

  const Stream& stream_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool out_of_range_ = false;
  bool lone_surrogate_ = false;
  bool root_is_array_ = false;
  Kind opened_ = Kind::other;  // the kind of the depth-1 container being read
  std::size_t elements_ = 0;
  Kind kinds_[5] = {Kind::missing, Kind::missing, Kind::missing, Kind::missing, Kind::missing};
  std::optional<std::string> strings_[4];
  std::size_t payload_begin_ = 0;
  std::size_t payload_end_ = 0;
};

using InputStream = rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream>;

// One SAX pass over `frame` into `reader`'s handler; returns the parse error, if any.
// The RapidJSON reader keeps its scratch stack between frames, so after the first frame
// on a thread a decode allocates only the strings it copies out.
template <unsigned Flags>
rapidjson::ParseErrorCode read_frame(InputStream& stream, FrameReader<InputStream>& handler) {
  thread_local rapidjson::Reader reader;
  reader.Parse<Flags | rapidjson::kParseIterativeFlag>(stream, handler);
  return reader.GetParseErrorCode();
}

bool is_optional_string(Kind kind) { return kind == Kind::null || kind == Kind::string; }

DecodeError check_shape(const FrameReader<InputStream>& frame) {
  if (!frame.root_is_array()) return DecodeError::not_array;
  if (frame.elements() != 5) return DecodeError::wrong_arity;
  if (!is_optional_string(frame.kind(0))) return DecodeError::bad_join_ref;
  if (!is_optional_string(frame.kind(1))) return DecodeError::bad_ref;
  if (frame.kind(2) != Kind::string) return DecodeError::bad_topic;
  if (frame.kind(3) != Kind::string) return DecodeError::bad_event;
  if (frame.kind(4) != Kind::object) return DecodeError::bad_payload;
  return DecodeError::none;
}

// The strings among the first three elements that are safe to echo in an error reply.
void recover_address(FrameReader<InputStream>& frame, DecodeResult& result) {
  if (!frame.root_is_array()) return;
  auto echoable = [&](std::size_t index) -> std::optional<std::string> {
    auto& text = frame.string(index);
    if (!text || !is_valid_utf8(*text)) return std::nullopt;
    return std::move(text);
  };
  result.join_ref = echoable(0);
  result.ref = echoable(1);
  result.topic = echoable(2);
}

void write_optional(Writer& writer, const std::optional<std::string>& text) {
  if (text) {
    writer.String(text->data(), static_cast<rapidjson::SizeType>(text->size()));
  } else {
    writer.Null();
  }
}

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

std::string_view describe(DecodeError error) {
  switch (error) {
    case DecodeError::none: return "ok";
    case DecodeError::too_large: return "frame too large";
    case DecodeError::too_deep: return "nesting too deep";
    case DecodeError::invalid_utf8: return "invalid UTF-8";
    case DecodeError::not_json: return "not JSON";
    case DecodeError::number_out_of_range: return "number past the range of a double";
    case DecodeError::not_array: return "not a JSON array";
    case DecodeError::wrong_arity: return "expected [join_ref, ref, topic, event, payload]";
    case DecodeError::bad_join_ref: return "join_ref must be a string or null";
    case DecodeError::bad_ref: return "ref must be a string or null";
    case DecodeError::bad_topic: return "topic must be a string";
    case DecodeError::bad_event: return "event must be a string";
    case DecodeError::bad_payload: return "payload must be an object";
  }
  return "unknown error";
}

DecodeResult decode(std::string_view frame, std::size_t max_frame_bytes) {
  DecodeResult result;
  if (frame.size() > max_frame_bytes) {
    result.error = DecodeError::too_large;
    return result;
  }
  // The reader validates only inside strings and skips some stray bytes before the
  // array (found by fuzzing: a leading 0xBB), so the whole frame is checked first.
  const bool frame_is_utf8 = is_valid_utf8(frame);
  rapidjson::MemoryStream bytes(frame.data(), frame.size());
  InputStream stream(bytes);
  FrameReader<InputStream> parts(stream);
  const auto parse_error = frame_is_utf8
                               ? read_frame<rapidjson::kParseValidateEncodingFlag>(stream, parts)
                               : rapidjson::kParseErrorStringInvalidEncoding;
  if (parse_error != rapidjson::kParseErrorNone) {
    const bool bad_encoding = parse_error == rapidjson::kParseErrorStringInvalidEncoding || parts.lone_surrogate();
    result.error = bad_encoding          ? DecodeError::invalid_utf8
                   : parts.too_deep()     ? DecodeError::too_deep
                   : parts.out_of_range() ? DecodeError::number_out_of_range
                                          : DecodeError::not_json;
    if (parts.too_deep() || parts.out_of_range() || parts.lone_surrogate()) {
      recover_address(parts, result);
    } else if (bad_encoding) {
      // Parsed once more without validation, only to learn where to send the error reply.
      rapidjson::MemoryStream lenient_bytes(frame.data(), frame.size());
      InputStream lenient_stream(lenient_bytes);
      FrameReader<InputStream> lenient(lenient_stream);
      if (read_frame<rapidjson::kParseDefaultFlags>(lenient_stream, lenient) == rapidjson::kParseErrorNone) {
        recover_address(lenient, result);
      }
    }
    return result;
  }
  result.error = check_shape(parts);
  if (!result.ok()) {
    recover_address(parts, result);
    return result;
  }
  Message message;
  message.join_ref = std::move(parts.string(0));
  message.ref = std::move(parts.string(1));
  message.topic = std::move(*parts.string(2));
  message.event = std::move(*parts.string(3));
  message.payload_json = frame.substr(parts.payload_begin(), parts.payload_end() - parts.payload_begin());
  result.message = std::move(message);
  return result;
}

// Forwards a reader's events to a Document, converting number text itself: RapidJSON
// 1.1's full-precision conversion is not exact either (found by fuzzing: a long
// mantissa, 999999000200000000000003136633e...-like, came back a different double after
// one write and read; the Quest parser had the same trouble), and its default one is a
// ULP off at times (-3e30). std::from_chars is exact. Integers that fit keep RapidJSON's
// Int/Uint/Int64/Uint64 kinds.
class ExactNumbers {
 public:
  explicit ExactNumbers(rapidjson::Document& document) : document_(document) {}
  bool Null() { return document_.Null(); }
  bool Bool(bool b) { return document_.Bool(b); }
  bool Int(int i) { return document_.Int(i); }
  bool Uint(unsigned u) { return document_.Uint(u); }
  bool Int64(std::int64_t i) { return document_.Int64(i); }
  bool Uint64(std::uint64_t u) { return document_.Uint64(u); }
  bool Double(double d) { return document_.Double(d); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    const char* end = text + length;
    const bool integral = std::find_if(text, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == end;
    if (integral) {
      if (text[0] == '-') {
        std::int64_t i = 0;
        if (auto [stop, error] = std::from_chars(text, end, i); error == std::errc() && stop == end)
          return i >= INT32_MIN ? document_.Int(static_cast<int>(i)) : document_.Int64(i);
      } else {
        std::uint64_t u = 0;
        if (auto [stop, error] = std::from_chars(text, end, u); error == std::errc() && stop == end)
          return u <= UINT32_MAX ? document_.Uint(static_cast<unsigned>(u)) : document_.Uint64(u);
      }
    }
    double d = 0;
    const auto [stop, error] = std::from_chars(text, end, d);
    if (error == std::errc::result_out_of_range) d = std::strtod(std::string(text, length).c_str(), nullptr);
    else if (error != std::errc() || stop != end) return false;
    return std::isfinite(d) && document_.Double(d);  // decode() refused infinities already
  }
  bool String(const char* text, rapidjson::SizeType length, bool copy) { return document_.String(text, length, copy); }
  bool Key(const char* text, rapidjson::SizeType length, bool copy) { return document_.Key(text, length, copy); }
  bool StartObject() { return document_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) { return document_.EndObject(members); }
  bool StartArray() { return document_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return document_.EndArray(elements); }

 private:
  rapidjson::Document& document_;
};

rapidjson::Document parse_payload(std::string_view payload_json) {
  // Iterative, like decode(), so it never recurses per level.
  rapidjson::Document document;
  auto generate = [payload_json](rapidjson::Document& target) {
    rapidjson::MemoryStream bytes(payload_json.data(), payload_json.size());
    InputStream stream(bytes);
    ExactNumbers handler(target);
    rapidjson::Reader reader;
    return !reader.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag>(stream, handler)
                .IsError();
  };
  document.Populate(generate);
  return document;
}

// The header goes through RapidJSON for escaping; the payload is appended as is, so a large
// payload (a presence_state) is copied exactly once.
std::string encode(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                   std::string_view topic, std::string_view event, std::string_view payload_json) {
  rapidjson::StringBuffer header;
  Writer writer(header);
  writer.StartArray();
  write_optional(writer, join_ref);
  write_optional(writer, ref);
  write_string(writer, topic);
  write_string(writer, event);
  // The writer is left with an open array; the frame is finished by hand below.
  std::string frame;
  frame.reserve(header.GetSize() + payload_json.size() + 2);
  frame.append(header.GetString(), header.GetSize());
  frame += ',';
  frame += payload_json;
  frame += ']';
  return frame;
}

std::string encode_reply(const std::optional<std::string>& join_ref, const std::optional<std::string>& ref,
                         std::string_view topic, std::string_view status, std::string_view response_json) {
  std::string payload;
  payload.reserve(response_json.size() + status.size() + 32);
  payload += R"({"status":)";
  rapidjson::StringBuffer status_buffer;
  Writer status_writer(status_buffer);
  write_string(status_writer, status);
  payload.append(status_buffer.GetString(), status_buffer.GetSize());
  payload += R"(,"response":)";
  payload += response_json;
  payload += '}';
  return encode(join_ref, ref, topic, "phx_reply", payload);
}

std::string reason_json(std::string_view reason) {
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("reason");
  write_string(writer, reason);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<BinaryPushHeader> read_binary_push_header(std::string_view frame) {
  constexpr std::size_t header_bytes = 5;  // kind, then four one-byte lengths
  if (frame.size() < header_bytes || frame[0] != 0) return std::nullopt;
  std::size_t lengths[4];
  std::size_t offset = header_bytes;
  for (int i = 0; i < 4; ++i) lengths[i] = static_cast<unsigned char>(frame[1 + i]);
  std::string_view fields[4];
  for (int i = 0; i < 4; ++i) {
    if (frame.size() - offset < lengths[i]) return std::nullopt;
    fields[i] = frame.substr(offset, lengths[i]);
    offset += lengths[i];
  }
  for (auto field : fields) {
    if (!is_valid_utf8(field)) return std::nullopt;
  }
  BinaryPushHeader header;
  if (!fields[0].empty()) header.join_ref = std::string(fields[0]);
  header.ref = std::string(fields[1]);
  header.topic = std::string(fields[2]);
  header.event = std::string(fields[3]);
  if (header.ref.empty() || header.topic.empty()) return std::nullopt;
  return header;
}

}  // namespace quest_live::channels
