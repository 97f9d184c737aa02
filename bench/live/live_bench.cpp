// bench/live: bytes on the wire and time per update of the native LiveView engine.
//
// For each scenario two assigns snapshots A and B are built. Every iteration first goes
// back to A (not timed), then measures the update A -> B: render_changes + encode_diff
// with the JsonEvaluator, exactly what a view does after an event. The change set is
// what socket.assign() would have recorded. Figures are printed, never asserted.
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "quest_live/live/diff_encoder.hpp"
#include "quest_live/live/html.hpp"
#include "quest_live/live/json_evaluator.hpp"
#include "quest_live/live/renderer.hpp"

using namespace quest_live::live;
using Clock = std::chrono::steady_clock;

namespace {

struct Scenario {
  const char* name;
  std::string source;
  std::string before;  // assigns A (JSON)
  std::string after;   // assigns B (JSON)
};

std::string counter_template() {
  return R"(
            <div>
                <h1>Count: <%= count %></h1>
                <button phx-click="increment">+</button>
                <button phx-click="decrement">-</button>
                <button phx-click="reset">Reset</button>
            </div>
        )";
}

std::string table_rows(int changed_row) {
  std::string rows = "[";
  for (int i = 0; i < 1000; ++i) {
    if (i) rows += ",";
    const int value = i * 7 % 1000 + (i == changed_row ? 1 : 0);
    rows += R"({"id":)" + std::to_string(i) + R"(,"name":"row )" + std::to_string(i) + R"(","value":)" +
            std::to_string(value) + "}";
  }
  return rows + "]";
}

std::string list_items(int count) {
  std::string items = "[";
  for (int i = 0; i < count; ++i) {
    if (i) items += ",";
    items += R"({"id":)" + std::to_string(i) + R"(,"text":"Item number )" + std::to_string(i) + R"("})";
  }
  return items + "]";
}

std::string metrics(bool changed) {
  std::string result = "[";
  for (int i = 0; i < 20; ++i) {
    if (i) result += ",";
    const bool moves = changed && (i == 2 || i == 9 || i == 15);
    result += R"({"name":"metric )" + std::to_string(i) + R"(","value":)" + std::to_string(100 + i + (moves ? 5 : 0)) +
              R"(,"trend":")" + (moves ? "up" : "flat") + R"(","change":)" + (moves ? "4.8" : "0") + "}";
  }
  return result + "]";
}

std::vector<Scenario> scenarios() {
  const std::string table =
      R"(<table class="data"><thead><tr><th>Id</th><th>Name</th><th>Value</th></tr></thead><tbody><% for row in rows %>
  <tr id="row-<%= row.id %>"><td><%= row.id %></td><td><%= row.name %></td><td class="num"><%= row.value %></td></tr><% end %>
</tbody></table>)";
  const std::string list = R"(<ul id="items"><% for item in items %>
  <li id="item-<%= item.id %>"><%= item.text %></li><% end %>
</ul>)";
  // The seed's dashboard view.
  const std::string dashboard = R"(
            <div class="dashboard">
                <h1>Real-time Dashboard</h1>
                <p>Last updated: <%= last_updated %></p>
                <div class="metrics">
                    <% for metric in metrics %>
                        <div class="metric">
                            <h3><%= metric.name %></h3>
                            <p class="value"><%= metric.value %></p>
                            <span class="trend <%= metric.trend %>">
                                <%= metric.change %>%
                            </span>
                        </div>
                    <% end %>
                </div>
            </div>
        )";
  return {
      {"(a) counter", counter_template(), R"({"count":41})", R"({"count":42})"},
      {"(b) 1,000-row table, one cell", table, R"({"rows":)" + table_rows(-1) + "}", R"({"rows":)" + table_rows(500) + "}"},
      {"(c) 1,000-item list, append one", list, R"({"items":)" + list_items(1000) + "}",
       R"({"items":)" + list_items(1001) + "}"},
      {"(d) dashboard, 3 of 20 metrics", dashboard, R"({"last_updated":"12:00:00","metrics":)" + metrics(false) + "}",
       R"({"last_updated":"12:00:01","metrics":)" + metrics(true) + "}"},
  };
}

rapidjson::Document parse(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str(), text.size());
  return document;
}

struct Result {
  std::size_t join_bytes = 0;
  std::size_t html_bytes = 0;
  std::size_t update_bytes = 0;
  double median_us = 0;
  double mean_us = 0;
  std::string sample;
};

std::string render_diff(const CompiledTemplate& compiled, ExpressionEvaluator& evaluator, const ChangeSet& changes,
                        ViewMirror& mirror) {
  RenderedView view;
  view.root = render_changes(compiled, evaluator, changes, *mirror.root);
  return encode_diff(view, mirror);
}

Result measure(const Scenario& scenario, int iterations) {
  auto compiled = compile_template(scenario.source, scenario.name);
  rapidjson::Document before = parse(scenario.before);
  rapidjson::Document after = parse(scenario.after);
  JsonEvaluator at_before(before);
  JsonEvaluator at_after(after);
  const ChangeSet forward = changes_between(before, after);
  const ChangeSet backward = changes_between(after, before);

  Result result;
  ViewMirror mirror;
  RenderedView join;
  join.root = render_full(*compiled, at_before);
  result.join_bytes = encode_full(join, mirror).size();
  result.html_bytes = to_html(*render_full(*compiled, at_after)).size();

  std::vector<double> samples;
  for (int i = 0; i < iterations; ++i) {
    render_diff(*compiled, at_before, backward, mirror);
    const auto start = Clock::now();
    std::string diff = render_diff(*compiled, at_after, forward, mirror);
    const auto stop = Clock::now();
    samples.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
    result.update_bytes = diff.size();
    result.sample = std::move(diff);
  }
  double total = 0;
  for (double sample : samples) total += sample;
  result.mean_us = total / static_cast<double>(samples.size());
  std::sort(samples.begin(), samples.end());
  result.median_us = samples[samples.size() / 2];
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  const int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 2000;
  std::printf("bench/live: native LiveView engine, update A -> B, %d iterations each (JsonEvaluator)\n\n", iterations);
  std::printf("| %-32s | %9s | %11s | %8s | %7s | %11s | %9s |\n", "scenario", "join B", "full HTML B", "update B",
              "ratio", "median us", "mean us");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|\n", std::string(34, '-').c_str(), std::string(11, '-').c_str(),
              std::string(13, '-').c_str(), std::string(10, '-').c_str(), std::string(9, '-').c_str(),
              std::string(13, '-').c_str(), std::string(11, '-').c_str());
  std::vector<std::pair<std::string, std::string>> samples;
  for (const auto& scenario : scenarios()) {
    const Result result = measure(scenario, iterations);
    const double ratio = 100.0 * static_cast<double>(result.update_bytes) / static_cast<double>(result.html_bytes);
    std::printf("| %-32s | %9zu | %11zu | %8zu | %6.2f%% | %11.2f | %9.2f |\n", scenario.name, result.join_bytes,
                result.html_bytes, result.update_bytes, ratio, result.median_us, result.mean_us);
    samples.emplace_back(scenario.name, result.sample);
  }
  std::printf("\nupdate messages:\n");
  for (const auto& [name, sample] : samples) std::printf("  %-32s %s\n", name.c_str(), sample.c_str());
  return 0;
}
