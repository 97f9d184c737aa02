#include "stringio.hpp"

#include <algorithm>

#include "std_support.hpp"
#include "str_text.hpp"

namespace quest {

namespace {

StringIOObject& self_buffer(const Args& args, const char* fn) { return self_native<StringIOObject>(args, fn, "StringIO"); }

std::string take(StringIOObject& io, size_t end) {
  end = std::min(end, io.buffer.size());
  const size_t start = std::min(io.position, end);
  io.position = end;
  return io.buffer.substr(start, end - start);
}

size_t line_end(const StringIOObject& io) {
  const size_t newline = io.buffer.find('\n', io.position);
  return newline == std::string::npos ? io.buffer.size() : newline + 1;
}

int64_t seek_target(const StringIOObject& io, int64_t offset, int64_t whence) {
  if (whence == 0) return offset;
  if (whence == 1) return static_cast<int64_t>(io.position) + offset;
  if (whence == 2) return static_cast<int64_t>(io.buffer.size()) + offset;
  throw_error("ValueErr", "seek: whence must be 0, 1 or 2, got " + std::to_string(whence));
}

void register_writing(Vm& vm) {
  vm.register_method("StringIO", "write", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(self_buffer(args, "write").write(arg_str(args, 1, "write"))));
  }, 1, 1);
  vm.register_method("StringIO", "writelines", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "writelines");
    for (const Value& line : arg_array(args, 1, "writelines").items) {
      if (!line.is_str()) throw_error("TypeErr", "writelines: every line must be Str, got " + type_name_of(line));
      io.write(line.as_str());
    }
    return Value::nil();
  }, 1, 1);
  vm.register_method("StringIO", "clear", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "clear");
    io.buffer.clear();
    io.position = 0;
    return Value::nil();
  }, 0, 0);
  vm.register_method("StringIO", "truncate", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "truncate");
    const int64_t size = opt_int(args, 1, "truncate", static_cast<int64_t>(io.position));
    if (size < 0) throw_error("ValueErr", "truncate: size must not be negative");
    if (static_cast<size_t>(size) < io.buffer.size()) io.buffer.resize(static_cast<size_t>(size));
    io.position = std::min(io.position, io.buffer.size());  // never past the new end
    return Value::integer(static_cast<int64_t>(io.buffer.size()));
  }, 0, 1);
}

void register_reading(Vm& vm) {
  auto get_value = [](Vm&, const Args& args) { return make_str(self_buffer(args, "get_value").buffer); };
  vm.register_method("StringIO", "get_value", get_value, 0, 0);
  vm.register_method("StringIO", "getvalue", get_value, 0, 0);
  vm.register_method("StringIO", "read", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "read");
    if (args.size() == 0 || args[0].is_nil()) return make_str(take(io, io.buffer.size()));
    const int64_t chars = arg_int(args, 1, "read");
    if (chars < 0) return make_str(take(io, io.buffer.size()));
    const std::string_view rest = std::string_view(io.buffer).substr(std::min(io.position, io.buffer.size()));
    return make_str(take(io, io.position + text::byte_offset_of_char(rest, static_cast<size_t>(chars))));
  }, 0, 1);
  vm.register_method("StringIO", "readline", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "readline");
    return make_str(take(io, line_end(io)));
  }, 0, 0);
  vm.register_method("StringIO", "readlines", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "readlines");
    std::vector<std::string> lines;
    while (io.position < io.buffer.size()) lines.push_back(take(io, line_end(io)));
    return string_array(lines);
  }, 0, 0);
}

void register_positions(Vm& vm) {
  vm.register_method("StringIO", "tell", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(self_buffer(args, "tell").position));
  }, 0, 0);
  vm.register_method("StringIO", "seek", [](Vm&, const Args& args) {
    StringIOObject& io = self_buffer(args, "seek");
    // Clamped into [0, len] as upstream does; returns the new position.
    const int64_t target = seek_target(io, arg_int(args, 1, "seek"), opt_int(args, 2, "seek", 0));
    io.position = static_cast<size_t>(std::clamp<int64_t>(target, 0, static_cast<int64_t>(io.buffer.size())));
    return Value::integer(static_cast<int64_t>(io.position));
  }, 1, 2);
  vm.register_method("StringIO", "len", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(self_buffer(args, "len").buffer.size()));
  }, 0, 0);
  vm.register_method("StringIO", "char_len", [](Vm&, const Args& args) {
    return Value::integer(static_cast<int64_t>(text::char_count(self_buffer(args, "char_len").buffer)));
  }, 0, 0);
  vm.register_method("StringIO", "empty", [](Vm&, const Args& args) {
    return Value::boolean(self_buffer(args, "empty").buffer.empty());
  }, 0, 0);
}

// File-compatibility no-ops and the context-manager protocol.
void register_file_protocol(Vm& vm) {
  auto nothing = [](Vm&, const Args&) { return Value::nil(); };
  vm.register_method("StringIO", "flush", nothing, 0, 0);
  vm.register_method("StringIO", "close", nothing, 0, 0);
  vm.register_method("StringIO", "_exit", nothing, 0, kVariadic);
  vm.register_method("StringIO", "closed", [](Vm&, const Args&) { return Value::boolean(false); }, 0, 0);
  vm.register_method("StringIO", "_enter", [](Vm&, const Args& args) { return args.self(); }, 0, 0);
}

}  // namespace

void register_stringio_class(Vm& vm) {
  vm.define_class("StringIO", "In-memory text buffer with a file-like interface.");
  vm.register_static_method("StringIO", "new", [](Vm& vm, const Args& args) {
    return Value(make_ref<StringIOObject>(vm.native_class("StringIO"), opt_str(args, 1, "new", "")));
  }, 0, 1);
  register_writing(vm);
  register_reading(vm);
  register_positions(vm);
  register_file_protocol(vm);
}

}  // namespace quest
