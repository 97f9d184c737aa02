// The Vm's record of one live Handle (quest/handle.hpp): the held value in an intrusive
// list, so the Vm can release every value still held when it is destroyed and a tracing
// collector can treat held values as roots.
#pragma once

#include "quest/value.hpp"

namespace quest {

class Vm;

struct HandleSlot {
  Value value;
  Vm* vm = nullptr;  // nullptr once the Vm is gone (orphaned: the Handle frees the slot)
  HandleSlot* prev = nullptr;
  HandleSlot* next = nullptr;
};

// Called by the Vm's destructor: releases every held value and orphans the slots.
void orphan_handles(HandleSlot*& head);

}  // namespace quest
