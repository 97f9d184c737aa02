// Browserless load generator for LiveView over the real socket: fetches pages like a
// browser (session, static and CSRF tokens), joins views on /live/websocket and clicks.
//   live_loadgen SCENARIO --port P [--server-pid PID] [--views N] [--views-per-socket K]
//                [--rate R] [--seconds S] [--broadcasts B] [--threads T] [--path /x]
// Scenarios: idle, latency, saturate, bytes, broadcast (bench/live/README.md). Loopback
// only; bench/live/run starts a fresh server for each.
#include <cstdlib>
#include <iostream>
#include <string>

#include "loadgen/scenarios.hpp"

namespace {

int usage(const std::string& why) {
  std::cerr << "live_loadgen: " << why
            << "\nusage: live_loadgen idle|latency|saturate|bytes|broadcast --port P [--server-pid PID] "
               "[--views N] [--views-per-socket K] [--rate R] [--seconds S] [--broadcasts B] [--threads T] "
               "[--path /x] [--concurrency C]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace live_loadgen;
  if (argc < 2) return usage("no scenario");
  Options o;
  o.scenario = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return usage(flag + " needs a value");
    const std::string value = argv[++i];
    try {
      if (flag == "--port") o.port = value;
      else if (flag == "--host") o.host = value;
      else if (flag == "--path") o.path = value;
      else if (flag == "--server-pid") o.server_pid = std::stoi(value);
      else if (flag == "--views") o.views = std::stoul(value);
      else if (flag == "--views-per-socket") o.views_per_socket = std::stoul(value);
      else if (flag == "--threads") o.threads = std::stoul(value);
      else if (flag == "--concurrency") o.concurrency = std::stoul(value);
      else if (flag == "--rate") o.rate = std::stod(value);
      else if (flag == "--seconds") o.seconds = std::stod(value);
      else if (flag == "--broadcasts") o.broadcasts = std::stoul(value);
      else return usage("unknown flag " + flag);
    } catch (const std::exception&) {
      return usage("bad value for " + flag + ": " + value);
    }
  }
  if (o.host != "127.0.0.1" && o.host != "::1") return usage("loopback only (--host 127.0.0.1 or ::1)");
  if (o.views == 0 || o.rate <= 0 || o.seconds <= 0) return usage("--views, --rate and --seconds must be positive");
  if (o.scenario == "idle") return run_idle(o);
  if (o.scenario == "latency") return run_latency(o);
  if (o.scenario == "saturate") return run_saturate(o);
  if (o.scenario == "bytes") return run_bytes(o);
  if (o.scenario == "broadcast") return run_broadcast(o);
  return usage("unknown scenario " + o.scenario);
}
