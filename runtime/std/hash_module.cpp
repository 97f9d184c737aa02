// std/hash: hex digests (md5, sha1, sha256, sha384, sha512), HMAC-SHA1/256/512 and
// crc32 over Str or Bytes input, and bcrypt password hashing (libcrypt's "$2b$").
#include <crypt.h>
#include <cstring>
#include <memory>
#include <openssl/crypto.h>

#include "bytes_codec.hpp"
#include "bytes_digest.hpp"
#include "std_support.hpp"

namespace quest {

namespace {

void digest_function(ModuleBuilder& module, const std::string& algorithm) {
  module.function(algorithm, [algorithm](Vm&, const Args& args) {
    return make_str(codec::hex_encode(*digest::raw(algorithm, arg_data(args, 1, algorithm))));
  }, 1, 1);
}

void hmac_function(ModuleBuilder& module, const std::string& algorithm) {
  const std::string name = "hmac_" + algorithm;
  module.function(name, [algorithm, name](Vm&, const Args& args) {
    const std::string& data = arg_data(args, 1, name);
    const std::string& key = arg_data(args, 2, name);
    return make_str(codec::hex_encode(*digest::hmac_raw(algorithm, key, data)));
  }, 2, 2);
}

std::string bcrypt_hash(const std::string& password, int64_t cost) {
  if (cost < 4 || cost > 31) throw_error("ValueErr", "bcrypt: cost must be between 4 and 31, got " + std::to_string(cost));
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), nullptr, 0, salt, sizeof salt)) {
    throw_error("RuntimeErr", "bcrypt: cannot generate a salt");
  }
  auto data = std::make_unique<crypt_data>();  // large (32 KiB): keep it off the stack
  const char* hashed = crypt_r(password.c_str(), salt, data.get());
  if (!hashed || hashed[0] == '*') throw_error("RuntimeErr", "bcrypt: hashing failed");
  return hashed;
}

// A malformed stored hash verifies as false rather than raising.
bool bcrypt_matches(const std::string& password, const std::string& stored) {
  if (!stored.starts_with("$2")) return false;
  auto data = std::make_unique<crypt_data>();
  const char* hashed = crypt_r(password.c_str(), stored.c_str(), data.get());
  if (!hashed || hashed[0] == '*' || std::strlen(hashed) != stored.size()) return false;
  return CRYPTO_memcmp(hashed, stored.data(), stored.size()) == 0;
}

void build(Vm&, ModuleBuilder& module) {
  module.doc("Cryptographic digests, HMAC and CRC32 (hex string results).");
  for (const char* algorithm : {"md5", "sha1", "sha256", "sha384", "sha512"}) digest_function(module, algorithm);
  for (const char* algorithm : {"sha1", "sha256", "sha512"}) hmac_function(module, algorithm);
  module.function("crc32", [](Vm&, const Args& args) {
    return Value::integer(digest::crc32(arg_data(args, 1, "crc32")));
  }, 1, 1);
  module.function("bcrypt", [](Vm&, const Args& args) {
    return make_str(bcrypt_hash(arg_str(args, 1, "bcrypt"), opt_int(args, 2, "bcrypt", 10)));
  }, 1, 2);
  module.function("bcrypt_verify", [](Vm&, const Args& args) {
    return Value::boolean(bcrypt_matches(arg_str(args, 1, "bcrypt_verify"), arg_str(args, 2, "bcrypt_verify")));
  }, 2, 2);
}

}  // namespace

void register_hash_module(Vm& vm) { vm.register_native_module("std/hash", build); }

}  // namespace quest
