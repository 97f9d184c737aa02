// Persistent handles: a Quest value held by C++ code beyond one native call (a handler
// closure stored for a connection, a module's config dict), like Wren's WrenHandle.
//
// Ownership: a Handle keeps its value alive until the Handle is released (release()),
// assigned over or destroyed. It is move-only (one owner, no hidden copies of the reference count).
// Threading: create, move, read and destroy Handles only on the thread that runs the Vm
// (reference counts are not atomic). Creating and releasing check the thread in every
// build and abort with a message off it (Vm::check_owner_thread); moving a Handle
// touches no count. Another thread that must drop a handle posts it (moved into a task)
// to the Vm's thread.
// Lifetime: a Handle may outlive its Vm: the Vm's destructor releases every value still
// held (value() is nil afterwards and destroying the Handle is then a no-op).
#pragma once

#include <cstddef>

#include "quest/value.hpp"

namespace quest {

class Vm;
struct HandleSlot;  // the Vm's record of one live handle

class Handle {
 public:
  Handle() = default;  // holds nothing
  Handle(Vm& vm, Value value);
  Handle(Handle&& other) noexcept : slot_(other.slot_) { other.slot_ = nullptr; }
  Handle& operator=(Handle&& other) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { release(); }

  // The held value; nil for an empty handle or once the Vm is gone.
  const Value& value() const;
  // The Vm that owns the value; nullptr for an empty handle or once the Vm is gone.
  Vm* vm() const;
  explicit operator bool() const { return vm() != nullptr; }
  // Drops the value now; the handle becomes empty.
  void release();

 private:
  HandleSlot* slot_ = nullptr;
};

}  // namespace quest
