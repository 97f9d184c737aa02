// The cycle collector: per-thread generation lists of CollectableObjects and the trial
// deletion that frees unreachable cycles among them (the essay in quest/value.hpp says
// why trial deletion and not tracing). Internal to runtime/; hosts use
// Vm::collect_garbage / Vm::live_objects, Quest code sys.gc / sys.gc_stats.
//
// One heap per thread (a Vm and its values belong to one thread), never shared: the
// lists are touched without locks. Several Vms on one thread share it, which is correct
// because trial deletion needs no roots: each Vm's references look external to the
// other's objects.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "quest/gc_stats.hpp"
#include "quest/value.hpp"

namespace quest {

class GcHeap {
 public:
  static constexpr int kGenerations = GcStats::kGenerations;
  static constexpr int kOldest = kGenerations - 1;

  // The calling thread's heap, created on first use; nullptr once the thread is exiting
  // (objects made then stay untracked).
  static GcHeap* current();

  GcHeap();
  ~GcHeap();  // detaches every object still listed: they are destroyed untracked later
  GcHeap(const GcHeap&) = delete;
  GcHeap& operator=(const GcHeap&) = delete;

  // Collects generations 0..generation (all of them for kOldest); returns how many
  // garbage objects it freed. A no-op returning 0 while a collection is running (a
  // destructor that allocates cannot start another).
  std::size_t collect(int generation);
  std::size_t collect_all() { return collect(kOldest); }

  // Automatic collection switch (tests); collect() works either way.
  void set_enabled(bool on) { enabled_ = on; }
  // Young collections start after `young` more tracked allocations than frees;
  // generation 1 after `middle` young collections, the oldest after `old` of those.
  void set_thresholds(std::size_t young, std::size_t middle, std::size_t old);
  GcStats stats() const;

  // ---- called by CollectableObject ----
  void on_allocation(CollectableObject* o);  // may collect first, then links `o`
  void link_young(CollectableObject* o);
  void unlink(CollectableObject* o);

 private:
  struct Generation {
    GcListNode head;            // sentinel of a circular list
    std::size_t size = 0;       // objects on the list
    std::size_t count = 0;      // young: allocations - frees; older: younger collections
    std::size_t threshold = 0;
    std::size_t collections = 0;
  };

  static CollectableObject* object_of(GcListNode* node) { return static_cast<CollectableObject*>(node); }
  static std::uint8_t& bits(Object* o) { return o->gc_bits_; }
  static std::uint32_t& refs(Object* o) { return o->refs_; }
  static void splice(GcListNode& from, GcListNode& to);
  static void move_node(GcListNode* node, GcListNode& to);
  void collect_automatically();
  // Trial deletion over the objects on `young`: moves the unreachable ones to
  // `unreachable`, leaves the rest on `young`.
  void find_unreachable(GcListNode& young, GcListNode& unreachable);
  void mark_reachable_from_roots(GcListNode& young);
  // Keeps `garbage` alive while every object clears its references, then releases
  // them; objects that survive move to generation `survivors`.
  std::size_t free_garbage(GcListNode& garbage, int survivors);

  Generation generations_[kGenerations];
  std::vector<CollectableObject*> mark_stack_;  // reused between collections
  std::size_t long_lived_total_ = 0;    // oldest-generation size after a full collection
  std::size_t long_lived_pending_ = 0;  // promoted into the oldest since then
  std::size_t freed_total_ = 0;
  bool collecting_ = false;
  bool enabled_ = true;
};

}  // namespace quest
