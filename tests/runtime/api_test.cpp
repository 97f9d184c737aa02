// The embedding API, exercised the way a host uses it (in the style of Wren's test/api).
// Built with the public headers only (runtime/include): no interpreter internals.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#if defined(__SANITIZE_ADDRESS__)
#define QUEST_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QUEST_TEST_ASAN 1
#endif
#endif
#ifdef QUEST_TEST_ASAN
// From the sanitizer runtime (its header ships with clang, not with gcc).
extern "C" std::size_t __sanitizer_get_current_allocated_bytes();
#endif
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "api_host.hpp"
#include "quest/expression.hpp"
#include "quest/handle.hpp"
#include "quest/host.hpp"
#include "quest/json.hpp"

using namespace quest;
using quest::testing::tally_module;

namespace {

// A Vm whose stdout is captured, set up by a host with the tally module.
struct HostVm {
  std::vector<std::string> recorded;
  std::string out;
  Vm vm;
  HostVm() {
    CliHost host;
    host.vm_setup.push_back(tally_module(&recorded));
    apply_vm_setup(vm, host);
    vm.set_stdout_writer([this](std::string_view s) { out.append(s); });
  }
  void run(const std::string& source) { vm.run_source(source, "host_test.q"); }
};

// The error a piece of code raises, as describe_error reports it.
ErrorReport error_of(Vm& vm, const std::string& source) {
  try {
    vm.run_source(source, "failing.q");
  } catch (const QuestError& e) {
    return describe_error(e);
  }
  FAIL("no error raised");
  return {};
}

// Bytes allocated now. ASan replaces malloc (mallinfo2 then reports nothing), so sanitizer
// builds ask the sanitizer's allocator.
std::size_t heap_in_use() {
#ifdef QUEST_TEST_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

// Runs a command, returns its exit status and stdout.
int run_command(const std::string& command, std::string& output) {
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  while (std::fgets(buf, sizeof buf, pipe)) output += buf;
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a VmSetup registers a native module and class that Quest code uses") {
  HostVm host;
  host.run("use \"host/tally\"\nlet c = tally.Counter.new(10)\nc.inc()\nputs(c.inc())\ntally.record(\"a\")\n"
           "puts(tally.record(\"b\"))");
  CHECK(host.out == "12\n2\n");
  CHECK(host.recorded == std::vector<std::string>{"a", "b"});
}

TEST_CASE("every Vm of the CLI gets the host's setup: script, -e, quest test, host command") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("quest_api_cli_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string script = "use \"host/tally\"\nputs(tally.Counter.new(41).inc())\n";
  std::ofstream(dir / "script.q") << script;
  std::ofstream(dir / "tally_test.q") << "use \"std/test\"\nuse \"host/tally\"\n"
                                        "test.it(\"counts\", fun () test.assert_eq(tally.Counter.new(1).inc(), 2) end)\n";
  const std::string exe = QUEST_API_TEST_HOST;
  std::string out;
  CHECK(run_command(exe + " " + (dir / "script.q").string(), out) == 0);
  CHECK(out == "42\n");
  out.clear();
  CHECK(run_command(exe + " -e 'use \"host/tally\"\nputs(tally.record(\"x\"))'", out) == 0);
  CHECK(out == "1\n");
  out.clear();
  CHECK(run_command(exe + " test --no-color " + dir.string(), out) == 0);
  CHECK(out.find("1 passed, 0 failed") != std::string::npos);
  out.clear();
  CHECK(run_command(exe + " hello a b", out) == 7);
  CHECK(out == "hello a b\n");
  out.clear();
  CHECK(run_command(exe + " --help", out) == 0);
  CHECK(out.find("quest hello") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a closure defined by the script is called from C++") {
  HostVm host;
  host.run("fun add(a, b) a + b end\nlet greet = fun (name) \"hi \" .. name end");
  Value add = host.vm.global("add");
  REQUIRE(add.is_callable());
  CHECK(host.vm.call(add, {Value::integer(2), Value::integer(3)}).as_int() == 5);
  CHECK(host.vm.call(host.vm.global("greet"), {make_str("ann")}).as_str() == "hi ann");
}

TEST_CASE("globals of the main script are found after the run; the main scope stays alive") {
  HostVm host;
  host.run("let users = {}\nfun handle_request(r)\n  users[r] = true\n  users.len()\nend\n"
           "if true\n  let inner = 1\nend");
  CHECK(host.vm.has_global("users"));
  CHECK(host.vm.has_global("handle_request"));
  CHECK_FALSE(host.vm.has_global("inner"));  // block-local
  CHECK_FALSE(host.vm.has_global("missing"));
  CHECK(host.vm.global("missing").is_nil());
  Value handler = host.vm.global("handle_request");
  host.vm.call(handler, {make_str("a")});
  CHECK(host.vm.call(handler, {make_str("b")}).as_int() == 2);  // state kept between calls
  CHECK(host.vm.global("users").as_dict().size() == 2);
}

TEST_CASE("a name declared after an early return is not a global") {
  HostVm host;
  host.run("let before = 1\nreturn\nlet after = 2");
  CHECK(host.vm.has_global("before"));
  CHECK_FALSE(host.vm.has_global("after"));
}

TEST_CASE("a Handle keeps a value across calls and is released explicitly") {
  HostVm host;
  std::vector<Handle> kept;
  host.vm.register_function("keep", [&kept](Vm& vm, const Args& args) {
    kept.emplace_back(vm, arg_callable(args, 1, "keep"));
    return Value();
  }, 1, 1);
  host.run("fun install()\n  let count = 0\n  keep(fun ()\n    count += 1\n    count\n  end)\nend\ninstall()");
  REQUIRE(kept.size() == 1);
  CHECK(host.vm.live_handles() == 1);
  host.vm.call(kept[0].value(), {});
  host.vm.call(kept[0].value(), {});
  CHECK(host.vm.call(kept[0].value(), {}).as_int() == 3);  // the closure's state lives on
  Handle moved = std::move(kept[0]);
  CHECK_FALSE(kept[0]);
  CHECK(kept[0].value().is_nil());
  CHECK(moved.vm() == &host.vm);
  CHECK(host.vm.live_handles() == 1);
  moved.release();
  CHECK_FALSE(moved);
  CHECK(host.vm.live_handles() == 0);
}

TEST_CASE("a Handle that outlives its Vm is emptied by the Vm's destructor") {
  Handle survivor;
  {
    Vm vm;
    survivor = Handle(vm, make_str("held"));
    CHECK(survivor.value().as_str() == "held");
  }
  CHECK_FALSE(survivor);
  CHECK(survivor.value().is_nil());
  survivor.release();  // harmless
}

TEST_CASE("a Quest exception reaches C++ with type, message, file, line and stack") {
  Vm vm;
  ErrorReport report = error_of(vm, "fun inner()\n  raise ValueErr.new(\"bad value\")\nend\n"
                                    "fun outer()\n  inner()\nend\nouter()");
  CHECK(report.type == "ValueErr");
  CHECK(report.message == "bad value");
  CHECK(report.file == "failing.q");
  CHECK(report.line == 2);
  REQUIRE(report.stack.size() >= 2);
  CHECK(report.stack[0].find("inner (failing.q:2)") != std::string::npos);
  CHECK(report.stack[1].find("outer (failing.q:5)") != std::string::npos);
}

TEST_CASE("format_error prints what the CLI prints, syntax errors with their caret") {
  Vm vm;
  try {
    vm.run_source("let x = 1\nputs(y)", "f.q");
    FAIL("no error");
  } catch (const QuestError& e) {
    std::string text = format_error(e);
    CHECK(text.rfind("NameErr: Undefined variable: y\n  at f.q:2\n", 0) == 0);
    CHECK(text.find("Stack trace:") != std::string::npos);
  }
  try {
    vm.run_source("let = 1", "s.q");
    FAIL("no error");
  } catch (const QuestError& e) {
    CHECK(e.type() == "SyntaxErr");
    CHECK(format_error(e).find("s.q:1") != std::string::npos);
    CHECK(format_error(e).find('^') != std::string::npos);
  }
}

TEST_CASE("an error raised by a native called from C++ has no Quest frame") {
  Vm vm;
  vm.register_function("fail_now", [](Vm&, const Args&) -> Value { throw QuestError("IOErr", "disk gone"); }, 0, 0);
  try {
    vm.call(vm.make_function("direct", [](Vm&, const Args&) -> Value { throw QuestError("KeyErr", "k"); }, 0, 0), {});
    FAIL("no error");
  } catch (const QuestError& e) {
    ErrorReport report = describe_error(e);
    CHECK(report.type == "KeyErr");
    CHECK(report.stack.empty());
  }
}

TEST_CASE("sys.exit ends a script with its code and surfaces as ExitRequest from Vm::call") {
  HostVm host;
  CHECK(host.vm.run_source("use \"std/sys\"\nputs(\"bye\")\nsys.exit(3)\nputs(\"never\")", "exit.q") == 3);
  CHECK(host.out == "bye\n");
  host.run("use \"std/sys\"\nfun quit(code) sys.exit(code) end");
  int code = -1;
  try {
    host.vm.call(host.vm.global("quit"), {Value::integer(4)});
  } catch (const ExitRequest& exit) {
    code = exit.code;
  }
  CHECK(code == 4);
  // Quest `try/catch` does not catch it and `ensure` does not run: it is not a Quest exception.
  host.out.clear();
  CHECK(host.vm.run_source("use \"std/sys\"\ntry\n  sys.exit(5)\ncatch e\n  puts(\"caught\")\nensure\n  puts(\"ensure\")\nend",
                           "exit2.q") == 5);
  CHECK(host.out.empty());
}

TEST_CASE("request_interrupt from another thread stops a while-true loop with InterruptErr") {
  Vm vm;
  std::atomic<bool> started{false};
  vm.register_function("started", [&started](Vm&, const Args&) {
    started = true;
    return Value();
  }, 0, 0);
  std::thread watchdog([&] {
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    vm.request_interrupt("handler took too long");
  });
  ErrorReport report = error_of(vm, "started()\nlet n = 0\nwhile true\n  n += 1\nend");
  watchdog.join();
  CHECK(report.type == "InterruptErr");
  CHECK(report.message == "handler took too long");
  CHECK(report.file == "failing.q");
  // Raised once: the Vm runs normally afterwards.
  CHECK(vm.run_source("let m = 0\nwhile m < 1000\n  m += 1\nend", "after.q") == 0);
}

TEST_CASE("request_interrupt stops a deep recursion at a call, and Quest can catch InterruptErr") {
  Vm vm;
  std::vector<std::string> out;
  vm.set_stdout_writer([&out](std::string_view s) { out.emplace_back(s); });
  vm.register_function("trip", [](Vm& vm, const Args&) {
    vm.request_interrupt("budget");
    return Value();
  }, 0, 0);
  vm.run_source("fun spin(n)\n  if n == 5\n    trip()\n  end\n  spin(n + 1)\nend\n"
                "try\n  spin(0)\ncatch e: InterruptErr\n  puts(e.message())\nend", "catch.q");
  REQUIRE(out.size() >= 1);
  CHECK(out[0] == "budget\n");
}

TEST_CASE("an interrupt requested while nothing runs does not stop the next run") {
  Vm vm;
  vm.request_interrupt("stale");
  CHECK(vm.run_source("let i = 0\nwhile i < 10\n  i += 1\nend", "fresh.q") == 0);
}

namespace {
// A host's template function: compiles and evaluates against the caller's scope.
struct TemplateHost {
  Vm vm;
  std::vector<Expression> compiled;
  std::vector<Scope> scopes;
  std::string out;
  TemplateHost() {
    vm.set_stdout_writer([this](std::string_view s) { out.append(s); });
    // render(source, assigns): compiles once per source text, evaluates with the assigns.
    vm.register_function("render", [this](Vm& vm, const Args& args) {
      Scope scope = vm.capture_caller_scope();
      ExpressionOptions options;
      options.dict_dot_access = true;
      options.ternary = true;
      options.file = "template";
      if (compiled.empty()) compiled.push_back(Expression::compile(vm, arg_str(args, 1, "render"), {"assigns"}, scope, options));
      scopes.push_back(scope);
      Value assigns = arg_any(args, 2, "render");
      return compiled.front().evaluate(scope, std::span<const Value>(&assigns, 1));
    }, 2, 2);
  }
};
}  // namespace

TEST_CASE("a compiled expression sees its caller's locals and local functions") {
  TemplateHost host;
  host.vm.run_source(
      "fun component(suffix)\n"
      "  fun cpu_class(cpu)\n"
      "    if cpu > 80\n      return \"hot\"\n    end\n    \"ok\"\n  end\n"
      "  fun (assigns) render(\"cpu_class(assigns.cpu) .. suffix\", assigns) end\n"
      "end\n"
      "let view = component(\"!\")\n"
      "puts(view({\"cpu\": 95}))\nputs(view({\"cpu\": 10}))",
      "component.q");
  CHECK(host.out == "hot!\nok!\n");
  REQUIRE(host.compiled.size() == 1);
  CHECK(host.compiled[0].scope_names() == std::vector<std::string>{"cpu_class", "suffix"});
  CHECK(host.compiled[0].has_calls());
}

TEST_CASE("a local function declared below the call is seen once its declaration ran") {
  TemplateHost host;
  host.vm.run_source(
      "fun component()\n"
      "  let view = fun (assigns) render(\"label(assigns.n)\", assigns) end\n"
      "  fun label(n) f\"#{n}\" end\n"
      "  view\n"
      "end\n"
      "let view = component()\n"
      "puts(view({\"n\": 1}))\nputs(view({\"n\": 2}))",
      "below.q");
  CHECK(host.out == "#1\n#2\n");
}

TEST_CASE("template options: d.key reads a Dict key, nil.key is nil, c ? a : b picks one branch") {
  Vm vm;
  ExpressionOptions options;
  options.dict_dot_access = true;
  options.ternary = true;
  Expression e = Expression::compile(vm, "user.name ? user.name.upper() : (user.missing.deeper ?: \"anon\")", {"user"}, Scope(), options);
  Value named = make_dict();
  named.as_dict().set("name", make_str("ann"));
  CHECK(e.evaluate(std::span<const Value>(&named, 1)).as_str() == "ANN");
  Value anonymous = make_dict();
  CHECK(e.evaluate(std::span<const Value>(&anonymous, 1)).as_str() == "anon");
  Expression nested = Expression::compile(vm, "n > 10 ? \"big\" : n > 5 ? \"mid\" : \"small\"", {"n"}, Scope(), options);
  for (auto [n, want] : std::vector<std::pair<int, std::string>>{{11, "big"}, {7, "mid"}, {1, "small"}}) {
    Value v = Value::integer(n);
    CHECK(nested.evaluate(std::span<const Value>(&v, 1)).as_str() == want);
  }
  // Without the options the language's own rules apply.
  CHECK_THROWS_AS(Expression::compile(vm, "a ? b : c", {"a", "b", "c"}), QuestError);
  Expression plain = Expression::compile(vm, "d.len()", {"d"});
  CHECK(plain.evaluate(std::span<const Value>(&named, 1)).as_int() == 1);
}

TEST_CASE("compiling reports unknown names and statements; evaluating checks the scope") {
  TemplateHost host;
  try {
    Expression::compile(host.vm, "nope + 1", {"x"});
    FAIL("compiled");
  } catch (const QuestError& e) {
    CHECK(e.type() == "NameErr");
    CHECK(e.message().find("nope") != std::string::npos);
  }
  CHECK_THROWS_AS(Expression::compile(host.vm, "let x = 1", {}), QuestError);
  CHECK_THROWS_AS(Expression::compile(host.vm, "fun () 1 end", {}), QuestError);
  CHECK_THROWS_AS(Expression::compile(host.vm, "1 +", {}), QuestError);
  // The expression was compiled for a's frames: a frame of b is refused.
  host.vm.run_source("fun a(x) render(\"assigns + x\", x) end\nfun b(y) render(\"y\", y) end\nputs(a(1))", "scopes.q");
  CHECK(host.out == "2\n");
  try {
    host.vm.run_source("b(2)", "scopes2.q");
    FAIL("evaluated");
  } catch (const QuestError& e) {
    CHECK(e.type() == "ValueErr");
  }
}

TEST_CASE("an expression compiled against the main script reads its globals and built-ins") {
  Vm vm;
  vm.run_source("let rate = 3\nfun double(n) n * 2 end", "main.q");
  Expression e = Expression::compile(vm, "double(x) * rate + ord(\"A\")", {"x"});
  Value x = Value::integer(5);
  CHECK(e.evaluate(std::span<const Value>(&x, 1)).as_int() == 95);
  CHECK(e.parameters() == std::vector<std::string>{"x"});
  CHECK(e.scope_names() == std::vector<std::string>{"double", "ord", "rate"});
}

TEST_CASE("evaluating an expression many times retains nothing") {
  Vm vm;
  vm.run_source("let base = {\"k\": 1}", "main.q");
  Expression e = Expression::compile(vm, "f\"{x}-{base}\" .. x.str()", {"x"});
  for (int i = 0; i < 1000; ++i) {
    Value x = Value::integer(i);
    e.evaluate(std::span<const Value>(&x, 1));
  }
  std::size_t before = heap_in_use();
  for (int i = 0; i < 20000; ++i) {
    Value x = Value::integer(i);
    e.evaluate(std::span<const Value>(&x, 1));
  }
  CHECK(heap_in_use() < before + 16 * 1024);
}

TEST_CASE("Vm::eval of plain expressions retains nothing per call") {
  Vm vm;
  for (int i = 0; i < 1000; ++i) vm.eval("1 + 2 * 3");
  std::size_t before = heap_in_use();
  for (int i = 0; i < 20000; ++i) CHECK_EQ(vm.eval("1 + 2 * 3").as_int(), 7);
  CHECK(heap_in_use() < before + 16 * 1024);
  // Code that creates a function keeps its tree: the function stays callable.
  Value f = vm.eval("fun (n) n + 1 end");
  CHECK(vm.call(f, {Value::integer(1)}).as_int() == 2);
}

TEST_CASE("two Vms run on two threads at the same time") {
  auto fib_on_own_vm = [](int n, std::int64_t& result) {
    Vm vm;
    vm.run_source("fun fib(n)\n  if n < 2\n    return n\n  end\n  fib(n - 1) + fib(n - 2)\nend", "fib.q");
    result = vm.call(vm.global("fib"), {Value::integer(n)}).as_int();
  };
  std::int64_t a = 0, b = 0;
  std::thread first([&] { fib_on_own_vm(22, a); });
  std::thread second([&] { fib_on_own_vm(21, b); });
  first.join();
  second.join();
  CHECK(a == 17711);
  CHECK(b == 10946);
}

TEST_CASE("a thread that ran a Vm leaves no pooled frames behind when it ends") {
  auto run_on_fresh_thread = [] {
    // 200 levels: enough frames to fill the pool, and within a plain std::thread's 8 MiB
    // stack even in the sanitizer tree (~20 KiB of C++ stack per level there).
    std::thread worker([] {
      Vm vm;
      vm.run_source("fun down(n)\n  if n == 0\n    return 0\n  end\n  1 + down(n - 1)\nend\ndown(200)", "pool.q");
    });
    worker.join();
  };
  run_on_fresh_thread();
  std::size_t before = heap_in_use();
  for (int i = 0; i < 20; ++i) run_on_fresh_thread();
  CHECK(heap_in_use() < before + 16 * 1024);
}

TEST_CASE("run_on_big_stack allows deep recursion and rethrows on the caller's thread") {
  int depth = run_on_big_stack([] {
    VmOptions options;
    options.max_call_depth = 50000;
    Vm vm(options);
    vm.run_source("fun down(n)\n  if n == 0\n    return 0\n  end\n  1 + down(n - 1)\nend", "deep.q");
    return static_cast<int>(vm.call(vm.global("down"), {Value::integer(40000)}).as_int());
  });
  CHECK(depth == 40000);
  CHECK_THROWS_AS(run_on_big_stack([]() -> int { throw QuestError("ValueErr", "from the big stack"); }), QuestError);
}

TEST_CASE("using a Vm from a thread that does not own it aborts with a message") {
  std::fflush(stdout);
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not doctest's crash reporter
    dup2(pipe_fds[1], STDERR_FILENO);
    Vm vm;
    std::thread intruder([&vm] { vm.global("x"); });
    intruder.join();
    _exit(0);  // not reached
  }
  close(pipe_fds[1]);
  std::string message;
  char buf[256];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<std::size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(message == "quest: Vm::global called off the Vm's thread (see quest/host.hpp)\n");
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
  // Handing the Vm over is explicit.
  Vm vm;
  std::thread adopter([&vm] {
    vm.adopt_current_thread();
    CHECK(vm.on_owner_thread());
    vm.run_source("let y = 1", "adopted.q");
  });
  adopter.join();
  CHECK_FALSE(vm.on_owner_thread());
  vm.adopt_current_thread();
  CHECK(vm.global("y").as_int() == 1);
}

TEST_CASE("json::append writes compact JSON after what the buffer holds") {
  Vm vm;
  vm.run_source("let payload = {\"event\": \"msg\", \"body\": [1, 2.5, nil, true, \"q\\\"\"]}\nfun f() end", "json.q");
  std::string frame = "[\"1\",";
  json::append(vm, vm.global("payload"), frame);
  CHECK(frame == "[\"1\",{\"event\":\"msg\",\"body\":[1,2.5,null,true,\"q\\\"\"]}");
  CHECK(json::stringify(vm, vm.global("payload"), -1) == frame.substr(5));
  std::string bad;
  CHECK_THROWS_AS(json::append(vm, vm.global("f"), bad), QuestError);
}

TEST_CASE("json::parse reads a string_view into Values; bad input is a clear error") {
  std::string_view text = R"({"a": [1, {"b": null}], "c": 1.5} trailing)";
  json::ParseResult ok = json::parse(text.substr(0, 34));
  REQUIRE(ok.ok);
  CHECK(ok.value.as_dict().find("c")->as_float() == 1.5);
  json::ParseResult bad = json::parse(text);
  CHECK_FALSE(bad.ok);
  CHECK(bad.error.find("offset") != std::string::npos);
  try {
    json::parse_or_raise("{");
    FAIL("parsed");
  } catch (const QuestError& e) {
    CHECK(e.type() == "ValueErr");
    CHECK(e.message().rfind("invalid JSON: ", 0) == 0);
  }
}
