// Static files over real HTTP: content types, HEAD, index.html, 404/403/405, and no
// way out of the served directory.
#include <doctest/doctest.h>

#include <fstream>

#include "test_client.hpp"

using namespace quest_live;
using namespace quest_live::test;
namespace fs = std::filesystem;

namespace {

// A fresh directory tree: site/{index.html, app.js, style.css}, site/assets/logo.svg,
// other/asset.txt, and secret.txt next to (outside) the site.
struct SiteFixture {
  SiteFixture() {
    root = fs::temp_directory_path() / ("quest_live_static_" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root / "site" / "assets");
    fs::create_directories(root / "other");
    write(root / "site" / "index.html", "<h1>home</h1>");
    write(root / "site" / "app.js", "console.log(1)");
    write(root / "site" / "style.css", "body{}");
    write(root / "site" / "assets" / "logo.svg", "<svg/>");
    write(root / "other" / "asset.txt", "from the assets mount");
    write(root / "secret.txt", "do not serve");
  }
  ~SiteFixture() { fs::remove_all(root); }
  static void write(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }
  fs::path root;
};

}  // namespace

TEST_CASE("static files are served with their content types") {
  SiteFixture site;
  RunningServer running(RunningServer::small_config(), [&](net::Server& server) {
    server.serve_static("/", site.root / "site");
    server.serve_static("/assets/", site.root / "other");
  });
  const auto port = running.port();

  auto index = http_request(port, "GET", "/");
  CHECK(index.status == 200);
  CHECK(index.content_type == "text/html; charset=utf-8");
  CHECK(index.body == "<h1>home</h1>");

  auto script = http_request(port, "GET", "/app.js?v=3");
  CHECK(script.status == 200);
  CHECK(script.content_type == "text/javascript; charset=utf-8");
  CHECK(script.body == "console.log(1)");

  CHECK(http_request(port, "GET", "/style.css").content_type == "text/css; charset=utf-8");
  CHECK(http_request(port, "GET", "/assets/asset.txt").body == "from the assets mount");
  // The longer prefix wins, so site/assets/ is hidden behind the /assets/ mount.
  CHECK(http_request(port, "GET", "/assets/logo.svg").status == 404);
}

TEST_CASE("HEAD answers headers and length without a body") {
  SiteFixture site;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.serve_static("/", site.root / "site"); });
  auto head = http_request(running.port(), "HEAD", "/app.js");
  CHECK(head.status == 200);
  CHECK(head.content_length == std::string("console.log(1)").size());
  CHECK(head.body.empty());
}

TEST_CASE("missing files are 404, other methods 405, and nothing outside the root is served") {
  SiteFixture site;
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.serve_static("/", site.root / "site"); });
  const auto port = running.port();

  CHECK(http_request(port, "GET", "/missing.html").status == 404);
  CHECK(http_request(port, "POST", "/index.html").status == 405);
  for (const char* escape : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                             "/..%5csecret.txt", "/index.html%00.js"}) {
    CAPTURE(escape);
    auto reply = http_request(port, "GET", escape);
    CHECK(reply.status == 403);
    CHECK(reply.body.find("do not serve") == std::string::npos);
  }
}

TEST_CASE("a symlink that points outside the root is not followed") {
  SiteFixture site;
  fs::create_symlink(site.root / "secret.txt", site.root / "site" / "leak.txt");
  RunningServer running(RunningServer::small_config(),
                        [&](net::Server& server) { server.serve_static("/", site.root / "site"); });
  CHECK(http_request(running.port(), "GET", "/leak.txt").status == 403);
}

TEST_CASE("without a static mount every path is 404") {
  RunningServer running;
  CHECK(http_request(running.port(), "GET", "/").status == 404);
}
