// `api_test_host`: the `quest` CLI with the test host of api_host.hpp (module host/tally,
// printing what `record` receives) and one host command, `quest hello`.
#include <cstdio>

#include "api_host.hpp"

int main(int argc, char** argv) {
  quest::CliHost host;
  host.vm_setup.push_back(quest::testing::tally_module(nullptr));
  host.commands.push_back({"hello", "prints its arguments", [](const std::vector<std::string>& args) {
                             std::printf("hello");
                             for (const std::string& a : args) std::printf(" %s", a.c_str());
                             std::printf("\n");
                             return 7;
                           }});
  return quest::cli_main(argc, argv, host);
}
