// The app's environment (app_env.hpp) and the development error page
// (dev_error_page.hpp): which source wins, what a bad value says, and that every piece
// of an error reaches the page escaped.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <unistd.h>

#include "app_env.hpp"
#include "dev_error_page.hpp"

namespace fs = std::filesystem;
using namespace quest_bindings;

namespace {

// QUEST_ENV set (or unset) for one scope, restored after.
class ScopedEnv {
 public:
  explicit ScopedEnv(const char* value) {
    if (const char* old = std::getenv("QUEST_ENV")) old_ = old;
    if (value) setenv("QUEST_ENV", value, 1);
    else unsetenv("QUEST_ENV");
  }
  ~ScopedEnv() {
    if (old_) setenv("QUEST_ENV", old_->c_str(), 1);
    else unsetenv("QUEST_ENV");
  }

 private:
  std::optional<std::string> old_;
};

// A fresh folder under the system temp dir, with a quest.toml holding `toml` (none when
// empty); removed at the end of the scope.
struct Folder {
  fs::path path;
  explicit Folder(const std::string& toml) {
    path = fs::temp_directory_path() / ("quest_app_env_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
    if (!toml.empty()) std::ofstream(path / "quest.toml") << toml;
  }
  ~Folder() { fs::remove_all(path); }
  static int& counter() { static int n = 0; return n; }
};

}  // namespace

TEST_CASE("the environment: QUEST_ENV, then [std.web] env, then development") {
  Folder plain("");
  Folder production("[std.web]\nenv = \"production\"\n");
  {
    ScopedEnv unset(nullptr);
    CHECK_FALSE(resolve_app_env(plain.path).production);
    CHECK(resolve_app_env(plain.path).describe() == "development (default)");
    const AppEnv from_file = resolve_app_env(production.path);
    CHECK(from_file.production);
    CHECK(from_file.source == (production.path / "quest.toml").string() + ": [std.web] env");
  }
  {
    ScopedEnv empty("");  // empty counts as unset
    CHECK(resolve_app_env(production.path).production);
  }
  {
    ScopedEnv dev("development");
    CHECK(resolve_app_env(production.path).describe() == "development (QUEST_ENV)");
  }
}

TEST_CASE("the environment: any other value is an error naming its source") {
  Folder staging("[std.web]\nenv = \"staging\"\n");
  Folder number("[std.web]\nenv = 1\n");
  ScopedEnv unset(nullptr);
  CHECK_THROWS_WITH_AS(resolve_app_env(staging.path),
                       doctest::Contains("quest.toml: [std.web] env must be \"development\" or \"production\", got \"staging\""),
                       AppEnvError);
  CHECK_THROWS_WITH_AS(resolve_app_env(number.path), doctest::Contains("[std.web] env has the wrong type"), AppEnvError);
  ScopedEnv prod_typo("Production");
  CHECK_THROWS_WITH_AS(resolve_app_env(staging.path),
                       "QUEST_ENV must be \"development\" or \"production\", got \"Production\"", AppEnvError);
}

TEST_CASE("the development error page escapes every piece of the error") {
  CHECK(html_escape("<a href=\"x\">Tom & 'Jerry'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  quest::ErrorReport report;
  report.type = "ValueErr";
  report.message = "<script>alert(1)</script>";
  report.file = "app<1>.q";
  report.line = 7;
  report.stack = {"at handle_request (app<1>.q:7)"};
  const std::string page = dev_error_page("GET /x?a=<b>", report);
  CHECK(page.find("<script>") == std::string::npos);
  CHECK(page.find("<pre id=\"quest-error-message\">&lt;script&gt;alert(1)&lt;/script&gt;</pre>") != std::string::npos);
  CHECK(page.find("at handle_request (app&lt;1&gt;.q:7)") != std::string::npos);
  CHECK(page.find("GET /x?a=&lt;b&gt;") != std::string::npos);
  CHECK(page.find("<h1 id=\"quest-error-type\">ValueErr</h1>") != std::string::npos);
}
