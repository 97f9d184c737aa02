// Internal split of the Str method table across files (str_methods.cpp registers the
// text methods and calls the others). Not part of the embedding API.
#pragma once

#include <string>

namespace quest {
class Vm;
class Args;

void register_str_conversion_methods(Vm& vm);  // str_convert_methods.cpp
void register_str_codec_methods(Vm& vm);       // str_codec_methods.cpp

// The receiver of a Str method.
const std::string& self_text(const Args& args);
}  // namespace quest
