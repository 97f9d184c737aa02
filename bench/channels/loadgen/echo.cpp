// Raw echo: N connections on /echo, each with one 64-byte text message in flight that
// carries its send time; every echo is timed and answered with the next message.
#include "cpu_meter.hpp"
#include "latency_histogram.hpp"
#include "run_support.hpp"
#include "scenarios.hpp"
#include "worker_pool.hpp"
#include "ws_client.hpp"

#include <charconv>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace loadgen {
namespace {

constexpr std::size_t message_size = 64;

std::string stamped_message() {
  auto text = std::to_string(now_ns());
  text.resize(message_size, '.');
  return text;
}

struct alignas(64) WorkerStats {
  std::atomic<std::uint64_t> round_trips{0};
  LatencyHistogram latency;
};

class EchoRun final : public FrameHandler {
 public:
  explicit EchoRun(const Options& options)
      : options_(options),
        pool_(options.threads),
        pacer_(options.clients, options.concurrency, [this](std::size_t i) { clients_[i]->start(); }),
        opened_(options.clients, 0) {
    for (std::size_t i = 0; i < pool_.size(); ++i) stats_.push_back(std::make_unique<WorkerStats>());
    const Target target{options.host, options.port, "/echo"};
    for (std::size_t i = 0; i < options.clients; ++i)
      clients_.push_back(WsClient::create(pool_.for_client(i), target, *this, i));
  }

  ~EchoRun() override { pool_.stop(); }

  int run() {
    pacer_.begin();
    if (!pacer_.wait(options_.timeout) || pacer_.failed() > 0) {
      std::cerr << "loadgen: only " << pacer_.ready() << " echo connections opened\n";
      return 1;
    }
    for (auto& client : clients_)
      client->worker().post([client] { client->send(stamped_message()); });
    std::this_thread::sleep_for(std::chrono::seconds(1));  // warm-up, not measured
    CpuMeter cpu(options_.server_pid);
    const auto before = round_trips();
    const auto started = Clock::now();
    cpu.start();
    std::this_thread::sleep_for(std::chrono::duration<double>(options_.seconds));
    cpu.stop();
    const auto during = round_trips() - before;
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    pool_.stop();

    LatencyHistogram latency;
    for (auto& stats : stats_) latency.merge(stats->latency);
    print_metric(options_.label, "connections", static_cast<double>(options_.clients));
    print_metric(options_.label, "round_trips_per_s", static_cast<double>(during) / elapsed);
    print_metric(options_.label, "rtt_p50_ms", latency.quantile_us(0.50) / 1000.0);
    print_metric(options_.label, "rtt_p99_ms", latency.quantile_us(0.99) / 1000.0);
    print_metric(options_.label, "lost_connections", static_cast<double>(lost_.load()));
    cpu.print(options_.label, "round_trip", static_cast<double>(during));
    return 0;
  }

  void on_open(WsClient& client) override {
    opened_[client.id()] = 1;
    pacer_.settled(true);
  }

  void on_text(WsClient& client, std::string_view frame) override {
    std::int64_t sent_ns = 0;
    auto [end, error] = std::from_chars(frame.data(), frame.data() + frame.size(), sent_ns);
    if (error != std::errc() || frame.size() != message_size) {
      if (bad_echoes_.fetch_add(1) == 0) std::cerr << "loadgen: echo differs from what was sent\n";
      return;
    }
    auto& stats = *stats_[client.worker().index()];
    stats.latency.record_us((now_ns() - sent_ns) / 1000);
    stats.round_trips.fetch_add(1, std::memory_order_relaxed);
    client.send(stamped_message());
  }

  void on_failed(WsClient& client, std::string_view what) override {
    if (lost_.fetch_add(1) < 3) std::cerr << "loadgen: echo client " << client.id() << " " << what << "\n";
    if (!opened_[client.id()]) pacer_.settled(false);
  }

 private:
  std::uint64_t round_trips() const {
    std::uint64_t total = 0;
    for (const auto& stats : stats_) total += stats->round_trips.load(std::memory_order_relaxed);
    return total;
  }

  const Options& options_;
  WorkerPool pool_;
  ConnectPacer pacer_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<std::unique_ptr<WorkerStats>> stats_;
  std::vector<char> opened_;  // per client, touched only on its worker
  std::atomic<std::size_t> lost_{0};
  std::atomic<std::size_t> bad_echoes_{0};
};

}  // namespace

int run_echo(const Options& options) {
  EchoRun run(options);
  return run.run();
}

}  // namespace loadgen
