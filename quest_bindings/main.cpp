// The `quest` executable: the runtime's command line plus the web bindings in every Vm
// and the `serve` command.
#include "bindings.hpp"
#include "quest/host.hpp"
#include "serve_command.hpp"

int main(int argc, char** argv) {
  quest::CliHost host;
  host.vm_setup.push_back([](quest::Vm& vm) { quest_bindings::install_web_bindings(vm); });
  host.commands.push_back(quest_bindings::serve_command({}));
  return quest::cli_main(argc, argv, host);
}
