#include "uuid_value.hpp"

#include <chrono>
#include <cstring>
#include <mutex>
#include <openssl/rand.h>
#include <uuid/uuid.h>

#include "bytes_codec.hpp"

namespace quest {

std::string UuidObject::to_display() const { return uuid::hyphenated(bytes_); }

namespace uuid {

namespace {

UuidBytes from_libuuid(const uuid_t raw) {
  UuidBytes bytes;
  std::memcpy(bytes.data(), raw, 16);
  return bytes;
}

void fill_random(std::uint8_t* out, size_t count) {
  if (RAND_bytes(out, static_cast<int>(count)) != 1) {
    uuid_t fallback;  // libuuid reads /dev/urandom itself
    uuid_generate_random(fallback);
    std::memcpy(out, fallback, count < 16 ? count : 16);
  }
}

void stamp(UuidBytes& bytes, int version) {
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | (version << 4));
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);
}

void set_node(UuidBytes& bytes, std::string_view node) {
  if (node.size() == 6) {
    std::memcpy(bytes.data() + 10, node.data(), 6);
  } else {
    fill_random(bytes.data() + 10, 6);
    bytes[10] |= 0x01;  // multicast bit marks a random node id
  }
}

UuidBytes name_based(const UuidBytes& name_space, std::string_view name, bool sha1) {
  uuid_t ns;
  uuid_t out;
  std::memcpy(ns, name_space.data(), 16);
  if (sha1) uuid_generate_sha1(out, ns, name.data(), name.size());
  else uuid_generate_md5(out, ns, name.data(), name.size());
  return from_libuuid(out);
}

}  // namespace

std::string simple(const UuidBytes& bytes) {
  return codec::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

std::string hyphenated(const UuidBytes& bytes) {
  const std::string hex = simple(bytes);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

int version(const UuidBytes& bytes) { return bytes[6] >> 4; }

std::string variant(const UuidBytes& bytes) {
  const std::uint8_t high = bytes[8];
  if ((high & 0x80) == 0) return "NCS";
  if ((high & 0xC0) == 0x80) return "RFC4122";
  if ((high & 0xE0) == 0xC0) return "Microsoft";
  return "Future";
}

bool is_nil(const UuidBytes& bytes) {
  for (std::uint8_t byte : bytes) {
    if (byte != 0) return false;
  }
  return true;
}

std::optional<UuidBytes> parse(std::string_view text) {
  if (text.size() > 9 && (text.substr(0, 9) == "urn:uuid:" || text.substr(0, 9) == "URN:UUID:")) text.remove_prefix(9);
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  std::string digits;
  if (text.size() == 36) {
    for (size_t i = 0; i < text.size(); ++i) {
      const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_position != (text[i] == '-')) return std::nullopt;
      if (!dash_position) digits += text[i];
    }
  } else if (text.size() == 32) {
    digits = text;
  } else {
    return std::nullopt;
  }
  const std::optional<std::string> raw = codec::hex_decode(digits);
  return raw ? from_raw(*raw) : std::nullopt;
}

std::optional<UuidBytes> from_raw(std::string_view raw) {
  if (raw.size() != 16) return std::nullopt;
  UuidBytes bytes;
  std::memcpy(bytes.data(), raw.data(), 16);
  return bytes;
}

UuidBytes v1(std::string_view node) {
  uuid_t raw;
  uuid_generate_time(raw);
  UuidBytes bytes = from_libuuid(raw);
  set_node(bytes, node);
  return bytes;
}

UuidBytes v3(const UuidBytes& name_space, std::string_view name) { return name_based(name_space, name, false); }
UuidBytes v5(const UuidBytes& name_space, std::string_view name) { return name_based(name_space, name, true); }

UuidBytes v4() {
  uuid_t raw;
  uuid_generate_random(raw);
  return from_libuuid(raw);
}

// Same 60-bit Gregorian timestamp as v1, stored high bits first so ids sort by time.
UuidBytes v6(std::string_view node) {
  const UuidBytes time_based = v1(node);
  const auto byte = [&](int i) { return static_cast<std::uint64_t>(time_based[static_cast<size_t>(i)]); };
  const std::uint64_t time_low = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
  const std::uint64_t time_mid = byte(4) << 8 | byte(5);
  const std::uint64_t time_high = (byte(6) & 0x0F) << 8 | byte(7);
  const std::uint64_t timestamp = time_high << 48 | time_mid << 32 | time_low;
  UuidBytes bytes = time_based;
  for (int i = 0; i < 6; ++i) bytes[static_cast<size_t>(i)] = static_cast<std::uint8_t>(timestamp >> (52 - 8 * i));
  bytes[6] = static_cast<std::uint8_t>(0x60 | ((timestamp >> 8) & 0x0F));
  bytes[7] = static_cast<std::uint8_t>(timestamp & 0xFF);
  return bytes;
}

// 48-bit Unix ms, then a 12-bit counter (rand_a) that restarts at a random value
// each new millisecond; the mutex keeps the counter consistent across threads.
UuidBytes v7() {
  static std::mutex mutex;
  static std::uint64_t last_ms = 0;
  static std::uint16_t counter = 0;
  UuidBytes bytes;
  fill_random(bytes.data(), bytes.size());
  std::uint64_t ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::system_clock::now().time_since_epoch()).count());
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0x0FFF) ++ms, counter = 0;
    } else {
      counter = static_cast<std::uint16_t>(((bytes[6] << 8) | bytes[7]) & 0x03FF);  // leave headroom
    }
    last_ms = ms;
  }
  for (int i = 0; i < 6; ++i) bytes[static_cast<size_t>(i)] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  bytes[6] = static_cast<std::uint8_t>(counter >> 8);
  bytes[7] = static_cast<std::uint8_t>(counter & 0xFF);
  stamp(bytes, 7);
  return bytes;
}

UuidBytes v8(const UuidBytes& custom) {
  UuidBytes bytes = custom;
  stamp(bytes, 8);
  return bytes;
}

}  // namespace uuid
}  // namespace quest
