// `_native/process`: the native half of std/process (lib/std/process.q holds the API's
// shape: the Process type with its stdin/stdout/stderr fields, check_run, shell).
//
//   run(argv, options?)       -> ProcessResult   (captures stdout/stderr, optional stdin/timeout)
//   pipeline([argv, ...])     -> ProcessResult   (stdout of each feeds the next's stdin)
//   spawn(argv, options?)     -> ProcessHandle   (pid, wait, wait_with_timeout, kill,
//                                                 terminate, communicate, stdin/stdout/stderr streams)
//
// A ProcessHandle and its streams share one Child; the child's pipes close when the
// last of them is dropped. Nothing here goes through a shell.
#include <csignal>
#include <memory>

#include "process_child.hpp"
#include "std_support.hpp"

namespace quest {

namespace {

using process::Child;
using Clock = std::chrono::steady_clock;

class ProcessResultObject final : public NativeObject {
 public:
  ProcessResultObject(const NativeClass* cls, std::string out, std::string err, int code)
      : NativeObject(cls), out(std::move(out)), err(std::move(err)), code(code) {}
  bool truthy() const override { return code == 0; }  // upstream: a failed result is falsy
  std::string to_display() const override { return "<ProcessResult code=" + std::to_string(code) + ">"; }
  const std::string out, err;
  const int code;
};

class ProcessHandleObject final : public NativeObject {
 public:
  ProcessHandleObject(const NativeClass* cls, std::shared_ptr<Child> child) : NativeObject(cls), child(std::move(child)) {}
  std::string to_display() const override { return "<Process pid=" + std::to_string(child->pid()) + ">"; }
  std::shared_ptr<Child> child;
};

class WritableStreamObject final : public NativeObject {
 public:
  WritableStreamObject(const NativeClass* cls, std::shared_ptr<Child> child) : NativeObject(cls), child(std::move(child)) {}
  std::shared_ptr<Child> child;
};

// Reads one of the child's output pipes; `pending` holds bytes read past a line end.
class ReadableStreamObject final : public NativeObject {
 public:
  ReadableStreamObject(const NativeClass* cls, std::shared_ptr<Child> child, bool is_stderr)
      : NativeObject(cls), child(std::move(child)), is_stderr(is_stderr) {}
  process::Fd& pipe() { return is_stderr ? child->stderr_pipe : child->stdout_pipe; }
  // Appends one read to `pending`; false at end of file (and closes the pipe).
  bool fill() {
    if (!pipe().open()) return false;
    std::string chunk = process::read_some(pipe().get(), 65536);
    if (chunk.empty()) {
      pipe().close();
      return false;
    }
    pending += chunk;
    return true;
  }
  std::string take(std::size_t n) {
    std::string out = pending.substr(0, n);
    pending.erase(0, n);
    return out;
  }
  std::shared_ptr<Child> child;
  const bool is_stderr;
  std::string pending;
};

[[noreturn]] void spawn_failed(const char* fn, const process::SpawnError& error) {
  const bool empty = error.message.find("cannot be empty") != std::string::npos;
  throw_error(empty ? "ValueErr" : "RuntimeErr", std::string(fn) + ": " + error.message);
}

std::vector<std::string> command_arg(const Args& a, std::size_t pos, const char* fn) {
  std::vector<std::string> argv;
  for (const Value& item : arg_array(a, pos, fn).items) {
    if (!item.is_str()) throw_error("TypeErr", std::string(fn) + ": every command element must be Str, got " + type_name_of(item));
    argv.push_back(item.as_str());
  }
  if (argv.empty()) throw_error("ValueErr", std::string(fn) + ": command array cannot be empty");
  return argv;
}

struct RunOptions {
  process::SpawnOptions spawn;
  std::optional<std::string> input;
  std::optional<double> timeout_seconds;
};

// Reads the options Dict; `allow_io` is false for spawn (no stdin data, no timeout).
RunOptions options_arg(const Args& a, std::size_t pos, const char* fn, bool allow_io) {
  RunOptions o;
  o.spawn.argv = command_arg(a, 1, fn);
  if (a.size() < pos || a[pos - 1].is_nil()) return o;
  const DictObj& d = arg_dict(a, pos, fn);
  d.for_each([&](const std::string& key, const Value& v) {
    const std::string where = std::string(fn) + ": option '" + key + "'";
    if (key == "cwd") {
      if (!v.is_str()) throw_error("TypeErr", where + " must be Str, got " + type_name_of(v));
      o.spawn.cwd = v.as_str();
    } else if (key == "env") {
      if (!v.is_dict()) throw_error("TypeErr", where + " must be a Dict, got " + type_name_of(v));
      v.as_dict().for_each([&](const std::string& name, const Value& value) {
        if (!value.is_str()) throw_error("TypeErr", where + ": value of " + name + " must be Str, got " + type_name_of(value));
        o.spawn.env_overrides[name] = value.as_str();
      });
    } else if (allow_io && key == "stdin") {
      if (!v.is_str() && !v.is_bytes()) throw_error("TypeErr", where + " must be Str or Bytes, got " + type_name_of(v));
      o.input = v.is_str() ? v.as_str() : v.as_bytes().data;
    } else if (allow_io && key == "timeout") {
      if (!v.is_number() || !(v.as_number() > 0)) throw_error("ValueErr", where + " must be a positive number of seconds");
      o.timeout_seconds = v.as_number();
    } else {
      throw_error("ValueErr", std::string(fn) + ": unknown option '" + key + (allow_io ? "' (use cwd, env, stdin, timeout)" : "' (use cwd, env)"));
    }
  });
  return o;
}

Value make_result(Vm& vm, std::string out, std::string err, int code) {
  return Value(make_ref<ProcessResultObject>(vm.native_class("ProcessResult"), std::move(out), std::move(err), code));
}

std::optional<Clock::time_point> deadline_after(const std::optional<double>& seconds) {
  if (!seconds) return std::nullopt;
  return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(*seconds));
}

Value run(Vm& vm, const Args& a) {
  RunOptions o = options_arg(a, 2, "run", true);
  o.spawn.stdin_setup = o.input ? process::StreamSetup::Pipe : process::StreamSetup::Null;
  try {
    Child child = Child::spawn(o.spawn);
    process::Captured captured = process::exchange(child, o.input.value_or(""), deadline_after(o.timeout_seconds));
    if (captured.timed_out) {
      child.send_signal(SIGKILL);
      child.wait();
      throw_error("RuntimeErr", "run: command '" + o.spawn.argv[0] + "' did not finish within the timeout of " +
                                    vm.to_str(Value::number(*o.timeout_seconds)) + " s and was killed");
    }
    const int code = child.wait();
    return make_result(vm, std::move(captured.out), std::move(captured.err), code);
  } catch (const process::SpawnError& error) {
    spawn_failed("run", error);
  }
}

// Each stage's stdout becomes the next stage's stdin; only the last is captured.
Value pipeline(Vm& vm, const Args& a) {
  const ArrayObj& stages = arg_array(a, 1, "pipeline");
  if (stages.items.empty()) throw_error("ValueErr", "pipeline: needs at least one command");
  std::vector<Child> children;
  try {
    process::Fd previous_output;
    for (std::size_t i = 0; i < stages.items.size(); ++i) {
      const Value stage = stages.items[i];
      Args one(Value(), std::span<const Value>(&stage, 1));
      process::SpawnOptions options;
      options.argv = command_arg(one, 1, "pipeline");
      const bool last = i + 1 == stages.items.size();
      if (previous_output.open()) options.stdin_fd = previous_output.get();
      else options.stdin_setup = process::StreamSetup::Null;
      options.stderr_setup = last ? process::StreamSetup::Pipe : process::StreamSetup::Inherit;
      children.push_back(Child::spawn(options));
      previous_output = std::move(children.back().stdout_pipe);  // the next stage reads it
      if (last) children.back().stdout_pipe = std::move(previous_output);
    }
  } catch (const process::SpawnError& error) {
    for (Child& started : children) {
      started.send_signal(SIGKILL);
      started.wait();
    }
    spawn_failed("pipeline", error);
  }
  Child& last = children.back();
  process::Captured captured = process::exchange(last, "", std::nullopt);
  int code = 0;
  for (Child& child : children) code = child.wait();
  return make_result(vm, std::move(captured.out), std::move(captured.err), code);
}

Value spawn(Vm& vm, const Args& a) {
  RunOptions o = options_arg(a, 2, "spawn", false);
  try {
    auto child = std::make_shared<Child>(Child::spawn(o.spawn));
    return Value(make_ref<ProcessHandleObject>(vm.native_class("ProcessHandle"), std::move(child)));
  } catch (const process::SpawnError& error) {
    spawn_failed("spawn", error);
  }
}

void register_result_methods(Vm& vm) {
  vm.define_class("ProcessResult", "The outcome of process.run / shell / pipeline: output and exit code.");
  auto self = [](const Args& a, const char* fn) -> const ProcessResultObject& {
    return self_native<ProcessResultObject>(a, fn, "ProcessResult");
  };
  vm.register_method("ProcessResult", "stdout", [self](Vm&, const Args& a) { return make_str(self(a, "stdout").out); }, 0, 0);
  vm.register_method("ProcessResult", "stderr", [self](Vm&, const Args& a) { return make_str(self(a, "stderr").err); }, 0, 0);
  vm.register_method("ProcessResult", "stdout_bytes", [self](Vm&, const Args& a) { return make_bytes(self(a, "stdout_bytes").out); }, 0, 0);
  vm.register_method("ProcessResult", "stderr_bytes", [self](Vm&, const Args& a) { return make_bytes(self(a, "stderr_bytes").err); }, 0, 0);
  vm.register_method("ProcessResult", "code", [self](Vm&, const Args& a) { return Value::integer(self(a, "code").code); }, 0, 0);
  vm.register_method("ProcessResult", "success", [self](Vm&, const Args& a) { return Value::boolean(self(a, "success").code == 0); }, 0, 0);
}

ProcessHandleObject& handle_of(const Args& a, const char* fn) { return self_native<ProcessHandleObject>(a, fn, "ProcessHandle"); }

void register_handle_methods(Vm& vm) {
  vm.define_class("ProcessHandle", "A running child process (the native half of std/process's Process).");
  vm.register_method("ProcessHandle", "pid", [](Vm&, const Args& a) { return Value::integer(handle_of(a, "pid").child->pid()); }, 0, 0);
  // As upstream (Rust's Child::wait): our end of stdin closes first, so the child sees EOF.
  vm.register_method("ProcessHandle", "wait", [](Vm&, const Args& a) {
    Child& child = *handle_of(a, "wait").child;
    child.stdin_pipe.close();
    return Value::integer(child.wait());
  }, 0, 0);
  vm.register_method("ProcessHandle", "wait_with_timeout", [](Vm&, const Args& a) {
    const double seconds = arg_float(a, 1, "wait_with_timeout");
    if (!(seconds >= 0) || seconds > 86400.0 * 365) throw_error("ValueErr", "wait_with_timeout: seconds must be between 0 and one year");
    Child& child = *handle_of(a, "wait_with_timeout").child;
    child.stdin_pipe.close();
    const auto code = child.wait_for(std::chrono::milliseconds(static_cast<long long>(seconds * 1000)));
    return code ? Value::integer(*code) : Value::nil();
  }, 1, 1);
  vm.register_method("ProcessHandle", "kill", [](Vm&, const Args& a) { return Value::boolean(handle_of(a, "kill").child->send_signal(SIGKILL)); }, 0, 0);
  vm.register_method("ProcessHandle", "terminate", [](Vm&, const Args& a) { return Value::boolean(handle_of(a, "terminate").child->send_signal(SIGTERM)); }, 0, 0);
  vm.register_method("ProcessHandle", "communicate", [](Vm& vm, const Args& a) {
    Child& child = *handle_of(a, "communicate").child;
    std::string input;
    if (a.size() > 0 && !a[0].is_nil()) input = arg_data(a, 1, "communicate");
    process::Captured captured = process::exchange(child, input, std::nullopt);
    child.stdin_pipe.close();
    Value result = make_dict();
    result.as_dict().set("stdout", make_str(std::move(captured.out)));
    result.as_dict().set("stderr", make_str(std::move(captured.err)));
    result.as_dict().set("code", Value::integer(child.wait()));
    return result;
  }, 0, 1);
  vm.register_method("ProcessHandle", "stdin_stream", [](Vm& vm, const Args& a) {
    return Value(make_ref<WritableStreamObject>(vm.native_class("WritableStream"), handle_of(a, "stdin_stream").child));
  }, 0, 0);
  for (const bool is_stderr : {false, true}) {
    const char* name = is_stderr ? "stderr_stream" : "stdout_stream";
    vm.register_method("ProcessHandle", name, [name, is_stderr](Vm& vm, const Args& a) {
      return Value(make_ref<ReadableStreamObject>(vm.native_class("ReadableStream"), handle_of(a, name).child, is_stderr));
    }, 0, 0);
  }
}

WritableStreamObject& writer_of(const Args& a, const char* fn) { return self_native<WritableStreamObject>(a, fn, "WritableStream"); }

void write_or_raise(WritableStreamObject& w, const std::string& data, const char* fn) {
  if (!w.child->stdin_pipe.open()) throw_error("IOErr", std::string(fn) + ": stdin is closed");
  if (!process::write_all(w.child->stdin_pipe.get(), data.data(), data.size()))
    throw_error("IOErr", std::string(fn) + ": the process stopped reading its stdin");
}

void register_stream_methods(Vm& vm) {
  vm.define_class("WritableStream", "A child process's stdin.");
  vm.register_method("WritableStream", "write", [](Vm&, const Args& a) {
    const std::string& data = arg_data(a, 1, "write");
    write_or_raise(writer_of(a, "write"), data, "write");
    return Value::integer(static_cast<int64_t>(data.size()));
  }, 1, 1);
  vm.register_method("WritableStream", "writelines", [](Vm&, const Args& a) {
    WritableStreamObject& w = writer_of(a, "writelines");
    for (const Value& line : arg_array(a, 1, "writelines").items) {
      if (!line.is_str() && !line.is_bytes()) throw_error("TypeErr", "writelines: every line must be Str or Bytes, got " + type_name_of(line));
      write_or_raise(w, line.is_str() ? line.as_str() : line.as_bytes().data, "writelines");
    }
    return Value::nil();
  }, 1, 1);
  vm.register_method("WritableStream", "close", [](Vm&, const Args& a) { writer_of(a, "close").child->stdin_pipe.close(); return Value::nil(); }, 0, 0);
  vm.register_method("WritableStream", "flush", [](Vm&, const Args& a) { writer_of(a, "flush"); return Value::nil(); }, 0, 0);  // writes are unbuffered

  vm.define_class("ReadableStream", "A child process's stdout or stderr.");
  auto reader = [](const Args& a, const char* fn) -> ReadableStreamObject& { return self_native<ReadableStreamObject>(a, fn, "ReadableStream"); };
  // read() / read(n): everything up to end of file, or up to n bytes (blocking for at least one).
  auto read_text = [reader](const Args& a, const char* fn) {
    ReadableStreamObject& r = reader(a, fn);
    if (a.size() == 0 || a[0].is_nil()) {
      while (r.fill()) {
      }
      return r.take(r.pending.size());
    }
    const int64_t n = arg_int(a, 1, fn);
    if (n < 0) throw_error("ValueErr", std::string(fn) + ": size must not be negative");
    if (r.pending.empty() && n > 0) r.fill();
    return r.take(static_cast<std::size_t>(n));
  };
  vm.register_method("ReadableStream", "read", [read_text](Vm&, const Args& a) { return make_str(read_text(a, "read")); }, 0, 1);
  vm.register_method("ReadableStream", "read_bytes", [read_text](Vm&, const Args& a) { return make_bytes(read_text(a, "read_bytes")); }, 0, 1);
  auto readline = [](ReadableStreamObject& r) {
    std::size_t end;
    while ((end = r.pending.find('\n')) == std::string::npos && r.fill()) {
    }
    return r.take(end == std::string::npos ? r.pending.size() : end + 1);
  };
  vm.register_method("ReadableStream", "readline", [reader, readline](Vm&, const Args& a) { return make_str(readline(reader(a, "readline"))); }, 0, 0);
  vm.register_method("ReadableStream", "readlines", [reader, readline](Vm&, const Args& a) {
    ReadableStreamObject& r = reader(a, "readlines");
    std::vector<Value> lines;
    for (std::string line = readline(r); !line.empty(); line = readline(r)) lines.push_back(make_str(std::move(line)));
    return make_array(std::move(lines));
  }, 0, 0);
}

void build(Vm&, ModuleBuilder& m) {
  m.doc("Native half of std/process: run, spawn and pipeline with posix_spawn and pipes (no shell).");
  m.function("run", run, 1, 2);
  m.function("spawn", spawn, 1, 2);
  m.function("pipeline", pipeline, 1, 1);
}

}  // namespace

void register_process_module(Vm& vm) {
  register_result_methods(vm);
  register_handle_methods(vm);
  register_stream_methods(vm);
  vm.register_native_module("_native/process", build);
}

}  // namespace quest
