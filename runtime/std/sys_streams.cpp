#include "sys_streams.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "std_support.hpp"
#include "stringio.hpp"

namespace quest {

namespace {

class RedirectGuardObject final : public NativeObject {
 public:
  RedirectGuardObject(const NativeClass* cls, StreamKind stream, Writer previous)
      : NativeObject(cls), stream(stream), previous(std::move(previous)) {}
  std::string to_display() const override { return active ? "<RedirectGuard active>" : "<RedirectGuard restored>"; }

  // Idempotent: only the first call puts the previous writer back.
  void restore(Vm& vm) {
    if (!active) return;
    active = false;
    if (stream == StreamKind::out) vm.set_stdout_writer(previous);
    else vm.set_stderr_writer(previous);
  }

  const StreamKind stream;
  const Writer previous;
  bool active = true;
};

Writer process_writer(std::FILE* file) {
  return [file](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), file);
    std::fflush(file);
  };
}

Writer current_writer(Vm& vm, StreamKind kind) {
  Writer writer = kind == StreamKind::out ? vm.stdout_writer() : vm.stderr_writer();
  return writer ? writer : process_writer(kind == StreamKind::out ? stdout : stderr);
}

Writer writer_for_target(Vm& vm, const Value& target) {
  if (auto* stream = target.native_as<SystemStreamObject>()) {
    if (stream->kind == StreamKind::in) throw_error("ValueErr", "redirect_stream: cannot redirect into stdin");
    return current_writer(vm, stream->kind);
  }
  if (auto* buffer = target.native_as<StringIOObject>()) {
    Ref<StringIOObject> keep(buffer);
    return [keep](std::string_view text) { keep->write(text); };
  }
  if (target.is_str()) {
    auto file = std::make_shared<std::ofstream>(target.as_str(), std::ios::binary | std::ios::app);
    if (!*file) throw_error("IOErr", "redirect_stream: cannot open '" + target.as_str() + "' for writing");
    return [file](std::string_view text) {
      file->write(text.data(), static_cast<std::streamsize>(text.size()));
      file->flush();
    };
  }
  throw_error("TypeErr", "redirect_stream: target must be a path, StringIO or sys stream, got " + type_name_of(target));
}

std::string read_stdin_line(bool keep_newline) {
  std::string line;
  if (!std::getline(std::cin, line)) return "";
  if (keep_newline && !std::cin.eof()) line += '\n';
  return line;
}

void register_stream_methods(Vm& vm) {
  vm.register_method("SystemStream", "write", [](Vm& vm, const Args& args) {
    auto& stream = self_native<SystemStreamObject>(args, "write", "SystemStream");
    const std::string text = vm.to_str(arg_any(args, 1, "write"));
    if (stream.kind == StreamKind::in) throw_error("IOErr", "write: stdin is not writable");
    if (stream.kind == StreamKind::out) vm.write_out(text);
    else vm.write_err(text);
    return Value::integer(static_cast<int64_t>(text.size()));
  }, 1, 1);
  vm.register_method("SystemStream", "flush", [](Vm&, const Args&) {
    std::fflush(stdout);
    std::fflush(stderr);
    return Value::nil();
  }, 0, 0);
  auto read_line = [](Vm&, const Args& args) {
    self_native<SystemStreamObject>(args, "read_line", "SystemStream");
    return make_str(read_stdin_line(true));
  };
  vm.register_method("SystemStream", "read_line", read_line, 0, 0);
  vm.register_method("SystemStream", "readline", read_line, 0, 0);
  vm.register_method("SystemStream", "read", [](Vm&, const Args& args) {
    self_native<SystemStreamObject>(args, "read", "SystemStream");
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    return make_str(std::move(all));
  }, 0, 0);
}

void register_guard_methods(Vm& vm) {
  auto restore = [](Vm& vm, const Args& args) {
    self_native<RedirectGuardObject>(args, "restore", "RedirectGuard").restore(vm);
    return Value::nil();
  };
  vm.register_method("RedirectGuard", "restore", restore, 0, 0);
  vm.register_method("RedirectGuard", "_exit", restore, 0, kVariadic);
  vm.register_method("RedirectGuard", "_enter", [](Vm&, const Args& args) { return args.self(); }, 0, 0);
  vm.register_method("RedirectGuard", "is_active", [](Vm&, const Args& args) {
    return Value::boolean(self_native<RedirectGuardObject>(args, "is_active", "RedirectGuard").active);
  }, 0, 0);
}

}  // namespace

std::string SystemStreamObject::to_display() const {
  return kind == StreamKind::out ? "<stdout>" : kind == StreamKind::err ? "<stderr>" : "<stdin>";
}

void register_stream_classes(Vm& vm) {
  vm.define_class("SystemStream", "The process stdin, stdout or stderr.");
  vm.define_class("RedirectGuard", "Restores a redirected stream; also a context manager.");
  register_stream_methods(vm);
  register_guard_methods(vm);
}

Value make_stream(Vm& vm, StreamKind kind) {
  return Value(make_ref<SystemStreamObject>(vm.native_class("SystemStream"), kind));
}

Value redirect(Vm& vm, StreamKind kind, const Value& target_value, std::string_view fn) {
  if (kind == StreamKind::in) throw_error("ValueErr", std::string(fn) + ": stdin cannot be redirected");
  // `sys.redirect_stdout(sys.stdout)` is the documented way to undo a redirect: a
  // stream pointed at itself goes back to the process stream (an empty Writer). Any
  // other sys stream as target means "wherever that one writes now", like 2>&1.
  auto* same_stream = target_value.native_as<SystemStreamObject>();
  Writer target = same_stream && same_stream->kind == kind ? Writer{} : writer_for_target(vm, target_value);
  Writer previous = kind == StreamKind::out ? vm.stdout_writer() : vm.stderr_writer();
  if (kind == StreamKind::out) vm.set_stdout_writer(std::move(target));
  else vm.set_stderr_writer(std::move(target));
  return Value(make_ref<RedirectGuardObject>(vm.native_class("RedirectGuard"), kind, std::move(previous)));
}

Value redirect_stream(Vm& vm, const Args& args) {
  auto& from = arg_native<SystemStreamObject>(args, 1, "redirect_stream", "sys.stdout or sys.stderr");
  return redirect(vm, from.kind, arg_any(args, 2, "redirect_stream"), "redirect_stream");
}

}  // namespace quest
