// Entry point of the native std modules: one registration call per module file.
#include "std_modules.hpp"

#include "std_support.hpp"

namespace quest {

void register_std_modules(Vm& vm) {
  register_math_module(vm);
  register_hash_module(vm);
  register_b64_module(vm);
  register_hex_module(vm);
  register_url_module(vm);
  register_struct_module(vm);
  register_csv_module(vm);
  register_uuid_module(vm);
  register_json_module(vm);
  register_regex_module(vm);
  register_io_module(vm);
  register_os_module(vm);
  register_sys_module(vm);
  register_term_module(vm);
  register_time_module(vm);
  register_html_templates_module(vm);
  register_process_module(vm);
}

}  // namespace quest
