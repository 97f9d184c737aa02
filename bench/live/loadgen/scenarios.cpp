#include "scenarios.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "loadgen/cpu_meter.hpp"
#include "loadgen/latency_histogram.hpp"
#include "loadgen/run_support.hpp"
#include "view_fleet.hpp"

namespace live_loadgen {
namespace {

using loadgen::print_metric;

FleetOptions fleet_options(const Options& o) {
  FleetOptions f;
  f.host = o.host;
  f.port = o.port;
  f.views_per_socket = std::max<std::size_t>(1, o.views_per_socket);
  f.threads = std::max<std::size_t>(1, o.threads);
  f.concurrency = o.concurrency;
  return f;
}

std::string page_url(const Options& o, const std::string& path) { return "http://" + o.host + ":" + o.port + path; }

std::string path_or(const Options& o, const char* fallback) { return o.path.empty() ? fallback : o.path; }

// The "diff" member of a reply frame, as the bytes it takes on the wire (approximate:
// from `"diff":` to the end of the payload object).
std::size_t diff_bytes(std::string_view frame) {
  const auto at = frame.find("\"diff\":");
  if (at == std::string_view::npos) return 0;
  return frame.size() - (at + 7) - 3;  // minus the closing "}}]"
}

}  // namespace

int run_idle(const Options& o) {
  if (o.server_pid <= 0) {
    std::cerr << "live_loadgen idle: --server-pid is required\n";
    return 1;
  }
  const std::string path = path_or(o, "/counter");
  const auto rss_start = loadgen::resident_kib(o.server_pid);
  auto pages = fetch_pages(o.host, o.port, path, o.views);
  const auto rss_pages = loadgen::resident_kib(o.server_pid);
  ViewFleet fleet(fleet_options(o), std::move(pages), page_url(o, path));
  if (!fleet.join_all()) return 1;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const auto rss_joined = loadgen::resident_kib(o.server_pid);
  const double n = static_cast<double>(o.views);
  const double per_view = (static_cast<double>(rss_joined) - static_cast<double>(rss_pages)) * 1024.0 / n;
  const double per_view_all = (static_cast<double>(rss_joined) - static_cast<double>(rss_start)) * 1024.0 / n;
  print_metric("idle", "views", n);
  print_metric("idle", "sockets", std::ceil(n / static_cast<double>(fleet_options(o).views_per_socket)));
  print_metric("idle", "rss_start_mib", rss_start / 1024.0);
  print_metric("idle", "rss_after_pages_mib", rss_pages / 1024.0);
  print_metric("idle", "rss_joined_mib", rss_joined / 1024.0);
  print_metric("idle", "bytes_per_view_joined", per_view);
  print_metric("idle", "bytes_per_view_incl_page", per_view_all);
  std::cout << "idle: " << o.views << " counter views joined over " << std::ceil(n / fleet_options(o).views_per_socket)
            << " sockets: " << static_cast<long>(per_view) << " B RSS per view for the join (socket + view + mirror), "
            << static_cast<long>(per_view_all) << " B including the page's dead render\n";
  return 0;
}

int run_latency(const Options& o) {
  const std::string path = path_or(o, "/counter");
  ViewFleet fleet(fleet_options(o), fetch_pages(o.host, o.port, path, o.views), page_url(o, path));
  if (!fleet.join_all()) return 1;
  std::vector<loadgen::LatencyHistogram> histograms(fleet.workers());
  std::atomic<std::size_t> replies{0}, errors{0};
  fleet.on_reply = [&](const Reply& r) {
    if (r.ok) {
      histograms[r.worker].record_us((loadgen::now_ns() - r.sent_ns) / 1000);
    } else {
      errors.fetch_add(1);
    }
    replies.fetch_add(1, std::memory_order_release);
  };
  const auto total = static_cast<std::size_t>(o.rate * o.seconds);
  loadgen::CpuMeter cpu(o.server_pid);
  cpu.start();
  const auto start = loadgen::Clock::now();
  for (std::size_t i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::duration_cast<loadgen::Clock::duration>(
                                              std::chrono::duration<double>(static_cast<double>(i) / o.rate)));
    fleet.post_click(i % o.views, "inc");
  }
  const bool done = loadgen::wait_until([&] { return replies.load(std::memory_order_acquire) >= total; }, 60);
  cpu.stop();
  fleet.stop();
  loadgen::LatencyHistogram all;
  for (const auto& h : histograms) all.merge(h);
  print_metric("latency", "views", static_cast<double>(o.views));
  print_metric("latency", "clicks", static_cast<double>(total));
  print_metric("latency", "replies", static_cast<double>(replies.load()));
  print_metric("latency", "errors", static_cast<double>(errors.load()));
  print_metric("latency", "p50_us", static_cast<double>(all.quantile_us(0.50)));
  print_metric("latency", "p99_us", static_cast<double>(all.quantile_us(0.99)));
  print_metric("latency", "max_us", static_cast<double>(all.max_us()));
  cpu.print("latency", "click", static_cast<double>(replies.load()));
  std::cout << "latency: " << o.views << " views, " << o.rate << " clicks/s for " << o.seconds << " s: p50 "
            << all.quantile_us(0.50) / 1000.0 << " ms, p99 " << all.quantile_us(0.99) / 1000.0 << " ms, max "
            << all.max_us() / 1000.0 << " ms (" << errors.load() << " errors)\n";
  return done && errors.load() == 0 ? 0 : 1;
}

int run_saturate(const Options& o) {
  const std::string path = path_or(o, "/counter");
  ViewFleet fleet(fleet_options(o), fetch_pages(o.host, o.port, path, o.views), page_url(o, path));
  if (!fleet.join_all()) return 1;
  std::atomic<bool> running{true};
  std::atomic<std::size_t> replies{0}, errors{0};
  fleet.on_reply = [&](const Reply& r) {
    replies.fetch_add(1, std::memory_order_relaxed);
    if (!r.ok) errors.fetch_add(1, std::memory_order_relaxed);
    if (running.load(std::memory_order_relaxed)) fleet.send_click(r.view, "inc");  // closed loop: one in flight per view
  };
  for (std::size_t v = 0; v < o.views; ++v) fleet.post_click(v, "inc");
  std::this_thread::sleep_for(std::chrono::seconds(1));  // warm-up
  loadgen::CpuMeter cpu(o.server_pid);
  const auto before = replies.load();
  cpu.start();
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  const auto counted = replies.load() - before;
  cpu.stop();
  running = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  fleet.stop();
  const double per_second = static_cast<double>(counted) / o.seconds;
  print_metric("saturate", "views_in_flight", static_cast<double>(o.views));
  print_metric("saturate", "events_per_second", per_second);
  print_metric("saturate", "errors", static_cast<double>(errors.load()));
  cpu.print("saturate", "event", static_cast<double>(counted));
  std::cout << "saturate: " << o.views << " views with one click in flight each: " << static_cast<long>(per_second)
            << " events/s\n";
  return errors.load() == 0 ? 0 : 1;
}

int run_bytes(const Options& o) {
  const std::string path = path_or(o, "/counter");
  ViewFleet fleet(fleet_options(o), fetch_pages(o.host, o.port, path, 1), page_url(o, path));
  if (!fleet.join_all()) return 1;
  std::mutex lock;
  std::vector<std::string> frames;
  fleet.on_reply = [&](const Reply& r) {
    std::lock_guard<std::mutex> guard(lock);
    frames.emplace_back(r.frame);
  };
  fleet.post_click(0, "inc");
  loadgen::wait_until([&] { std::lock_guard<std::mutex> guard(lock); return !frames.empty(); }, 10);
  fleet.post_click(0, "inc");
  loadgen::wait_until([&] { std::lock_guard<std::mutex> guard(lock); return frames.size() >= 2; }, 10);
  fleet.stop();
  if (frames.size() < 2) {
    std::cerr << "live_loadgen bytes: no reply to the click\n";
    return 1;
  }
  const std::string& frame = frames[1];  // the second click's: a change of one digit, as the first
  const auto topic_start = frame.find("\"lv:");
  const auto topic_end = frame.find('"', topic_start + 1);
  const std::size_t topic_bytes = topic_end - topic_start + 1;
  print_metric("bytes", "reply_bytes", static_cast<double>(frame.size()));
  print_metric("bytes", "topic_bytes", static_cast<double>(topic_bytes));
  print_metric("bytes", "diff_bytes", static_cast<double>(diff_bytes(frame)));
  std::cout << "bytes: reply to a one-field click: " << frame.size() << " B on the wire (payload, before the "
            << "WebSocket header of 2 B): " << frame << "\n  topic " << topic_bytes << " B, diff "
            << diff_bytes(frame) << " B, envelope (refs, event, status) "
            << frame.size() - topic_bytes - diff_bytes(frame) << " B\n";
  return 0;
}

int run_broadcast(const Options& o) {
  const std::string path = path_or(o, "/dashboard");
  ViewFleet fleet(fleet_options(o), fetch_pages(o.host, o.port, path, o.views), page_url(o, path));
  if (!fleet.join_all()) return 1;
  std::atomic<std::size_t> pushes{0};
  std::atomic<std::size_t> push_bytes{0};
  fleet.on_push = [&](std::size_t, std::size_t, std::string_view frame) {
    push_bytes.store(frame.size(), std::memory_order_relaxed);
    pushes.fetch_add(1, std::memory_order_release);
  };
  HttpClient http(o.host, o.port);
  loadgen::LatencyHistogram fanout;
  loadgen::CpuMeter cpu(o.server_pid);
  cpu.start();
  bool complete = true;
  for (std::size_t b = 0; b < o.broadcasts && complete; ++b) {
    const auto t0 = loadgen::now_ns();
    http.get("/bench/broadcast?n=" + std::to_string(b));
    complete = loadgen::wait_until([&] { return pushes.load(std::memory_order_acquire) >= o.views * (b + 1); }, 30);
    fanout.record_us((loadgen::now_ns() - t0) / 1000);
  }
  cpu.stop();
  fleet.stop();
  const double updates = static_cast<double>(pushes.load());
  print_metric("broadcast", "views", static_cast<double>(o.views));
  print_metric("broadcast", "broadcasts", static_cast<double>(o.broadcasts));
  print_metric("broadcast", "view_updates", updates);
  print_metric("broadcast", "push_bytes", static_cast<double>(push_bytes.load()));
  print_metric("broadcast", "fanout_p50_ms", fanout.quantile_us(0.5) / 1000.0);
  print_metric("broadcast", "fanout_max_ms", fanout.max_us() / 1000.0);
  cpu.print("broadcast", "view_update", updates);
  std::cout << "broadcast: " << o.views << " dashboard views, " << o.broadcasts << " pubsub.broadcast calls: "
            << "every view's diff out in " << fanout.quantile_us(0.5) / 1000.0 << " ms (p50; max "
            << fanout.max_us() / 1000.0 << " ms), pushed diff " << push_bytes.load() << " B\n";
  return complete ? 0 : 1;
}

}  // namespace live_loadgen
