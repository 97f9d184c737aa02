// Methods of the built-in Bytes type: len, get, slice, decode,
// hex, ascii, to_array, find, eq/neq. Bytes are immutable; every method returns new data.
#include <algorithm>

#include "builtin_registry.hpp"
#include "bytes_codec.hpp"
#include "quest/vm.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

const std::string& self_bytes(const Args& args) {
  if (!args.self().is_bytes()) throw_error("TypeErr", "Bytes method called on " + type_name_of(args.self()));
  return args.self().as_bytes().data;
}

Value decode_bytes(const std::string& data, const std::string& encoding) {
  if (encoding == "utf-8" || encoding == "utf8") {
    if (!text::is_valid_utf8(data)) throw_error("ValueErr", "Invalid UTF-8 in bytes");
    return make_str(data);
  }
  if (encoding == "ascii") {
    if (!text::is_ascii_text(data)) throw_error("ValueErr", "Bytes contain non-ASCII data");
    return make_str(data);
  }
  if (encoding == "hex") return make_str(codec::hex_encode(data));
  if (encoding == "b64" || encoding == "base64") return make_str(codec::base64_encode(data));
  if (encoding == "b64url" || encoding == "base64url") return make_str(codec::base64url_encode(data));
  throw_error("ValueErr", "decode: unknown encoding '" + encoding + "' (use utf-8, ascii, hex, b64 or b64url)");
}

// Printable ASCII stays, everything else becomes '.', like a hex dump's text column.
std::string ascii_view(const std::string& data) {
  std::string out = data;
  std::replace_if(out.begin(), out.end(), [](char c) { return c < 0x20 || c > 0x7E; }, '.');
  return out;
}

Value byte_array(const std::string& data) {
  std::vector<Value> items;
  items.reserve(data.size());
  for (unsigned char byte : data) items.push_back(Value::integer(byte));
  return make_array(std::move(items));
}

bool same_bytes(const Args& args, const char* method) {
  const Value& other = arg_any(args, 1, method);
  return other.is_bytes() && other.as_bytes().data == self_bytes(args);
}

void register_access(Vm& vm) {
  vm.register_method("Bytes", "len", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(self_bytes(args).size()));
  }, 0, 0);
  vm.register_method("Bytes", "get", [](Vm&, const Args& args) {
    const std::string& data = self_bytes(args);
    int64_t index = arg_int(args, 1, "get");
    const auto length = static_cast<int64_t>(data.size());
    if (index < 0) index += length;
    if (index < 0 || index >= length) {
      throw_error("IndexErr", "Index " + std::to_string(arg_int(args, 1, "get")) + " out of bounds for bytes of length " +
                                  std::to_string(length));
    }
    return Value::integer(static_cast<unsigned char>(data[static_cast<size_t>(index)]));
  }, 1, 1);
  vm.register_method("Bytes", "slice", [](Vm&, const Args& args) {
    const std::string& data = self_bytes(args);
    const int64_t start = arg_int(args, 1, "slice");
    const int64_t end = arg_int(args, 2, "slice");
    const auto length = static_cast<int64_t>(data.size());
    if (start < 0 || end < start || end > length) {
      throw_error("IndexErr", "Invalid slice range " + std::to_string(start) + ".." + std::to_string(end) +
                                  " for bytes of length " + std::to_string(length));
    }
    return make_bytes(data.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)));
  }, 2, 2);
  vm.register_method("Bytes", "find", [](Vm&, const Args& args) {
    const size_t hit = self_bytes(args).find(arg_bytes(args, 1, "find").data);
    return hit == std::string::npos ? Value::nil() : Value::integer(static_cast<int64_t>(hit));
  }, 1, 1);
}

void register_conversions(Vm& vm) {
  vm.register_method("Bytes", "decode", [](Vm&, const Args& args) {
    return decode_bytes(self_bytes(args), opt_str(args, 1, "decode", "utf-8"));
  }, 0, 1);
  vm.register_method("Bytes", "hex", [](Vm&, const Args& args) {
    return make_str(codec::hex_encode(self_bytes(args)));
  }, 0, 0);
  vm.register_method("Bytes", "ascii", [](Vm&, const Args& args) {
    return make_str(ascii_view(self_bytes(args)));
  }, 0, 0);
  vm.register_method("Bytes", "to_array", [](Vm&, const Args& args) {
    return byte_array(self_bytes(args));
  }, 0, 0);
  vm.register_method("Bytes", "eq", [](Vm&, const Args& args) { return Value::boolean(same_bytes(args, "eq")); }, 1, 1);
  vm.register_method("Bytes", "neq", [](Vm&, const Args& args) { return Value::boolean(!same_bytes(args, "neq")); }, 1, 1);
}

}  // namespace

void register_bytes_methods(Vm& vm) {
  register_access(vm);
  register_conversions(vm);
}

}  // namespace quest
