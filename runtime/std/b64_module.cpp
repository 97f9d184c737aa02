// std/encoding/b64 and std/encoding/hex. Encoders take Str or Bytes and return Str;
// decoders return Str when the result is UTF-8 text and Bytes otherwise.
#include "bytes_codec.hpp"
#include "std_support.hpp"

namespace quest {

namespace {

using Decoder = std::optional<std::string> (*)(std::string_view);

void decoder(ModuleBuilder& module, const std::string& name, Decoder decode, const std::string& what) {
  module.function(name, [decode, name, what](Vm&, const Args& args) {
    std::optional<std::string> decoded = decode(arg_str(args, 1, name));
    if (!decoded) throw_error("ValueErr", name + ": invalid " + what + " input");
    return text_or_bytes(std::move(*decoded));
  }, 1, 1);
}

void build_b64(Vm&, ModuleBuilder& module) {
  module.doc("Base64 encoding (standard and URL-safe).");
  module.function("encode", [](Vm&, const Args& args) {
    return make_str(codec::base64_encode(arg_data(args, 1, "encode")));
  }, 1, 1);
  module.function("encode_url", [](Vm&, const Args& args) {
    return make_str(codec::base64url_encode(arg_data(args, 1, "encode_url")));
  }, 1, 1);
  decoder(module, "decode", codec::base64_decode, "base64");
  decoder(module, "decode_url", codec::base64url_decode, "url-safe base64");
}

std::optional<std::string> hex_without_separators(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != ':' && c != '-' && c != ' ' && c != '_') digits += c;
  }
  return codec::hex_decode(digits);
}

void build_hex(Vm&, ModuleBuilder& module) {
  module.doc("Hexadecimal encoding.");
  module.function("encode", [](Vm&, const Args& args) {
    return make_str(codec::hex_encode(arg_data(args, 1, "encode")));
  }, 1, 1);
  module.function("encode_upper", [](Vm&, const Args& args) {
    return make_str(codec::hex_encode(arg_data(args, 1, "encode_upper"), true));
  }, 1, 1);
  module.function("encode_with_sep", [](Vm&, const Args& args) {
    const std::string hex = codec::hex_encode(arg_data(args, 1, "encode_with_sep"));
    const std::string& separator = arg_str(args, 2, "encode_with_sep");
    std::string out;
    for (size_t i = 0; i < hex.size(); i += 2) out += (i ? separator : "") + hex.substr(i, 2);
    return make_str(std::move(out));
  }, 2, 2);
  decoder(module, "decode", hex_without_separators, "hex");
  module.function("is_valid", [](Vm&, const Args& args) {
    return Value::boolean(hex_without_separators(arg_str(args, 1, "is_valid")).has_value());
  }, 1, 1);
}

}  // namespace

void register_b64_module(Vm& vm) { vm.register_native_module("std/encoding/b64", build_b64); }
void register_hex_module(Vm& vm) { vm.register_native_module("std/encoding/hex", build_hex); }

}  // namespace quest
