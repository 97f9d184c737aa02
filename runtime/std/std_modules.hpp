// Entry point of the native std modules. Called once by every Vm.
#pragma once

namespace quest {
class Vm;
// Registers io, os, sys, time, math, term, encoding/json, uuid, hash, encoding/b64, regex.
void register_std_modules(Vm& vm);
}  // namespace quest
