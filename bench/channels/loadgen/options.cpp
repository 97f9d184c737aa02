#include "options.hpp"

#include <charconv>
#include <functional>
#include <iostream>
#include <map>
#include <string_view>

namespace loadgen {
namespace {

constexpr std::string_view usage =
    "usage: loadgen fanout|echo|memory|storm|soak [--host ADDR] [--port PORT] [--label NAME]\n"
    "         [--threads N] [--clients N] [--rate MSG_PER_S] [--window N] [--seconds S]\n"
    "         [--timeout S] [--concurrency N] [--server-pid PID]\n"
    "       fanout: [--port2 PORT] (a second node: subscribers alternate between the two)\n"
    "       memory: [--topic bench:idle|room:idle] (room: tracks presence) [--warmup N]\n"
    "       soak: [--minutes M] [--rooms N] [--churn-percent P] [--churn-seconds S]\n"
    "         [--warmup-minutes N] (--rate and --server-pid required)\n";

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

using Setter = std::function<bool(Options&, std::string_view)>;

template <typename Number>
Setter number_setter(Number Options::*field) {
  return [field](Options& options, std::string_view text) {
    return parse_number(text, options.*field);
  };
}

Setter text_setter(std::string Options::*field) {
  return [field](Options& options, std::string_view text) {
    options.*field = std::string(text);
    return !text.empty();
  };
}

const std::map<std::string_view, Setter>& setters() {
  static const std::map<std::string_view, Setter> table = {
      {"--host", text_setter(&Options::host)},
      {"--port", text_setter(&Options::port)},
      {"--port2", text_setter(&Options::port2)},
      {"--label", text_setter(&Options::label)},
      {"--threads", number_setter(&Options::threads)},
      {"--clients", number_setter(&Options::clients)},
      {"--rate", number_setter(&Options::rate)},
      {"--window", number_setter(&Options::window)},
      {"--seconds", number_setter(&Options::seconds)},
      {"--timeout", number_setter(&Options::timeout)},
      {"--concurrency", number_setter(&Options::concurrency)},
      {"--server-pid", number_setter(&Options::server_pid)},
      {"--minutes", number_setter(&Options::minutes)},
      {"--rooms", number_setter(&Options::rooms)},
      {"--churn-percent", number_setter(&Options::churn_percent)},
      {"--churn-seconds", number_setter(&Options::churn_seconds)},
      {"--warmup-minutes", number_setter(&Options::warmup_minutes)},
      {"--topic", text_setter(&Options::topic)},
      {"--warmup", number_setter(&Options::warmup)},
  };
  return table;
}

bool fail(std::string_view why) {
  std::cerr << "loadgen: " << why << "\n" << usage;
  return false;
}

bool valid(const Options& options) {
  if (options.scenario != "fanout" && options.scenario != "echo" &&
      options.scenario != "memory" && options.scenario != "storm" && options.scenario != "soak")
    return fail("unknown scenario '" + options.scenario + "'");
  if (options.threads == 0 || options.clients == 0 || options.concurrency == 0 ||
      options.window == 0)
    return fail("--threads, --clients, --concurrency and --window must be positive");
  if (options.rate < 0 || options.seconds <= 0 || options.timeout <= 0)
    return fail("--rate must be >= 0, --seconds and --timeout > 0");
  if (!options.port2.empty() && options.scenario != "fanout")
    return fail("--port2 is for fanout only");
  if (options.scenario == "memory" && options.server_pid <= 0)
    return fail("memory needs --server-pid");
  if (options.scenario == "soak" &&
      (options.server_pid <= 0 || options.rate <= 0 || options.minutes <= 0 || options.rooms == 0 ||
       options.churn_percent < 0 || options.churn_percent > 50 || options.churn_seconds < 0))
    return fail("soak needs --server-pid, --rate > 0, --minutes > 0, --rooms > 0, "
                "--churn-percent in 0..50 and --churn-seconds >= 0");
  return true;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv) {
  if (argc < 2) return fail("missing scenario"), std::nullopt;
  Options options;
  options.scenario = argv[1];
  for (int i = 2; i < argc; i += 2) {
    auto setter = setters().find(argv[i]);
    if (setter == setters().end()) return fail(std::string("unknown flag ") + argv[i]), std::nullopt;
    if (i + 1 >= argc || !setter->second(options, argv[i + 1]))
      return fail(std::string("bad value for ") + argv[i]), std::nullopt;
  }
  if (options.label.empty()) options.label = options.scenario;
  if (!valid(options)) return std::nullopt;
  return options;
}

}  // namespace loadgen
