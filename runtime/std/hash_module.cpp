// std/hash: hex digests (md5, sha1, sha256, sha384, sha512), HMAC-SHA256/512 and crc32
// over Str or Bytes input. bcrypt is not offered.
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

void build(Vm&, ModuleBuilder& module) {
  module.doc("Cryptographic digests, HMAC and CRC32 (hex string results).");
  for (const char* algorithm : {"md5", "sha1", "sha256", "sha384", "sha512"}) digest_function(module, algorithm);
  for (const char* algorithm : {"sha1", "sha256", "sha512"}) hmac_function(module, algorithm);
  module.function("crc32", [](Vm&, const Args& args) {
    return Value::integer(digest::crc32(arg_data(args, 1, "crc32")));
  }, 1, 1);
}

}  // namespace

void register_hash_module(Vm& vm) { vm.register_native_module("std/hash", build); }

}  // namespace quest
