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
  void set_enabled(bool on);
  // Young collections start after `young` more tracked allocations than frees;
  // generation 1 after `middle` young collections, the oldest after `old` of those.
  void set_thresholds(std::size_t young, std::size_t middle, std::size_t old);
  GcStats stats() const;  // walks the lists to count them: for tests and sys.gc_stats

  // ---- called by CollectableObject's slow paths ----
  void on_allocation(CollectableObject* o);  // collects if one is due, then links `o`

 private:
  static CollectableObject* object_of(GcListNode* node) { return static_cast<CollectableObject*>(node); }
  static std::uint8_t& bits(Object* o) { return o->gc_bits_; }
  static std::uint32_t& refs(Object* o) { return o->refs_; }
  static void init_list(GcListNode& head) { head.gc_next = head.gc_prev = &head; }
  static std::size_t list_size(const GcListNode& head);
  static void splice(GcListNode& from, GcListNode& to);
  static void move_node(GcListNode* node, GcListNode& to);
  // The young threshold the inline allocation path compares against: the real one, or
  // "never" while automatic collection is off.
  void publish_young_threshold();
  void collect_automatically();
  // Trial deletion over the objects on `young`: moves the unreachable ones to
  // `unreachable`, leaves the rest on `young`.
  void find_unreachable(GcListNode& young, GcListNode& unreachable);
  void mark_reachable_from_roots(GcListNode& young);
  // Keeps `garbage` alive while every object clears its references, then releases
  // them; objects that survive move to generation `survivors`.
  std::size_t free_garbage(GcListNode& garbage, int survivors);

  // Generation 0's sentinel and allocation count live in detail::heap_counters (the
  // inline path reaches them); heads_[0] points there.
  GcListNode* heads_[kGenerations];
  GcListNode middle_, old_;
  std::size_t counts_[kGenerations] = {};  // [1], [2]: younger collections since their own
  std::size_t thresholds_[kGenerations] = {};
  std::size_t collections_[kGenerations] = {};
  std::vector<CollectableObject*> mark_stack_;  // reused between collections
  std::size_t long_lived_total_ = 0;    // oldest-generation size after a full collection
  std::size_t long_lived_pending_ = 0;  // promoted into the oldest since then
  std::size_t freed_total_ = 0;
  bool collecting_ = false;
  bool enabled_ = true;
};

}  // namespace quest
