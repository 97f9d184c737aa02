// The Uuid native object and the generators behind std/uuid.
//
// Versions: v1 and v4 come from libuuid; v3/v5 from libuuid's name-based generators
// (MD5 / SHA-1); v6 is a v1 timestamp re-laid out most-significant-first (RFC 9562);
// v7 is Unix milliseconds + random bits with a per-process counter so ids made in the
// same millisecond still sort in creation order; v8 stamps version/variant bits onto
// caller-supplied bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "quest/objects.hpp"

namespace quest {

using UuidBytes = std::array<std::uint8_t, 16>;

class UuidObject final : public NativeObject {
 public:
  UuidObject(const NativeClass* cls, const UuidBytes& bytes) : NativeObject(cls), bytes_(bytes) {}
  const UuidBytes& bytes() const { return bytes_; }
  std::string to_display() const override;

 private:
  UuidBytes bytes_;
};

namespace uuid {

std::string hyphenated(const UuidBytes& bytes);  // 8-4-4-4-12 lowercase hex
std::string simple(const UuidBytes& bytes);      // 32 lowercase hex digits
int version(const UuidBytes& bytes);
std::string variant(const UuidBytes& bytes);     // "RFC4122", "NCS", "Microsoft", "Future"
bool is_nil(const UuidBytes& bytes);

// Hyphenated, simple, `urn:uuid:` and `{...}` forms, any case; nullopt otherwise.
std::optional<UuidBytes> parse(std::string_view text);
std::optional<UuidBytes> from_raw(std::string_view raw);  // exactly 16 bytes

// `node` is 6 bytes, or empty for a random node id (multicast bit set, per RFC).
UuidBytes v1(std::string_view node);
UuidBytes v3(const UuidBytes& name_space, std::string_view name);
UuidBytes v4();
UuidBytes v5(const UuidBytes& name_space, std::string_view name);
UuidBytes v6(std::string_view node);
UuidBytes v7();
UuidBytes v8(const UuidBytes& custom);

}  // namespace uuid
}  // namespace quest
