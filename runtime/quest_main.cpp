// The `quest` executable of a plain runtime build: the CLI with no host additions.
#include "quest/host.hpp"

int main(int argc, char** argv) { return quest::cli_main(argc, argv, quest::CliHost{}); }
