// The cycle collector: the four leak shapes of issue 8 hold a flat live-object count over
// 100k iterations, values only C++ holds survive, collections in the middle of
// evaluation (deep calls, every allocation) keep what the evaluator still uses, and
// destructors that free or allocate objects during a collection are safe.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "gc.hpp"
#include "quest/host.hpp"
#include "quest/vm.hpp"

using namespace quest;

namespace {

constexpr int kIterations = 100000;
// What a collection may leave behind between two measurements: interned leftovers such
// as the result of the last call. Far below one object per iteration.
constexpr std::size_t kSlack = 16;

// A Vm with `source` run as its main script, so its functions are globals.
struct ScriptVm {
  explicit ScriptVm(const std::string& source) {
    vm.set_stdout_writer([this](std::string_view s) { out.append(s); });
    vm.run_source(source, "<gc_test>");
  }
  Value call(const std::string& name, std::initializer_list<Value> args) { return vm.call(vm.global(name), args); }
  Vm vm;
  std::string out;
};

// Runs `churn(n)` once to warm pools and caches, then measures that `churn(100000)`
// returns to the baseline, and that the collector ran by itself while it churned (the
// count before the final explicit collection is bounded too).
void check_flat(ScriptVm& s) {
  s.call("churn", {Value::integer(1000)});
  s.vm.collect_garbage();
  const std::size_t baseline = s.vm.live_objects();
  const std::size_t young_before = s.vm.gc_stats().collections[0];
  s.call("churn", {Value::integer(kIterations)});
  CHECK(s.vm.gc_stats().collections[0] > young_before);
  CHECK(s.vm.live_objects() < baseline + 20000);  // automatic collections kept it bounded
  s.vm.collect_garbage();
  CHECK(s.vm.live_objects() <= baseline + kSlack);
}

}  // namespace

TEST_CASE("component factory with two nested funs leaves nothing behind") {
  ScriptVm s(R"(
fun component(name)
  let state = {"n": 0}
  fun render()
    name .. state["n"].str()
  end
  fun bump()
    state["n"] = state["n"] + 1
    render()
  end
  {"render": render, "bump": bump}
end
fun churn(n)
  let i = 0
  let last = nil
  while i < n
    let c = component("c")
    last = c["bump"]()
    i = i + 1
  end
  last
end
)");
  CHECK(s.call("churn", {Value::integer(3)}).as_str() == "c1");
  check_flat(s);
}

TEST_CASE("socket with handler lambdas stored on the dict it receives is freed") {
  ScriptVm s(R"(
fun mount(socket)
  let count = 0
  socket["on_message"] = fun (msg)
    count = count + 1
    socket["last"] = msg
  end
  socket["on_close"] = fun () socket["closed"] = true end
end
fun churn(n)
  let i = 0
  while i < n
    let socket = {"id": i}
    mount(socket)
    socket["on_message"]("hi")
    socket["on_close"]()
    i = i + 1
  end
end
)");
  check_flat(s);
}

namespace {

// A native object that holds Quest values and reports them (the socket object shape of
// the web bindings): cycles through it are collectable.
class HandlerBox final : public NativeObject {
 public:
  explicit HandlerBox(const NativeClass* cls, int* destroyed) : NativeObject(cls), destroyed_(destroyed) {}
  ~HandlerBox() override { ++*destroyed_; }
  void visit_refs(const RefVisitor& visit) const override {
    for (const Value& v : handlers) visit(v);
  }
  void clear_refs() override {
    std::vector<Value> doomed = std::move(handlers);
    handlers.clear();
  }
  std::vector<Value> handlers;

 private:
  int* destroyed_;
};

void register_handler_box(Vm& vm, int* destroyed) {
  vm.define_class("HandlerBox");
  vm.register_function("handler_box", [destroyed](Vm& v, const Args&) {
    return Value(make_ref<HandlerBox>(v.native_class("HandlerBox"), destroyed));
  }, 0, 0);
  vm.register_method("HandlerBox", "on", [](Vm&, const Args& a) {
    a.self().native_as<HandlerBox>()->handlers.push_back(a[0]);
    return a.self();
  }, 1, 1);
}

}  // namespace

TEST_CASE("socket as a native object with a visit hook: its handler closures are collected") {
  int destroyed = 0;
  Vm vm;
  register_handler_box(vm, &destroyed);
  vm.run_source(R"(
fun mount(socket)
  let seen = []
  socket.on(fun (msg) seen.push(msg) end)
  socket.on(fun () socket end)
end
fun churn(n)
  let i = 0
  while i < n
    mount(handler_box())
    i = i + 1
  end
end
)", "<gc_test>");
  vm.call(vm.global("churn"), {Value::integer(1000)});
  vm.collect_garbage();
  const std::size_t baseline = vm.live_objects();
  vm.call(vm.global("churn"), {Value::integer(kIterations)});
  vm.collect_garbage();
  CHECK(vm.live_objects() <= baseline + kSlack);
  CHECK(destroyed == 1000 + kIterations);
}

TEST_CASE("self-referencing dicts, arrays, instances and bound methods are freed") {
  ScriptVm s(R"(
type Node
  pub next
  fun link(other)
    self.next = other
  end
end
fun churn(n)
  let i = 0
  while i < n
    let d = {}
    d["self"] = d
    let a = [1, "two"]
    a.push(a)
    let x = Node.new(next: nil)
    x.link(x)
    let y = Node.new(next: nil)
    y.next = y.link
    i = i + 1
  end
end
)");
  check_flat(s);
}

TEST_CASE("closures created in loops, each stored in the frame it captures, are freed") {
  ScriptVm s(R"(
fun churn(n)
  let i = 0
  while i < n
    let fs = []
    for j in 0 until 3
      let again = nil
      again = fun () [again, j, fs.len()] end
      fs.push(again)
    end
    fs.push(fun () fs end)
    i = i + 1
  end
end
)");
  check_flat(s);
}

TEST_CASE("a caught exception kept by a frame cycle is freed with it") {
  ScriptVm s(R"(
fun failing(i)
  let saved = nil
  let keep = nil
  try
    raise ValueErr.new("bad " .. i.str())
  catch e
    saved = e
  end
  keep = fun () [saved, keep] end
  keep
end
fun churn(n)
  let i = 0
  while i < n
    let k = failing(i)
    i = i + 1
  end
end
)");
  check_flat(s);
}

TEST_CASE("a value held only by C++ survives a collection") {
  ScriptVm s(R"(
fun make()
  let d = {"name": "kept"}
  d["self"] = d
  d["get"] = fun () d["name"] end
  d
end
)");
  s.vm.collect_garbage();
  const std::size_t baseline = s.vm.live_objects();
  Value held = s.call("make", {});
  for (int i = 0; i < 3; ++i) s.vm.collect_garbage();
  REQUIRE(held.is_dict());
  CHECK(held.as_dict().find("self")->raw_object() == held.raw_object());
  CHECK(s.vm.call(*held.as_dict().find("get"), {}).as_str() == "kept");
  held = Value();
  s.vm.collect_garbage();
  CHECK(s.vm.live_objects() <= baseline + kSlack);
}

TEST_CASE("a collection during a deep call keeps every frame still running") {
  // On the big stack, as hosts run Vms: 300 levels of this body take ~20 KiB of C++
  // stack each in the sanitizer tree (-O0, ASan redzones), more than a test thread's
  // 8 MiB leaves above the stack guard's reserve.
  quest::run_on_big_stack([] {
    ScriptVm s(R"(
use "std/sys"
fun dive(depth)
  let mine = {"depth": depth}
  mine["me"] = mine
  let f = fun () mine["depth"] end
  if depth == 0
    sys.gc()
    return 0
  end
  let below = dive(depth - 1)
  below + f() + mine["me"]["depth"]
end
)");
    // sum over 1..300 of 2 * depth
    CHECK(s.call("dive", {Value::integer(300)}).as_int() == 300 * 301);
    return 0;
  });
}

TEST_CASE("collecting at every tracked allocation does not free what the evaluator holds") {
  ScriptVm s(R"(
type Point
  pub x
  pub y
  fun sum() self.x + self.y end
end
fun component(name)
  let state = {"n": 0, "items": []}
  fun bump(k)
    state["n"] = state["n"] + k
    state["items"].push(Point.new(x: k, y: state["n"]))
    state["items"].map(fun (p) p.sum() end).len()
  end
  {"bump": bump, "name": name}
end
fun churn(n)
  let total = 0
  for i in 0 until n
    let c = component("c" .. i.str())
    for k in 1 to 3
      total = total + c["bump"](k)
    end
  end
  total
end
)");
  GcHeap* heap = GcHeap::current();
  REQUIRE(heap != nullptr);
  heap->set_thresholds(1, 1, 1);
  const std::size_t young_before = s.vm.gc_stats().collections[0];
  Value total = s.call("churn", {Value::integer(300)});
  heap->set_thresholds(700, 10, 10);
  CHECK(total.as_int() == 300 * (1 + 2 + 3));
  CHECK(s.vm.gc_stats().collections[0] > young_before + 1000);
}

namespace {

// Holds values it does NOT report: they count as external, and its destructor, run by
// a collection, frees them (and allocates, which must not start another collection).
class Dropper final : public NativeObject {
 public:
  explicit Dropper(const NativeClass* cls, int* destroyed) : NativeObject(cls), destroyed_(destroyed) {}
  ~Dropper() override {
    ++*destroyed_;
    Value scratch = make_array({make_str("made in a destructor")});
    hidden.clear();
  }
  void visit_refs(const RefVisitor& visit) const override { visit(reported); }
  void clear_refs() override { Value doomed = std::move(reported); }
  Value reported;
  std::vector<Value> hidden;

 private:
  int* destroyed_;
};

}  // namespace

TEST_CASE("destructors that drop and allocate objects during a collection are safe") {
  int destroyed = 0;
  Vm vm;
  vm.define_class("Dropper");
  vm.register_function("dropper", [&destroyed](Vm& v, const Args& a) {
    auto d = make_ref<Dropper>(v.native_class("Dropper"), &destroyed);
    d->reported = a[0];
    d->hidden.push_back(a[1]);
    return Value(d);
  }, 2, 2);
  vm.run_source(R"(
fun churn(n)
  let i = 0
  while i < n
    let cycle = {}
    cycle["d"] = dropper(cycle, nil)
    let hidden = {}
    hidden["self"] = hidden
    let other = {}
    other["d"] = dropper(other, hidden)
    i = i + 1
  end
end
)", "<gc_test>");
  vm.call(vm.global("churn"), {Value::integer(10)});
  vm.collect_garbage();
  vm.collect_garbage();
  const std::size_t baseline = vm.live_objects();
  destroyed = 0;
  vm.call(vm.global("churn"), {Value::integer(5000)});
  // The first collection frees the dict cycles; the hidden cycles become garbage only
  // when their Dropper's destructor drops them, and go in the next one.
  vm.collect_garbage();
  vm.collect_garbage();
  CHECK(destroyed == 2 * 5000);
  CHECK(vm.live_objects() <= baseline + kSlack);
}

TEST_CASE("a Vm leaves no object behind when destroyed, cycles and modules included") {
  const std::size_t before = Vm().live_objects();
  {
    Vm vm;
    vm.run_source(R"(
use "std/sys"
fun component()
  let s = {}
  s["self"] = s
  fun get() s end
  get
end
let keep = [component(), component()]
type T
  pub f
end
let t = T.new(f: nil)
t.f = t
)", "<gc_test>");
  }
  CHECK(Vm().live_objects() == before);
}

TEST_CASE("two Vms on two threads collect their own heaps") {
  auto work = [](std::size_t* leftover) {
    ScriptVm s(R"(
fun churn(n)
  let i = 0
  while i < n
    let d = {}
    d["f"] = fun () d end
    i = i + 1
  end
end
)");
    s.call("churn", {Value::integer(100)});
    s.vm.collect_garbage();
    const std::size_t baseline = s.vm.live_objects();
    s.call("churn", {Value::integer(20000)});
    s.vm.collect_garbage();
    *leftover = s.vm.live_objects() - baseline;
  };
  std::size_t left_a = 99, left_b = 99;
  std::thread a(work, &left_a);
  std::thread b(work, &left_b);
  a.join();
  b.join();
  CHECK(left_a <= kSlack);
  CHECK(left_b <= kSlack);
}

TEST_CASE("Object stays 16 bytes and a collectable object adds only its two links") {
  CHECK(sizeof(Value) == 16);
  CHECK(sizeof(Object) == 16);
  CHECK(sizeof(CollectableObject) == 32);
}
