// Small helpers shared by the native std modules (internal to runtime/std).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "quest/vm.hpp"

namespace quest {

class Vm;

// The bytes of a Str or Bytes argument (TypeErr for anything else).
const std::string& arg_data(const Args& args, std::size_t pos, std::string_view fn);

// Decoded binary data as Str when it is valid UTF-8, otherwise as Bytes.
Value text_or_bytes(std::string data);

Value string_array(const std::vector<std::string>& items);

// One registration function per module file.
void register_math_module(Vm& vm);
void register_hash_module(Vm& vm);
void register_b64_module(Vm& vm);
void register_hex_module(Vm& vm);
void register_url_module(Vm& vm);
void register_struct_module(Vm& vm);
void register_csv_module(Vm& vm);
void register_uuid_module(Vm& vm);
void register_json_module(Vm& vm);
void register_regex_module(Vm& vm);
void register_io_module(Vm& vm);
void register_os_module(Vm& vm);
void register_sys_module(Vm& vm);
void register_time_module(Vm& vm);
void register_term_module(Vm& vm);
void register_html_templates_module(Vm& vm);
void register_process_module(Vm& vm);

}  // namespace quest
