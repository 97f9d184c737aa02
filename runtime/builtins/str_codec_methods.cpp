// Str encode/decode (utf-8, hex, base64, base64url) and digests (hash, md5, sha1,
// sha256, sha512, crc32). Digests return lowercase hex; crc32 returns an Int.
#include "bytes_codec.hpp"
#include "bytes_digest.hpp"
#include "quest/vm.hpp"
#include "str_methods.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

Value encode_text(const std::string& text, const std::string& encoding) {
  if (encoding == "utf-8" || encoding == "utf8") return make_bytes(text);
  if (encoding == "hex") return make_str(codec::hex_encode(text));
  if (encoding == "b64" || encoding == "base64") return make_str(codec::base64_encode(text));
  if (encoding == "b64url" || encoding == "base64url") return make_str(codec::base64url_encode(text));
  throw_error("ValueErr", "encode: unknown encoding '" + encoding + "' (use utf-8, hex, b64 or b64url)");
}

std::optional<std::string> decode_bytes(const std::string& text, const std::string& encoding) {
  if (encoding == "hex") return codec::hex_decode(text);
  if (encoding == "b64" || encoding == "base64") return codec::base64_decode(text);
  if (encoding == "b64url" || encoding == "base64url") return codec::base64url_decode(text);
  if (encoding == "utf-8" || encoding == "utf8") return text;
  throw_error("ValueErr", "decode: unknown encoding '" + encoding + "' (use hex, b64 or b64url)");
}

Value decode_text(const std::string& text, const std::string& encoding) {
  std::optional<std::string> decoded = decode_bytes(text, encoding);
  if (!decoded) throw_error("ValueErr", "decode: invalid " + encoding + " input");
  if (!text::is_valid_utf8(*decoded)) throw_error("ValueErr", "decode: decoded " + encoding + " data is not valid UTF-8");
  return make_str(std::move(*decoded));
}

Value hash_text(const std::string& text, const std::string& algorithm) {
  if (algorithm == "crc32") return Value::integer(digest::crc32(text));
  std::optional<std::string> raw = digest::raw(algorithm, text);
  if (!raw) throw_error("ValueErr", "hash: unknown algorithm '" + algorithm + "' (use md5, sha1, sha256, sha512 or crc32)");
  return make_str(codec::hex_encode(*raw));
}

void register_digest_shortcut(Vm& vm, const std::string& algorithm) {
  vm.register_method("Str", algorithm, [algorithm](Vm&, const Args& args) {
    return hash_text(self_text(args), algorithm);
  }, 0, 0);
}

}  // namespace

void register_str_codec_methods(Vm& vm) {
  vm.register_method("Str", "encode", [](Vm&, const Args& args) {
    return encode_text(self_text(args), opt_str(args, 1, "encode", "utf-8"));
  }, 0, 1);
  vm.register_method("Str", "decode", [](Vm&, const Args& args) {
    return decode_text(self_text(args), arg_str(args, 1, "decode"));
  }, 1, 1);
  vm.register_method("Str", "hash", [](Vm&, const Args& args) {
    return hash_text(self_text(args), arg_str(args, 1, "hash"));
  }, 1, 1);
  for (const char* algorithm : {"md5", "sha1", "sha256", "sha512", "crc32"}) register_digest_shortcut(vm, algorithm);
}

}  // namespace quest
