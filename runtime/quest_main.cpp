// The `quest` executable.
#include "cli.hpp"

int main(int argc, char** argv) { return quest::cli_main(argc, argv); }
