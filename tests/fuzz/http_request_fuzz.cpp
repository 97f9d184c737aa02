// The HTTP request path up to the application, without sockets. What it covers:
//  - Beast's request parser with the server's limits (ServerConfig's header limit, the
//    session's body limit), fed as http_session's read loop feeds it, in fuzzer-chosen
//    pieces then EOF: the same bytes in pieces must be refused or give the same request
//    as fed whole;
//  - on a parsed request, the session's own decisions (net/src/http_request_checks):
//    target splitting, header collection, the upgrade test; the Origin policy; the
//    Sec-WebSocket-Key check and accept key; static path resolution under a real
//    directory (with a symlink leading out), which must never leave the root.
// Not covered: the Asio session itself (timeouts, keep-alive, writes), the hub's state
// (shutdown, connection slots, upgrade hooks) and reading the file that is served.
#include <fuzzer/FuzzedDataProvider.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "accept_key.hpp"
#include "fuzz_check.hpp"
#include "http_request_checks.hpp"
#include "utf8_reference.hpp"
#include "quest_live/net/origin_policy.hpp"
#include "quest_live/net/server_config.hpp"
#include "quest_live/net/static_files.hpp"

namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace net = quest_live::net;

namespace {

struct Outcome {
  bool done = false;
  std::string error;  // the parser's error, "" when none
  std::string request;  // method, target, version, fields and body, when done
  std::optional<net::http_request> parsed;
};

std::string describe(const net::http_request& req) {
  std::string text = std::string(req.method_string()) + " " + std::string(req.target()) + " " +
                     std::to_string(req.version()) + "\n";
  for (const auto& field : req) text += std::string(field.name_string()) + ": " + std::string(field.value()) + "\n";
  return text + "\n" + req.body();
}

// One request read the way http_session reads it: bytes appended to a buffer as they
// arrive, the parser given everything buffered, EOF after the last piece.
Outcome read_request(const std::string& bytes, const std::vector<std::size_t>& pieces) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(net::ServerConfig{}.max_request_header_bytes));
  parser.body_limit(net::ServerConfig{}.max_request_body_bytes);
  Outcome outcome;
  std::string buffered;
  std::size_t at = 0;
  boost::beast::error_code error;
  for (std::size_t piece = 0; at < bytes.size() && !parser.is_done(); ++piece) {
    const std::size_t length =
        piece < pieces.size() ? std::min(pieces[piece], bytes.size() - at) : bytes.size() - at;
    buffered.append(bytes, at, length);
    at += length;
    while (!buffered.empty() && !parser.is_done()) {
      const std::size_t used = parser.put(boost::asio::buffer(buffered), error);
      buffered.erase(0, used);
      if (error == http::error::need_more) {
        error = {};
        break;
      }
      if (error) {
        outcome.error = error.message();
        return outcome;
      }
      if (used == 0) break;
    }
  }
  if (!parser.is_done()) {
    // As Beast's own read does at the end of the stream: nothing received is
    // end_of_stream (put_eof asserts got_some(), checked in the sanitizer tree, which
    // keeps Beast's assertions on).
    if (!parser.got_some()) {
      outcome.error = http::make_error_code(http::error::end_of_stream).message();
      return outcome;
    }
    parser.put_eof(error);
    if (error) {
      outcome.error = error.message();
      return outcome;
    }
  }
  outcome.done = parser.is_done();
  if (outcome.done) {
    outcome.parsed = parser.release();
    outcome.request = describe(*outcome.parsed);
  }
  return outcome;
}

std::string lower(std::string_view text) {
  std::string result(text);
  for (auto& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return result;
}

// A served directory with a file, a subdirectory with an index, and a symlink that
// leads out of it; made once per process.
const fs::path& static_root() {
  static const fs::path root = [] {
    char pattern[] = "/tmp/quest-fuzz-static-XXXXXX";
    const fs::path made = fs::weakly_canonical(mkdtemp(pattern));
    fs::create_directories(made / "public" / "docs");
    std::ofstream(made / "public" / "app.js") << "x";
    std::ofstream(made / "public" / "docs" / "index.html") << "x";
    std::ofstream(made / "secret.txt") << "x";
    fs::create_directory_symlink(made, made / "public" / "up");
    return made / "public";
  }();
  return root;
}

bool within(const fs::path& root, const fs::path& candidate) {
  const std::string r = root.string() + "/";
  const std::string c = candidate.string();
  return c.compare(0, r.size(), r) == 0;
}

void check_handling(const net::http_request& req) {
  const std::string_view target = req.target();
  const auto [path, query] = net::split_target(target);
  const bool has_query = target.find('?') != std::string_view::npos;
  FUZZ_CHECK((has_query ? path + "?" + query : path) == target, "split_target loses nothing");
  FUZZ_CHECK(path.find('?') == std::string::npos, "the path stops at the first '?'");
  // The session answers 400 to a target that is not text; one it passes on is UTF-8,
  // checked here against the reference decoder rather than our own validator.
  FUZZ_CHECK(net::is_text_target(target) ==
                 (fuzz_reference::check_utf8(target) == fuzz_reference::Utf8Verdict::valid),
             "a target is text exactly when it is UTF-8");
  if (!net::is_text_target(target)) return;

  const auto headers = net::collect_headers(req);
  std::size_t fields = 0;
  for (const auto& field : req) {
    ++fields;
    FUZZ_CHECK(headers.count(lower(field.name_string())) == 1, "every header is collected, lower-cased");
  }
  FUZZ_CHECK(headers.size() <= fields, "no header is invented");
  for (const auto& [name, value] : headers) FUZZ_CHECK(name == lower(name), "collected names are lower-case");

  if (net::is_websocket_upgrade(req)) {
    FUZZ_CHECK(req.method() == http::verb::get && req.version() >= 11, "only GET over HTTP/1.1 upgrades");
  }

  const auto origin_field = req.find(http::field::origin);
  if (origin_field != req.end()) {
    const std::string_view origin = origin_field->value();
    net::origin_allowed(origin, req[http::field::host], {});
    net::origin_allowed(origin, req[http::field::host], {"https://example.com"});
    if (const auto authority = net::origin_authority(origin)) {
      FUZZ_CHECK(!authority->empty() && *authority == lower(*authority), "an authority is lower-case");
      FUZZ_CHECK(authority->find_first_of("/@ \t") == std::string::npos, "an authority is host[:port] only");
    }
  } else {
    FUZZ_CHECK(net::origin_allowed(std::nullopt, req[http::field::host], {}), "no Origin is allowed");
  }

  const std::string_view key = req[http::field::sec_websocket_key];
  if (net::is_valid_websocket_key(key)) {
    FUZZ_CHECK(key.size() == 24, "a valid key is 24 characters");
    FUZZ_CHECK(net::websocket_accept_key(key).size() == 28, "an accept key is 28 characters");
  }

  // The mount "/static/" serves static_root(); the rest of the path is resolved under it.
  const std::string_view prefix = "/static/";
  if (std::string_view(path).substr(0, prefix.size()) == prefix) {
    const auto file = net::resolve_static_path(static_root(), std::string_view(path).substr(prefix.size()));
    if (file) {
      FUZZ_CHECK(within(static_root(), *file), "a resolved file is under the root");
      std::error_code error;
      const auto real = fs::weakly_canonical(*file, error);
      FUZZ_CHECK(!error && within(static_root(), real), "a resolved file does not lead out by a symlink");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<std::size_t> pieces;
  const auto piece_count = input.ConsumeIntegralInRange<int>(0, 10);
  for (int i = 0; i < piece_count; ++i) pieces.push_back(input.ConsumeIntegralInRange<std::size_t>(0, 64));
  const std::string bytes = input.ConsumeRemainingBytesAsString();

  const Outcome whole = read_request(bytes, {});
  const Outcome split = read_request(bytes, pieces);
  // Which error a broken request gets may depend on the pieces (Beast parses the start
  // line early only when it arrives in the first read); that it fails may not.
  const bool same = whole.done == split.done && whole.error.empty() == split.error.empty() &&
                    whole.request == split.request;
  if (!same) {
    std::fprintf(stderr, "whole: done=%d error='%s'\nsplit: done=%d error='%s'\n", whole.done,
                 whole.error.c_str(), split.done, split.error.c_str());
  }
  FUZZ_CHECK(same, "the same request in pieces reads like the whole");
  if (whole.parsed) check_handling(*whole.parsed);
  return 0;
}
