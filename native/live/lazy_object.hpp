// A JSON object a diff may or may not need, for writing diffs in one streaming pass.
//
// A nested node's diff is omitted when nothing under it changed, but the RapidJSON
// Writer cannot take back a key. So each nested object is a LazyObject: nothing is
// written until the first change below it asks to write, which opens every unopened
// ancestor in order. A moved comprehension entry opens as `"i":[j,{` and, if nothing
// changed inside it, closes as `"i":j`.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace quest_live::live {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

class LazyObject {
 public:
  // The top-level object, already started by the caller.
  explicit LazyObject(JsonWriter& writer) : writer_(writer), opened_(true) {}

  LazyObject(LazyObject& parent, std::string_view key, long moved_from = -1)
      : writer_(parent.writer_), parent_(&parent), moved_from_(moved_from) {
    key_length_ = static_cast<unsigned>(std::min(key.size(), sizeof key_));
    key.copy(key_, key_length_);
  }

  LazyObject(LazyObject& parent, std::size_t index, long moved_from = -1)
      : writer_(parent.writer_), parent_(&parent), moved_from_(moved_from) {
    key_length_ = static_cast<unsigned>(std::to_chars(key_, key_ + sizeof key_, index).ptr - key_);
  }

  LazyObject(const LazyObject&) = delete;
  LazyObject& operator=(const LazyObject&) = delete;

  // Opens the object (and its ancestors) and writes `key`; the caller writes the value.
  JsonWriter& key(std::string_view key) {
    open();
    writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
    return writer_;
  }

  JsonWriter& key(std::size_t index) {
    char digits[24];
    const auto length = std::to_chars(digits, digits + sizeof digits, index).ptr - digits;
    return key(std::string_view(digits, static_cast<std::size_t>(length)));
  }

  void open() {
    if (opened_) return;
    parent_->open();
    writer_.Key(key_, key_length_);
    if (moved_from_ >= 0) {
      writer_.StartArray();
      writer_.Int64(moved_from_);
    }
    writer_.StartObject();
    opened_ = true;
  }

  bool opened() const { return opened_; }

  // Ends the object if it was opened; an unopened move still writes `"i":j`.
  void close() {
    if (opened_) {
      writer_.EndObject();
      if (moved_from_ >= 0) writer_.EndArray();
    } else if (moved_from_ >= 0) {
      parent_->open();
      writer_.Key(key_, key_length_);
      writer_.Int64(moved_from_);
    }
  }

  JsonWriter& writer() { return writer_; }

 private:
  JsonWriter& writer_;
  LazyObject* parent_ = nullptr;
  char key_[24] = {};
  unsigned key_length_ = 0;
  long moved_from_ = -1;
  bool opened_ = false;
};

}  // namespace quest_live::live
