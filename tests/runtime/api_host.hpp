// The host used by the embedding API tests: a native module `host/tally` (a Counter class
// and a `record` function) registered through a VmSetup. Shared by api_test.cpp (which
// applies it to its own Vms) and api_host_main.cpp (the same host behind cli_main, so the
// CLI's script, -e and `quest test` Vms can be checked to get it).
#pragma once

#include <string>
#include <vector>

#include "quest/host.hpp"

namespace quest::testing {

// A native object with C++ state.
class Counter : public NativeObject {
 public:
  Counter(const NativeClass* cls, std::int64_t start) : NativeObject(cls), count(start) {}
  std::int64_t count;
};

// `record(text)` appends to `sink` (when given) and returns how many were recorded.
inline VmSetup tally_module(std::vector<std::string>* sink) {
  return [sink](Vm& vm) {
    vm.define_class("Counter", "Counts up.");
    vm.register_static_method("Counter", "new", [](Vm& vm, const Args& args) {
      std::int64_t start = args.empty() ? 0 : arg_int(args, 1, "Counter.new");
      return Value(make_ref<Counter>(vm.native_class("Counter"), start));
    }, 0, 1);
    vm.register_method("Counter", "inc", [](Vm&, const Args& args) {
      Counter& counter = self_native<Counter>(args, "inc", "Counter");
      return Value::integer(++counter.count);
    }, 0, 0);
    auto recorded = std::make_shared<std::int64_t>(0);
    vm.register_native_module("host/tally", [sink, recorded](Vm& vm, ModuleBuilder& module) {
      module.value("Counter", vm.class_value("Counter"));
      module.function("record", [sink, recorded](Vm&, const Args& args) {
        if (sink) sink->push_back(arg_str(args, 1, "record"));
        return Value::integer(++*recorded);
      }, 1, 1);
    });
  };
}

}  // namespace quest::testing
