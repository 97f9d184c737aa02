// An allocator that asks operator new for exactly what is needed.
//
// Asio replaces the default std::allocator of a handler with its per-thread recycling
// allocator, which hands out whichever cached block is large enough: a small operation
// that stays pending for a long time (an idle connection's read wait) can end up holding
// a block freed by a large one (an HTTP write). Binding this allocator opts out of that.
#pragma once

#include <cstddef>
#include <new>

namespace quest_live::net {

template <class T>
struct exact_size_allocator {
  using value_type = T;

  exact_size_allocator() noexcept = default;
  template <class U>
  exact_size_allocator(const exact_size_allocator<U>&) noexcept {}

  T* allocate(std::size_t count) { return static_cast<T*>(::operator new(count * sizeof(T))); }
  void deallocate(T* pointer, std::size_t) noexcept { ::operator delete(pointer); }

  template <class U>
  bool operator==(const exact_size_allocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const exact_size_allocator<U>&) const noexcept { return false; }
};

}  // namespace quest_live::net
