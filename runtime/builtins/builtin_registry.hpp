// Registration entry points of the built-in type methods. Each function registers the
// methods of one built-in type through Vm::register_method. Called once per Vm.
#pragma once

namespace quest {
class Vm;

void register_str_methods(Vm& vm);    // builtins/str*.cpp
void register_bytes_methods(Vm& vm);  // builtins/bytes*.cpp
void register_uuid_methods(Vm& vm);   // builtins/uuid*.cpp

void register_number_methods(Vm& vm);  // builtins/number_methods.cpp (Int, Float, Bool)
void register_array_methods(Vm& vm);   // builtins/array_methods.cpp
void register_dict_methods(Vm& vm);    // builtins/dict_methods.cpp
void register_global_functions(Vm& vm);  // builtins/global_functions.cpp (puts, print, chr...)
void register_set_methods(Vm& vm);       // builtins/set_methods.cpp (Set.new, union, ...)
void register_bigint_methods(Vm& vm);    // builtins/bigint_methods.cpp (BigInt, 123n, Str.to_bigint)
void register_decimal_methods(Vm& vm);   // builtins/decimal_methods.cpp (Decimal, Str.to_decimal)
}  // namespace quest
