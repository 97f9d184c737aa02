// The cycle collector (see gc.hpp and the essay in quest/value.hpp).
//
// A collection of generations 0..g, over the objects on those lists:
//  1. flag each as being collected; one whose count is 0 is still being built or torn
//     down by C++ code, so it is a root;
//  2. subtract, from every flagged object's count, each reference another flagged
//     object holds (visit_refs);
//  3. what keeps a count above 0 is held from outside the set: mark it, and everything
//     it reaches, reachable;
//  4. add the subtracted references back (counts are exact again before any object
//     is touched), move the unmarked objects to a garbage list and promote the rest;
//  5. free the garbage: retain each, clear_refs each, release each.
// Steps 1-4 run no destructor and no Quest code; step 5 may run destructors that free
// or allocate other objects, which only ever unlink themselves from a list.
#include "gc.hpp"

#include "quest/value.hpp"

namespace quest {

namespace {

enum class HeapState : std::uint8_t { Unborn, Alive, Gone };
thread_local constinit GcHeap* current_heap = nullptr;
thread_local constinit HeapState heap_state = HeapState::Unborn;

// Owns the thread's heap; destroyed at thread exit.
struct HeapOwner {
  GcHeap* heap = new GcHeap();
  ~HeapOwner() {
    heap_state = HeapState::Gone;
    current_heap = nullptr;
    delete heap;
  }
};

constexpr std::size_t kDefaultThresholds[GcHeap::kGenerations] = {700, 10, 10};

}  // namespace

GcHeap* GcHeap::current() {
  if (heap_state == HeapState::Alive) return current_heap;
  if (heap_state == HeapState::Gone) return nullptr;
  static thread_local HeapOwner owner;
  heap_state = HeapState::Alive;
  current_heap = owner.heap;
  return current_heap;
}

GcHeap::GcHeap() {
  for (int g = 0; g < kGenerations; ++g) {
    generations_[g].head.gc_next = generations_[g].head.gc_prev = &generations_[g].head;
    generations_[g].threshold = kDefaultThresholds[g];
  }
}

GcHeap::~GcHeap() {
  for (Generation& gen : generations_) {
    GcListNode* node = gen.head.gc_next;
    while (node != &gen.head) {
      GcListNode* next = node->gc_next;
      node->gc_next = node->gc_prev = nullptr;
      bits(object_of(node)) = 0;
      node = next;
    }
  }
}

void GcHeap::set_thresholds(std::size_t young, std::size_t middle, std::size_t old) {
  generations_[0].threshold = young < 1 ? 1 : young;
  generations_[1].threshold = middle < 1 ? 1 : middle;
  generations_[2].threshold = old < 1 ? 1 : old;
}

GcStats GcHeap::stats() const {
  GcStats s;
  for (int g = 0; g < kGenerations; ++g) {
    s.tracked[g] = generations_[g].size;
    s.collections[g] = generations_[g].collections;
    s.thresholds[g] = generations_[g].threshold;
  }
  s.freed = freed_total_;
  s.live_objects = detail::heap_counters.live_objects;
  return s;
}

// ---- list plumbing ----

void GcHeap::splice(GcListNode& from, GcListNode& to) {
  if (from.gc_next == &from) return;
  GcListNode* first = from.gc_next;
  GcListNode* last = from.gc_prev;
  GcListNode* tail = to.gc_prev;
  tail->gc_next = first;
  first->gc_prev = tail;
  last->gc_next = &to;
  to.gc_prev = last;
  from.gc_next = from.gc_prev = &from;
}

void GcHeap::move_node(GcListNode* node, GcListNode& to) {
  node->gc_prev->gc_next = node->gc_next;
  node->gc_next->gc_prev = node->gc_prev;
  GcListNode* tail = to.gc_prev;
  tail->gc_next = node;
  node->gc_prev = tail;
  node->gc_next = &to;
  to.gc_prev = node;
}

void GcHeap::link_young(CollectableObject* o) {
  Generation& young = generations_[0];
  GcListNode* tail = young.head.gc_prev;
  tail->gc_next = o;
  o->gc_prev = tail;
  o->gc_next = &young.head;
  young.head.gc_prev = o;
  bits(o) = Object::kGcTracked;  // generation 0
  ++young.size;
  ++young.count;
}

void GcHeap::unlink(CollectableObject* o) {
  o->gc_prev->gc_next = o->gc_next;
  o->gc_next->gc_prev = o->gc_prev;
  o->gc_next = o->gc_prev = nullptr;
  Generation& gen = generations_[bits(o) & Object::kGcGenerationMask];
  bits(o) = 0;
  --gen.size;
  if (&gen == &generations_[0] && gen.count > 0) --gen.count;
}

void GcHeap::on_allocation(CollectableObject* o) {
  Generation& young = generations_[0];
  if (young.count >= young.threshold && enabled_ && !collecting_) collect_automatically();
  link_young(o);
}

// CPython's schedule: the oldest generation whose count passed its threshold, and a
// full collection only once the objects promoted since the last one reach a quarter
// of the long-lived ones, so a large, stable heap is not rescanned over and over.
void GcHeap::collect_automatically() {
  for (int g = kOldest; g >= 0; --g) {
    if (generations_[g].count < generations_[g].threshold) continue;
    if (g == kOldest && long_lived_pending_ < long_lived_total_ / 4) continue;
    collect(g);
    return;
  }
}

// ---- the collection ----

std::size_t GcHeap::collect(int generation) {
  if (collecting_) return 0;
  if (generation < 0) generation = 0;
  if (generation > kOldest) generation = kOldest;
  collecting_ = true;
  // Counters first, as CPython does: the older generation counts this collection.
  if (generation < kOldest) ++generations_[generation + 1].count;
  for (int g = 0; g <= generation; ++g) generations_[g].count = 0;
  ++generations_[generation].collections;

  GcListNode young;
  young.gc_next = young.gc_prev = &young;
  for (int g = 0; g <= generation; ++g) {
    splice(generations_[g].head, young);
    generations_[g].size = 0;
  }
  GcListNode unreachable;
  unreachable.gc_next = unreachable.gc_prev = &unreachable;
  find_unreachable(young, unreachable);

  // Promote the survivors.
  int target = generation < kOldest ? generation + 1 : kOldest;
  std::size_t promoted = 0;
  for (GcListNode* n = young.gc_next; n != &young; n = n->gc_next) {
    bits(object_of(n)) = static_cast<std::uint8_t>(Object::kGcTracked | target);
    ++promoted;
  }
  splice(young, generations_[target].head);
  generations_[target].size += promoted;
  if (generation == kOldest) {
    long_lived_pending_ = 0;
    long_lived_total_ = generations_[kOldest].size;
  } else if (target == kOldest) {
    long_lived_pending_ += promoted;
  }

  std::size_t freed = free_garbage(unreachable, target);
  freed_total_ += freed;
  collecting_ = false;
  return freed;
}

void GcHeap::find_unreachable(GcListNode& young, GcListNode& unreachable) {
  for (GcListNode* n = young.gc_next; n != &young; n = n->gc_next) {
    Object* o = object_of(n);
    bits(o) |= Object::kGcCollecting;
    if (refs(o) == 0) bits(o) |= Object::kGcReachable;
  }
  RefVisitor subtract([](Object* child, void*) {
    if (bits(child) & Object::kGcCollecting) --refs(child);
  }, nullptr);
  for (GcListNode* n = young.gc_next; n != &young; n = n->gc_next) object_of(n)->visit_refs(subtract);

  mark_reachable_from_roots(young);

  RefVisitor restore([](Object* child, void*) {
    if (bits(child) & Object::kGcCollecting) ++refs(child);
  }, nullptr);
  for (GcListNode* n = young.gc_next; n != &young; n = n->gc_next) object_of(n)->visit_refs(restore);

  GcListNode* n = young.gc_next;
  while (n != &young) {
    GcListNode* next = n->gc_next;
    Object* o = object_of(n);
    bool reachable = (bits(o) & Object::kGcReachable) != 0;
    bits(o) &= static_cast<std::uint8_t>(~(Object::kGcCollecting | Object::kGcReachable));
    if (!reachable) move_node(n, unreachable);
    n = next;
  }
}

// Depth-first over an explicit stack (no recursion: a long linked list of dicts is
// deep). Every object is pushed at most once, when it is first marked.
void GcHeap::mark_reachable_from_roots(GcListNode& young) {
  mark_stack_.clear();
  for (GcListNode* n = young.gc_next; n != &young; n = n->gc_next) {
    CollectableObject* o = object_of(n);
    if (refs(o) > 0 || (bits(o) & Object::kGcReachable)) {
      bits(o) |= Object::kGcReachable;
      mark_stack_.push_back(o);
    }
  }
  RefVisitor mark([](Object* child, void* context) {
    std::uint8_t& b = bits(child);
    if ((b & Object::kGcCollecting) && !(b & Object::kGcReachable)) {
      b |= Object::kGcReachable;
      static_cast<std::vector<CollectableObject*>*>(context)->push_back(static_cast<CollectableObject*>(child));
    }
  }, &mark_stack_);
  while (!mark_stack_.empty()) {
    CollectableObject* o = mark_stack_.back();
    mark_stack_.pop_back();
    o->visit_refs(mark);
  }
}

std::size_t GcHeap::free_garbage(GcListNode& garbage, int survivors) {
  std::size_t count = 0;
  for (GcListNode* n = garbage.gc_next; n != &garbage; n = n->gc_next) {
    object_of(n)->retain();
    ++count;
  }
  // No garbage object can be destroyed while we hold it, so the list stays intact.
  for (GcListNode* n = garbage.gc_next; n != &garbage; n = n->gc_next) object_of(n)->clear_refs();
  // Each object moves to a real generation before its release: one that something
  // still holds (a reference clear_refs did not drop) lives on there, tracked.
  Generation& target = generations_[survivors];
  while (garbage.gc_next != &garbage) {
    CollectableObject* o = object_of(garbage.gc_next);
    move_node(o, target.head);
    bits(o) = static_cast<std::uint8_t>(Object::kGcTracked | survivors);
    ++target.size;
    o->release();
  }
  return count;
}

// ---- CollectableObject's hooks ----

void CollectableObject::gc_track_new(CollectableObject* o) {
  if (GcHeap* heap = GcHeap::current()) heap->on_allocation(o);
}

void CollectableObject::gc_track_existing(CollectableObject* o) {
  if (GcHeap* heap = GcHeap::current()) heap->link_young(o);
}

void CollectableObject::gc_untrack(CollectableObject* o) {
  // A heap that is gone already detached its objects (their bits are 0), so an object
  // reaching here is on a live heap: its own thread's.
  if (GcHeap* heap = GcHeap::current()) heap->unlink(o);
}

}  // namespace quest
