// quest/json.hpp: the SAX builder (JSON -> Values) and the Writer walk (Values -> JSON).
#include "quest/json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <rapidjson/error/en.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <vector>

namespace quest::json {

namespace {

// Builds Quest values from SAX events. `stack_` holds the open containers; a value
// completed at depth 0 becomes the result.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  // RapidJSON 1.1 checks that a high surrogate escape has its low half, but turns a lone
  // low one (\uDC00-\uDFFF) into the bytes ED B0-BF xx, which are not UTF-8, so a Str
  // would hold invalid text (found by fuzzing the Phoenix decoder, which had the same
  // gap). Only such an escape can put ED A0-BF into decoded text: JSON text given as
  // Quest text is UTF-8, and the surrogate pairs RapidJSON joins come out as 4 bytes.
  bool holds_lone_surrogate(const char* text, rapidjson::SizeType length) {
    const char* end = text + length;
    for (const char* p = text; (p = static_cast<const char*>(std::memchr(p, 0xED, end - p))) && p + 1 < end; ++p) {
      if (static_cast<unsigned char>(p[1]) >= 0xA0) {
        lone_surrogate = true;
        return true;
      }
    }
    return false;
  }
  bool Null() { return add(Value::nil()); }
  bool Bool(bool b) { return add(Value::boolean(b)); }
  // Numbers arrive as their text (kParseNumbersAsStringsFlag) and are converted here.
  // RapidJSON 1.1's full-precision conversion gets huge exponents wrong without a word:
  // -12272036854e308 read as -3.8e-299 and -1.2272036854e318 as +3.8e-299 (found by
  // fuzzing, as a failed assertion in its ieee754.h); its fast conversion is not
  // correctly rounded. std::from_chars is both exact and fast.
  //   an integer literal that fits Int is an Int; a longer one is a Float (as before,
  //   and as JSON.parse reads it); a fraction or exponent makes a Float; a number past
  //   the range of a double is refused (stringify could not write infinity back); one
  //   that underflows becomes 0.0 or a denormal.
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    const char* end = text + length;
    const bool integral = std::find_if(text, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; }) == end;
    if (integral) {
      std::int64_t i = 0;
      const auto [stop, error] = std::from_chars(text, end, i);
      if (error == std::errc() && stop == end) return add(Value::integer(i));
    }
    double d = 0;
    const auto [stop, error] = std::from_chars(text, end, d);
    if (error == std::errc::result_out_of_range) {
      // Overflow or underflow: strtod tells which (HUGE_VAL or a value near zero).
      d = std::strtod(std::string(text, length).c_str(), nullptr);
    } else if (error != std::errc() || stop != end) {
      return false;  // cannot happen for the reader's number grammar; refused, not guessed
    }
    if (!std::isfinite(d)) {
      out_of_range = true;
      return false;
    }
    return add(Value::number(d));
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (holds_lone_surrogate(text, length)) return false;
    return add(make_str(std::string(text, length)));
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    if (holds_lone_surrogate(text, length)) return false;
    stack_.back().key.assign(text, length);
    return true;
  }
  bool StartObject() { return open(make_dict()); }
  bool StartArray() { return open(make_array()); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  Value result;
  bool too_deep = false;
  bool out_of_range = false;  // a number past the range of a double (see Double)
  bool lone_surrogate = false;  // a \uDC00-\uDFFF escape with no high surrogate before it

 private:
  struct Frame {
    Value container;
    std::string key;
  };

  bool add(const Value& value) {
    if (stack_.empty()) {
      result = value;
      return true;
    }
    Frame& top = stack_.back();
    if (top.container.is_dict()) top.container.as_dict().set(top.key, value);
    else top.container.as_array().items.push_back(value);
    return true;
  }
  bool open(Value container) {
    if (stack_.size() >= kMaxDepth) {
      too_deep = true;
      return false;
    }
    stack_.push_back(Frame{std::move(container), {}});
    return true;
  }
  bool close() {
    const Value done = stack_.back().container;
    stack_.pop_back();
    return add(done);
  }

  std::vector<Frame> stack_;
};

template <class Writer>
class ValueWriter {
 public:
  ValueWriter(Vm& vm, Writer& writer) : vm_(vm), writer_(writer) {}

  // `depth` counts the containers around `value`; like parse, at most kMaxDepth may nest.
  void write(const Value& value, size_t depth) {
    if ((value.is_array() || value.is_dict()) && depth >= kMaxDepth) {
      throw_error("ValueErr", "stringify: nesting deeper than " + std::to_string(kMaxDepth) + " (circular structure?)");
    }
    if (value.is_nil()) writer_.Null();
    else if (value.is_bool()) writer_.Bool(value.as_bool());
    else if (value.is_int()) writer_.Int64(value.as_int());
    else if (value.is_float()) write_float(value.as_float());
    else if (value.is_str()) write_string(value.as_str());
    else if (value.is_array()) write_array(value.as_array(), depth);
    else if (value.is_dict()) write_dict(value.as_dict(), depth);
    else if (value.is_native()) write_string(vm_.to_str(value));
    else throw_error("TypeErr", "stringify: cannot convert " + type_name_of(value) + " to JSON");
  }

 private:
  void write_float(double d) {
    if (!std::isfinite(d)) throw_error("ValueErr", "stringify: NaN and Infinity have no JSON form");
    writer_.Double(d);
  }
  void write_string(const std::string& s) { writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  void write_array(const ArrayObj& array, size_t depth) {
    writer_.StartArray();
    for (size_t i = 0; i < array.items.size(); ++i) write(array.items[i], depth + 1);
    writer_.EndArray();
  }
  void write_dict(const DictObj& dict, size_t depth) {
    writer_.StartObject();
    dict.for_each([&](const std::string& key, const Value& item) {
      writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
      write(item, depth + 1);
    });
    writer_.EndObject();
  }

  Vm& vm_;
  Writer& writer_;
};

// A RapidJSON output stream that appends to a caller's string (no intermediate buffer).
class AppendStream {
 public:
  using Ch = char;
  explicit AppendStream(std::string& out) : out_(out) {}
  void Put(char c) { out_.push_back(c); }
  void Flush() {}

 private:
  std::string& out_;
};

}  // namespace

ParseResult parse(std::string_view text) {
  ValueBuilder builder;
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  const rapidjson::ParseResult outcome = reader.Parse<kFlags>(stream, builder);
  if (builder.too_deep) return {false, Value(), "JSON nesting deeper than " + std::to_string(kMaxDepth)};
  if (builder.out_of_range)
    return {false, Value(), "number out of the range of a double at offset " + std::to_string(outcome.Offset())};
  if (builder.lone_surrogate)
    return {false, Value(), "a \\u escape of a lone surrogate (not a Unicode character) before offset " +
                                std::to_string(outcome.Offset())};
  if (outcome.IsError()) {
    return {false, Value(),
            std::string(rapidjson::GetParseError_En(outcome.Code())) + " at offset " + std::to_string(outcome.Offset())};
  }
  return {true, std::move(builder.result), ""};
}

Value parse_or_raise(std::string_view text) {
  ParseResult parsed = parse(text);
  if (!parsed.ok) throw QuestError("ValueErr", "invalid JSON: " + parsed.error);
  return std::move(parsed.value);
}

void append(Vm& vm, const Value& value, std::string& out) {
  AppendStream stream(out);
  rapidjson::Writer<AppendStream> writer(stream);
  ValueWriter(vm, writer).write(value, 0);
}

std::string stringify(Vm& vm, const Value& value, int indent) {
  if (indent < 0) {
    std::string out;
    append(vm, value, out);
    return out;
  }
  rapidjson::StringBuffer buffer;
  {
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', static_cast<unsigned>(indent));
    ValueWriter(vm, writer).write(value, 0);
  }
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace quest::json
