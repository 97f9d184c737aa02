// A small open-addressing map from 64-bit keys (already hashes) to 32-bit values.
//
// Used on the hot path of comprehensions (one lookup per entry per render), where
// std::unordered_map's node allocations dominated the cost of a 1,000-entry list.
// Grows by doubling at half load; never shrinks; no erase.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace quest_live::live {

class KeyIndex {
 public:
  explicit KeyIndex(std::size_t expected = 8) { reset_capacity(expected); }

  // Inserts (key, value) if key is absent. Returns the stored value and whether it was inserted.
  std::pair<std::uint32_t*, bool> insert(std::uint64_t key, std::uint32_t value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t at = find_slot(key);
    if (slots_[at].used) return {&slots_[at].value, false};
    slots_[at] = Slot{key, value, true};
    ++size_;
    return {&slots_[at].value, true};
  }

  const std::uint32_t* find(std::uint64_t key) const {
    const Slot& slot = slots_[find_slot(key)];
    return slot.used ? &slot.value : nullptr;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = 0;
    bool used = false;
  };
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  unsigned shift_ = 61;

  void reset_capacity(std::size_t expected) {
    std::size_t capacity = 8;
    shift_ = 61;
    while (capacity < 2 * expected) {
      capacity *= 2;
      --shift_;
    }
    slots_.assign(capacity, Slot{});
    size_ = 0;
  }

  // Fibonacci hashing spreads low-entropy keys (small integers in tests) over the table.
  std::size_t find_slot(std::uint64_t key) const {
    std::size_t at = static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> shift_);
    while (slots_[at].used && slots_[at].key != key) at = (at + 1) & (slots_.size() - 1);
    return at;
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    reset_capacity(old.size());
    for (const Slot& slot : old) {
      if (slot.used) insert(slot.key, slot.value);
    }
  }
};

}  // namespace quest_live::live
