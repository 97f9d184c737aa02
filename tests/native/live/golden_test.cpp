// Golden scenarios: golden/*.json hold a template, then per step the assigns, the exact
// message the client must receive, and optionally the exact HTML of the state.
#include <doctest/doctest.h>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "live_test_support.hpp"

using namespace live_test;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return buffer.GetString();
}

void run_golden(const std::string& file) {
  rapidjson::Document golden = parse_json(read_file(std::filesystem::path(LIVE_GOLDEN_DIR) / file));
  JsonView view(golden["template"].GetString());
  const auto& steps = golden["steps"].GetArray();
  REQUIRE(steps.Size() > 1);
  for (rapidjson::SizeType i = 0; i < steps.Size(); ++i) {
    CAPTURE(file);
    CAPTURE(i);
    const std::string assigns = to_json(steps[i]["assigns"]);
    const std::string message = i == 0 ? view.join(assigns) : view.step(assigns);
    // Compared as JSON values: key order inside an object carries no meaning.
    CHECK_MESSAGE(parse_json(message) == steps[i]["expect"], "got " << message);
    if (steps[i].HasMember("html")) CHECK(view.html() == steps[i]["html"].GetString());
  }
}

}  // namespace

TEST_CASE("golden: the protocol guide's worked example, message by message") { run_golden("worked_example.json"); }

TEST_CASE("golden: the seed's dashboard keeps its whitespace and sends only changed metrics") {
  run_golden("seed_dashboard.json");
}

TEST_CASE("golden: escaping, raw output and expressions in attributes") { run_golden("escaping_and_raw.json"); }
