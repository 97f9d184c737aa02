// The Vm's memory API (vm.hpp "Memory") and the Vm shutdown that leaves no cycle behind.
#include "gc.hpp"
#include "interpreter.hpp"
#include "quest/vm.hpp"

namespace quest {

std::size_t Vm::collect_garbage() {
  GcHeap* heap = GcHeap::current();
  return heap ? heap->collect_all() : 0;
}

std::size_t Vm::live_objects() const { return detail::heap_counters.live_objects; }

GcStats Vm::gc_stats() const {
  GcHeap* heap = GcHeap::current();
  if (heap) return heap->stats();
  GcStats none;
  none.live_objects = detail::heap_counters.live_objects;
  return none;
}

// Drops every reference the interpreter holds, then collects: what was only alive
// through the Vm (module frames, the main scope, types, cycles among them) is freed
// before the Vm goes, so a host that makes and drops Vms does not accumulate them.
void release_interpreter_heap(Interpreter& in) {
  if (in.main_env)
    for (std::uint32_t i = 0; i < in.main_env->count; ++i) in.main_env->slots[i] = Value();
  in.main_env = Ref<EnvObj>();
  for (auto& [path, loaded] : in.module_cache)
    if (loaded.module && loaded.module->env)
      for (std::uint32_t i = 0; i < loaded.module->env->count; ++i) loaded.module->env->slots[i] = Value();
  in.module_cache.clear();
  in.return_value = Value();
  in.handling.clear();
  in.builtin_values.clear();
  in.builtin_types.clear();
  if (GcHeap* heap = GcHeap::current()) heap->collect_all();
}

}  // namespace quest
