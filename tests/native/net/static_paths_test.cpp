// URL path -> file mapping for static directories: decoding, traversal, content types.
#include <doctest/doctest.h>

#include <fstream>
#include <unistd.h>

#include "quest_live/net/static_files.hpp"

using namespace quest_live::net;
namespace fs = std::filesystem;

namespace {

struct TempRoot {
  TempRoot() {
    path = fs::temp_directory_path() / ("quest_live_paths_" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path / "site" / "docs");
    std::ofstream(path / "outside.txt") << "x";
  }
  ~TempRoot() { fs::remove_all(path); }
  fs::path site() const { return fs::weakly_canonical(path / "site"); }
  fs::path path;
};

}  // namespace

TEST_CASE("percent_decode decodes escapes and refuses bad ones and NUL") {
  CHECK(percent_decode("a%20b%2Fc") == std::optional<std::string>("a b/c"));
  CHECK(percent_decode("plain") == std::optional<std::string>("plain"));
  CHECK_FALSE(percent_decode("bad%2"));
  CHECK_FALSE(percent_decode("bad%zz"));
  CHECK_FALSE(percent_decode("nul%00"));
  CHECK_FALSE(percent_decode("%"));
}

TEST_CASE("paths inside the root resolve, directories to their index.html") {
  TempRoot root;
  CHECK(resolve_static_path(root.site(), "app.js") == root.site() / "app.js");
  CHECK(resolve_static_path(root.site(), "/docs/a%20b.txt") == root.site() / "docs" / "a b.txt");
  CHECK(resolve_static_path(root.site(), "") == root.site() / "index.html");
  CHECK(resolve_static_path(root.site(), "docs") == root.site() / "docs" / "index.html");
}

TEST_CASE("paths that would leave the root are refused") {
  TempRoot root;
  for (const char* escape : {"../outside.txt", "%2e%2e/outside.txt", "docs/../../outside.txt",
                             "..", "docs/..%2F..%2Foutside.txt", "..\\outside.txt",
                             "a%5c..%5coutside.txt", "x%00.txt", "bad%zz"}) {
    CAPTURE(escape);
    CHECK_FALSE(resolve_static_path(root.site(), escape));
  }
}

TEST_CASE("a symlink out of the root is refused; one inside is allowed") {
  TempRoot root;
  fs::create_symlink(root.path / "outside.txt", root.path / "site" / "out.txt");
  fs::create_symlink(root.site() / "docs", root.path / "site" / "docs-link");
  CHECK_FALSE(resolve_static_path(root.site(), "out.txt"));
  CHECK(resolve_static_path(root.site(), "docs-link") == root.site() / "docs" / "index.html");
}

TEST_CASE("content types follow the extension, case-insensitively") {
  CHECK(content_type_for("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_for("APP.JS") == "text/javascript; charset=utf-8");
  CHECK(content_type_for("a/b/style.css") == "text/css; charset=utf-8");
  CHECK(content_type_for("phoenix.js.map") == "application/json");
  CHECK(content_type_for("logo.svg") == "image/svg+xml");
  CHECK(content_type_for("font.woff2") == "font/woff2");
  CHECK(content_type_for("Makefile") == "application/octet-stream");
  CHECK(content_type_for("archive.xyz") == "application/octet-stream");
}
