// Argument parsing and dispatch for the `quest` executable.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <unistd.h>

#include "cli.hpp"

namespace quest {

namespace {

const char* kVersion = "Quest version 0.1.13 (quest-live C++ runtime)";

void print_help(const CliHost& host) {
  std::printf(
      "Usage:\n"
      "  quest                      start the REPL (or run stdin when it is not a terminal)\n"
      "  quest FILE [ARGS...]       run a script; sys.argv = [FILE, ARGS...]\n"
      "  quest -e CODE [ARGS...]    run CODE\n"
      "  quest test [OPTIONS] [PATHS...]\n"
      "                             run *_test.q / test_*.q files, each in a fresh interpreter;\n"
      "                             options: --no-color -c/--condensed --tag=T --skip-tag=T\n"
      "                             --cap=all|stdout|stderr|no (capture test output)\n");
  for (const CliCommand& command : host.commands)
    std::printf("  quest %-20s %s\n", command.name.c_str(), command.help.c_str());
  std::printf(
      "  quest --search-path        print the module search path\n"
      "  quest -v, --version        print the version\n"
      "  quest -h, --help           print this help\n");
}

std::string self_executable(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : exe.string();
}

int run_stdin(const std::vector<std::string>& argv, const CliHost& host) {
  std::string source((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  ScriptOptions options;
  options.argv = argv;
  return run_script("<stdin>", &source, options, host);
}

const CliCommand* find_command(const CliHost& host, const std::string& name) {
  for (const CliCommand& command : host.commands)
    if (command.name == name) return &command;
  return nullptr;
}

}  // namespace

int cli_main(int argc, char** argv, const CliHost& host) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    if (!isatty(STDIN_FILENO)) return run_stdin({argv[0]}, host);
    return run_on_big_stack([&] {
      Vm vm;
      apply_vm_setup(vm, host);
      return run_repl(vm);
    });
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help") {
    print_help(host);
    return 0;
  }
  if (first == "-v" || first == "--version") {
    std::printf("%s\n", kVersion);
    return 0;
  }
  if (first == "--search-path") {
    Vm vm;
    apply_vm_setup(vm, host);
    for (const std::string& dir : vm.search_path()) std::printf("%s\n", dir.c_str());
    return 0;
  }
  if (first == "-e") {
    if (args.size() < 2) {
      std::fprintf(stderr, "quest: -e needs code\n");
      return 2;
    }
    ScriptOptions options;
    options.argv.assign(args.begin() + 1, args.end());
    options.argv[0] = "-e";
    return run_script("<eval>", &args[1], options, host);
  }
  if (first == "test") return run_tests(std::vector<std::string>(args.begin() + 1, args.end()), self_executable(argv[0]));
  if (first == "--test-child") {
    ScriptOptions options;
    std::size_t i = 1;
    for (; i < args.size() && args[i].rfind("--test-setup=", 0) == 0; ++i) options.test_setup.push_back(args[i].substr(13));
    if (i >= args.size()) return 2;
    options.argv.assign(args.begin() + static_cast<long>(i), args.end());
    return run_script(args[i], nullptr, options, host);
  }
  if (const CliCommand* command = find_command(host, first))
    return command->run(std::vector<std::string>(args.begin() + 1, args.end()));
  if (!first.empty() && first[0] == '-' && first != "-") {
    std::fprintf(stderr, "quest: unknown option %s (see quest --help)\n", first.c_str());
    return 2;
  }
  if (first == "-") return run_stdin(args, host);
  if (!std::filesystem::is_regular_file(first)) {
    std::fprintf(stderr, "quest: cannot open file: %s\n", first.c_str());
    return 1;
  }
  ScriptOptions options;
  options.argv = args;
  return run_script(first, nullptr, options, host);
}

}  // namespace quest
