// `quest test [PATHS...]`: discovers *_test.q and test_*.q, runs each file in a fresh
// interpreter process, reads each file's last `N passed, N failed[, N skipped]` line,
// and prints the totals in the same format. Exit 1 on any failure.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <sys/wait.h>

#include "cli.hpp"

namespace fs = std::filesystem;

namespace quest {

namespace {

struct Counts {
  long passed = 0, failed = 0, skipped = 0;
};

bool is_test_file(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.' || name[0] == '_' || p.extension() != ".q") return false;
  return name.rfind("test_", 0) == 0 || (name.size() > 7 && name.compare(name.size() - 7, 7, "_test.q") == 0);
}

std::vector<std::string> discover(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& root : paths) {
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      files.push_back(root);
      continue;
    }
    if (!fs::is_directory(root, ec)) {
      std::fprintf(stderr, "quest test: no such file or directory: %s\n", root.c_str());
      continue;
    }
    std::vector<std::string> found;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); ++it) {
      std::string name = it->path().filename().string();
      if (it->is_directory() && !name.empty() && name[0] == '.') {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && is_test_file(it->path())) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out.append("'\\''");
    else out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

std::string strip_ansi(const std::string& s) {
  static const std::regex ansi("\x1b\\[[0-9;]*[A-Za-z]");
  return std::regex_replace(s, ansi, "");
}

bool parse_summary(const std::string& line, Counts& out) {
  static const std::regex summary(R"(^\s*(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$)");
  std::smatch m;
  std::string clean = strip_ansi(line);
  if (!std::regex_match(clean, m, summary)) return false;
  out.passed = std::stol(m[1]);
  out.failed = std::stol(m[2]);
  out.skipped = m[3].matched ? std::stol(m[3]) : 0;
  return true;
}

// Runs one file in a child `quest`, echoing its stdout; returns its exit status.
int run_file(const std::string& exe, const std::string& file, const std::vector<std::string>& flags,
             std::string& last_line) {
  std::string command = shell_quote(exe);
  command.append(" --test-child");
  for (const std::string& f : flags) {
    command.push_back(' ');
    command.append(shell_quote(f));
  }
  command.push_back(' ');
  command.append(shell_quote(file));
  std::fflush(stdout);
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return 127;
  char buf[4096];
  std::string pending;
  while (std::fgets(buf, sizeof buf, pipe)) {
    std::fputs(buf, stdout);
    pending += buf;
    if (!pending.empty() && pending.back() == '\n') {
      std::string line = pending.substr(0, pending.size() - 1);
      if (!strip_ansi(line).empty()) last_line = line;
      pending.clear();
    }
  }
  if (!pending.empty()) {
    std::fputs("\n", stdout);
    last_line = pending;
  }
  int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string summary_line(const Counts& c) {
  std::string s = std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed";
  if (c.skipped) s += ", " + std::to_string(c.skipped) + " skipped";
  return s;
}

}  // namespace

int run_tests(const std::vector<std::string>& args, const std::string& self_exe) {
  std::vector<std::string> paths, flags;
  for (const std::string& a : args) {
    if (a == "--no-color") flags.push_back("--test-setup=set_colors=false");
    else if (a == "-c" || a == "--condensed") flags.push_back("--test-setup=set_condensed");
    else if (a.rfind("--tag=", 0) == 0) flags.push_back("--test-setup=set_filter_tags=" + a.substr(6));
    else if (a.rfind("--skip-tag=", 0) == 0) flags.push_back("--test-setup=set_skip_tags=" + a.substr(11));
    else if (a.rfind("--cap=", 0) == 0) flags.push_back("--test-setup=set_capture=" + a.substr(6));
    else if (a == "-v" || a == "--verbose") continue;
    else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "quest test: unknown option %s\n", a.c_str());
      return 2;
    } else paths.push_back(a);
  }
  if (paths.empty()) paths.push_back(fs::is_directory("test") ? "test" : fs::is_directory("tests") ? "tests" : ".");
  std::vector<std::string> files = discover(paths);
  if (files.empty()) {
    std::fprintf(stderr, "quest test: no test files found\n");
    return 1;
  }
  Counts total;
  std::vector<std::string> errored;
  for (const std::string& file : files) {
    std::printf("\n== %s\n", file.c_str());
    std::string last;
    int status = run_file(self_exe, file, flags, last);
    Counts counts;
    if (parse_summary(last, counts)) {
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped;
      if (status != 0 && counts.failed == 0) {
        ++total.failed;
        errored.push_back(file);
      }
    } else if (status == 0) {
      ++total.passed;
    } else {
      ++total.failed;
      errored.push_back(file);
    }
    std::printf("-- %s: %s\n", file.c_str(), status == 0 ? "ok" : ("FAILED (exit " + std::to_string(status) + ")").c_str());
  }
  std::printf("\n%zu files", files.size());
  if (!errored.empty()) {
    std::printf(", %zu with errors:", errored.size());
    for (const std::string& f : errored) std::printf(" %s", f.c_str());
  }
  std::printf("\n%s\n", summary_line(total).c_str());
  std::fflush(stdout);
  return total.failed > 0 ? 1 : 0;
}

}  // namespace quest
