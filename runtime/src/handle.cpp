// Persistent handles (quest/handle.hpp): a value held by C++ in the Vm's handle list.
#include "quest/handle.hpp"

#include "handle_slot.hpp"
#include "interpreter.hpp"

namespace quest {

namespace {
const Value kNil;

void link(Interpreter& in, HandleSlot* slot) {
  slot->next = in.handles;
  if (in.handles) in.handles->prev = slot;
  in.handles = slot;
  ++in.live_handles;
}

void unlink(Interpreter& in, HandleSlot* slot) {
  if (slot->prev) slot->prev->next = slot->next;
  else in.handles = slot->next;
  if (slot->next) slot->next->prev = slot->prev;
  --in.live_handles;
}
}  // namespace

Handle::Handle(Vm& vm, Value value) {
  vm.check_owner_thread("Handle");
  slot_ = new HandleSlot{std::move(value), &vm};
  link(vm.interpreter(), slot_);
}

Handle& Handle::operator=(Handle&& other) noexcept {
  if (this != &other) {
    release();
    slot_ = other.slot_;
    other.slot_ = nullptr;
  }
  return *this;
}

const Value& Handle::value() const { return slot_ ? slot_->value : kNil; }

Vm* Handle::vm() const { return slot_ ? slot_->vm : nullptr; }

void Handle::release() {
  if (!slot_) return;
  if (Vm* vm = slot_->vm) {
    vm->check_owner_thread("Handle::release");
    unlink(vm->interpreter(), slot_);
  }
  delete slot_;  // drops the value (nil already when orphaned)
  slot_ = nullptr;
}

void orphan_handles(HandleSlot*& head) {
  for (HandleSlot* slot = head; slot; slot = slot->next) {
    slot->value = Value();
    slot->vm = nullptr;
  }
  head = nullptr;
}

}  // namespace quest
