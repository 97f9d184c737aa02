// std/encoding/struct: Python-style pack/unpack with standard sizes and no alignment
// padding in every byte-order mode (native order is little-endian on our targets).
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>

#include "std_support.hpp"

namespace quest {

namespace {

struct Item {
  char code;
  size_t count;
};

struct Layout {
  bool big_endian = false;
  std::vector<Item> items;
  size_t size = 0;
};

size_t item_size(char code) {
  switch (code) {
    case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'l': case 'L': case 'f': return 4;
    case 'q': case 'Q': case 'd': return 8;
    default: return 0;
  }
}

Layout parse_layout(const std::string& format) {
  Layout layout;
  size_t pos = 0;
  if (!format.empty() && std::string_view("@=<>!").find(format[0]) != std::string_view::npos) {
    layout.big_endian = format[0] == '>' || format[0] == '!';
    pos = 1;
  }
  while (pos < format.size()) {
    if (format[pos] == ' ') { ++pos; continue; }
    size_t count = 1;
    if (std::isdigit(static_cast<unsigned char>(format[pos]))) {
      count = 0;
      while (pos < format.size() && std::isdigit(static_cast<unsigned char>(format[pos]))) {
        count = count * 10 + static_cast<size_t>(format[pos++] - '0');
        if (count > 1'000'000) throw_error("ValueErr", "struct: repeat count too large in '" + format + "'");
      }
      if (pos == format.size()) throw_error("ValueErr", "struct: repeat count without a format character in '" + format + "'");
    }
    const char code = format[pos++];
    if (item_size(code) == 0) throw_error("ValueErr", std::string("struct: bad format character '") + code + "'");
    layout.items.push_back({code, count});
    layout.size += item_size(code) * count;
  }
  return layout;
}

void put_uint(std::string& out, uint64_t value, size_t size, bool big_endian) {
  for (size_t i = 0; i < size; ++i) {
    const size_t shift = 8 * (big_endian ? size - 1 - i : i);
    out += static_cast<char>((value >> shift) & 0xFF);
  }
}

uint64_t get_uint(std::string_view data, size_t size, bool big_endian) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i) {
    const uint64_t byte = static_cast<unsigned char>(data[i]);
    value |= byte << (8 * (big_endian ? size - 1 - i : i));
  }
  return value;
}

uint64_t integer_bits(const Value& value, char code, size_t size) {
  if (!value.is_int()) throw_error("TypeErr", std::string("struct.pack: '") + code + "' needs an Int, got " + type_name_of(value));
  const int64_t v = value.as_int();
  const bool is_signed = code == 'b' || code == 'h' || code == 'i' || code == 'l' || code == 'q';
  const int bits = static_cast<int>(size * 8);
  const bool fits = is_signed ? (bits == 64 || (v >= -(int64_t{1} << (bits - 1)) && v < (int64_t{1} << (bits - 1))))
                              : (v >= 0 && (bits == 64 || v < (int64_t{1} << bits)));
  if (!fits) throw_error("ValueErr", std::string("struct.pack: ") + std::to_string(v) + " does not fit format '" + code + "'");
  return static_cast<uint64_t>(v);
}

void pack_value(std::string& out, const Item& item, const Value& value, bool big_endian) {
  const size_t size = item_size(item.code);
  switch (item.code) {
    case '?': out += static_cast<char>(value.is_bool() ? value.as_bool() : value.is_int() && value.as_int() != 0); return;
    case 'c':
      if (!value.is_str() || value.as_str().size() != 1) throw_error("TypeErr", "struct.pack: 'c' needs a one-byte Str");
      out += value.as_str()[0];
      return;
    case 'f': {
      if (!value.is_number()) throw_error("TypeErr", "struct.pack: 'f' needs a number, got " + type_name_of(value));
      put_uint(out, std::bit_cast<uint32_t>(static_cast<float>(value.as_number())), 4, big_endian);
      return;
    }
    case 'd':
      if (!value.is_number()) throw_error("TypeErr", "struct.pack: 'd' needs a number, got " + type_name_of(value));
      put_uint(out, std::bit_cast<uint64_t>(value.as_number()), 8, big_endian);
      return;
    default: put_uint(out, integer_bits(value, item.code, size), size, big_endian);
  }
}

std::string pack(const Layout& layout, const Args& args) {
  std::string out;
  size_t next = 1;  // args[0] is the format
  for (const Item& item : layout.items) {
    if (item.code == 'x') {
      out.append(item.count, '\0');
      continue;
    }
    if (item.code == 's' || item.code == 'p') {
      std::string text = arg_data(args, ++next, "pack");
      text.resize(item.count, '\0');
      out += text;
      continue;
    }
    for (size_t i = 0; i < item.count; ++i) pack_value(out, item, arg_any(args, ++next, "pack"), layout.big_endian);
  }
  if (next != args.size()) throw_error("ArgErr", "struct.pack: format needs " + std::to_string(next - 1) + " values, got " + std::to_string(args.size() - 1));
  return out;
}

Value unpack_value(const Item& item, std::string_view data, bool big_endian) {
  const size_t size = item_size(item.code);
  const uint64_t bits = get_uint(data, size, big_endian);
  switch (item.code) {
    case '?': return Value::boolean(bits != 0);
    case 'c': return make_str(std::string(1, data[0]));
    case 'f': return Value::number(std::bit_cast<float>(static_cast<uint32_t>(bits)));
    case 'd': return Value::number(std::bit_cast<double>(bits));
    case 'Q':
      if (bits > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) throw_error("ValueErr", "struct.unpack: 'Q' value exceeds Int");
      return Value::integer(static_cast<int64_t>(bits));
    case 'b': case 'h': case 'i': case 'l': case 'q': {
      const int shift = static_cast<int>(64 - size * 8);
      return Value::integer(static_cast<int64_t>(bits << shift) >> shift);  // sign-extend
    }
    default: return Value::integer(static_cast<int64_t>(bits));
  }
}

Value unpack(const Layout& layout, std::string_view data) {
  std::vector<Value> values;
  size_t pos = 0;
  for (const Item& item : layout.items) {
    const size_t size = item_size(item.code);
    if (item.code == 's' || item.code == 'p') {
      std::string text(data.substr(pos, item.count));
      while (!text.empty() && text.back() == '\0') text.pop_back();
      values.push_back(text_or_bytes(std::move(text)));
    } else if (item.code != 'x') {
      for (size_t i = 0; i < item.count; ++i) values.push_back(unpack_value(item, data.substr(pos + i * size), layout.big_endian));
    }
    pos += size * item.count;
  }
  return make_array(std::move(values));
}

void build(Vm&, ModuleBuilder& m) {
  m.doc("Binary packing and unpacking (Python struct format strings).");
  m.function("calcsize", [](Vm&, const Args& a) {
    return Value::integer(static_cast<int64_t>(parse_layout(arg_str(a, 1, "calcsize")).size));
  }, 1, 1);
  m.function("pack", [](Vm&, const Args& a) { return make_bytes(pack(parse_layout(arg_str(a, 1, "pack")), a)); }, 1, kVariadic);
  m.function("unpack", [](Vm&, const Args& a) {
    const Layout layout = parse_layout(arg_str(a, 1, "unpack"));
    const std::string& data = arg_bytes(a, 2, "unpack").data;
    if (data.size() != layout.size) {
      throw_error("ValueErr", "struct.unpack: format needs " + std::to_string(layout.size) + " bytes, got " + std::to_string(data.size()));
    }
    return unpack(layout, data);
  }, 2, 2);
  m.function("unpack_from", [](Vm&, const Args& a) {
    const Layout layout = parse_layout(arg_str(a, 1, "unpack_from"));
    const std::string& data = arg_bytes(a, 2, "unpack_from").data;
    const int64_t offset = opt_int(a, 3, "unpack_from", 0);
    if (offset < 0 || static_cast<uint64_t>(offset) > data.size() || data.size() - static_cast<size_t>(offset) < layout.size) {
      throw_error("ValueErr", "struct.unpack_from: not enough data at offset " + std::to_string(offset));
    }
    return unpack(layout, std::string_view(data).substr(static_cast<size_t>(offset)));
  }, 2, 3);
}

}  // namespace

void register_struct_module(Vm& vm) { vm.register_native_module("std/encoding/struct", build); }

}  // namespace quest
