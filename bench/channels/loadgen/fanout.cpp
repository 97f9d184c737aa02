// Fan-out: subscribers 0..N-1 and a publisher (client N) join one bench: topic. The
// publisher sends new_msg bodies "<seq>:<send ns>"; every subscriber records the
// publish-to-receive latency. In saturation mode the publisher keeps `window` messages
// in flight: a message counts as done once all N subscribers received it, and each done
// message releases the next one. So the server is driven as fast as it delivers, and
// no queue grows without bound. With --port2 the subscribers are split over two nodes
// of one app (joined through Redis) and the publisher talks to the first.
#include "cpu_meter.hpp"
#include "latency_histogram.hpp"
#include "phoenix.hpp"
#include "run_support.hpp"
#include "scenarios.hpp"
#include "worker_pool.hpp"
#include "ws_client.hpp"

#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace loadgen {
namespace {

constexpr std::string_view topic = "bench:fanout";
constexpr std::size_t max_messages = 1 << 20;
constexpr std::uint64_t join_ref = 1;
// After publishing stops, how long the messages still in flight may take to arrive.
constexpr double drain_timeout_s = 10;

struct alignas(64) WorkerStats {
  std::atomic<std::uint64_t> deliveries{0};
  LatencyHistogram latency;
};

class FanoutRun final : public FrameHandler {
 public:
  explicit FanoutRun(const Options& options)
      : options_(options),
        subscribers_(options.clients),
        pool_(options.threads),
        pacer_(options.clients, options.concurrency, [this](std::size_t i) { clients_[i]->start(); }),
        joined_(options.clients + 1, 0),
        receipts_(max_messages) {
    for (std::size_t i = 0; i < pool_.size(); ++i) stats_.push_back(std::make_unique<WorkerStats>());
    const Target first{options.host, options.port, std::string(phoenix::socket_path)};
    Target second = first;
    if (!options.port2.empty()) second.port = options.port2;
    // With two nodes, odd subscribers join the second one; the publisher (id N) always
    // uses the first, so what the odd ones receive crossed Redis.
    for (std::size_t i = 0; i <= subscribers_; ++i) {
      const bool on_second = i < subscribers_ && i % 2 == 1;
      clients_.push_back(WsClient::create(pool_.for_client(i), on_second ? second : first, *this, i));
    }
  }

  ~FanoutRun() override { pool_.stop(); }

  int run() {
    if (!join_everyone()) return 1;
    CpuMeter cpu(options_.server_pid);
    const auto before = delivered();
    const auto started = Clock::now();
    cpu.start();
    options_.rate == 0 ? publish_closed_loop() : publish_at_rate();
    cpu.stop();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    const auto during = delivered() - before;
    stopping_ = true;
    wait_until([this] { return delivered() >= expected_deliveries(); }, drain_timeout_s);
    pool_.stop();  // the histograms are read below; no worker may touch them now
    report(static_cast<double>(during), elapsed);
    cpu.print(options_.label, "delivery", static_cast<double>(during));
    return 0;
  }

  void on_open(WsClient& client) override {
    client.send(phoenix::join_frame(join_ref, topic, phoenix::numbered("s", client.id())));
  }

  void on_text(WsClient& client, std::string_view frame) override {
    if (!joined_[client.id()]) return on_join_reply(client, frame);
    if (client.id() == subscribers_) return;  // the publisher's replies and own copies
    const auto stamp = phoenix::find_body_stamp(frame);
    if (!stamp || stamp->sequence >= max_messages) return;
    auto& stats = *stats_[client.worker().index()];
    stats.latency.record_us((now_ns() - stamp->sent_ns) / 1000);
    stats.deliveries.fetch_add(1, std::memory_order_relaxed);
    if (receipts_[stamp->sequence].fetch_add(1, std::memory_order_relaxed) + 1 == subscribers_)
      on_message_done();
  }

  void on_failed(WsClient& client, std::string_view what) override {
    if (lost_.fetch_add(1) < 3) std::cerr << "loadgen: client " << client.id() << " " << what << "\n";
    if (!joined_[client.id()] && client.id() < subscribers_) pacer_.settled(false);
    if (client.id() == subscribers_) publisher_failed_ = true;
  }

 private:
  void on_join_reply(WsClient& client, std::string_view frame) {
    const auto message = phoenix::parse(frame);
    if (!message.ok || message.event() != "phx_reply") return;
    const bool ok = message.reply_status() == "ok";
    joined_[client.id()] = ok;
    if (client.id() == subscribers_) {
      ok ? publisher_joined_ = true : publisher_failed_ = true;
    } else {
      pacer_.settled(ok);
    }
  }

  bool join_everyone() {
    pacer_.begin();
    const bool settled = pacer_.wait(options_.timeout);
    if (!settled || pacer_.failed() > 0) {
      std::cerr << "loadgen: only " << pacer_.ready() << " of " << subscribers_
                << " subscribers joined\n";
      return false;
    }
    clients_[subscribers_]->start();
    if (!wait_until([this] { return publisher_joined_ || publisher_failed_; }, options_.timeout) ||
        publisher_failed_) {
      std::cerr << "loadgen: the publisher could not join\n";
      return false;
    }
    return true;
  }

  void publish_at_rate() {
    const auto count = static_cast<std::size_t>(options_.rate * options_.seconds);
    const auto interval = std::chrono::duration<double>(1.0 / options_.rate);
    const auto start = Clock::now();
    for (std::size_t i = 0; i < count && i < max_messages; ++i) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(interval * i));
      publisher().worker().post([this] { publish_one(); });
    }
  }

  void publish_closed_loop() {
    publisher().worker().post([this] {
      for (std::size_t i = 0; i < options_.window; ++i) publish_one();
    });
    std::this_thread::sleep_for(std::chrono::duration<double>(options_.seconds));
    stopping_ = true;
  }

  // Publisher worker thread only.
  void publish_one() {
    const auto sequence = sent_.load();
    if (sequence >= max_messages || publisher_failed_) return;
    sent_.store(sequence + 1);
    publisher().send(phoenix::new_msg_frame(join_ref, sequence + 2, topic, sequence, now_ns()));
  }

  void on_message_done() {
    if (options_.rate == 0 && !stopping_) publisher().worker().post([this] {
      if (!stopping_) publish_one();
    });
  }

  // `during`: deliveries inside the measured window of `elapsed` seconds.
  void report(double during, double elapsed) const {
    LatencyHistogram latency;
    for (const auto& stats : stats_) latency.merge(stats->latency);
    const auto& label = options_.label;
    const auto expected = std::max<double>(1, static_cast<double>(expected_deliveries()));
    print_metric(label, "subscribers", static_cast<double>(subscribers_));
    print_metric(label, "messages_sent", static_cast<double>(sent_.load()));
    print_metric(label, "deliveries_per_s", during / elapsed);
    print_metric(label, "delivered_percent", 100.0 * static_cast<double>(delivered()) / expected);
    print_metric(label, "latency_p50_ms", latency.quantile_us(0.50) / 1000.0);
    print_metric(label, "latency_p99_ms", latency.quantile_us(0.99) / 1000.0);
    print_metric(label, "latency_max_ms", latency.max_us() / 1000.0);
    print_metric(label, "lost_connections", static_cast<double>(lost_.load()));
  }

  std::uint64_t expected_deliveries() const { return sent_.load() * subscribers_; }

  WsClient& publisher() { return *clients_[subscribers_]; }

  std::uint64_t delivered() const {
    std::uint64_t total = 0;
    for (const auto& stats : stats_) total += stats->deliveries.load(std::memory_order_relaxed);
    return total;
  }

  const Options& options_;
  const std::size_t subscribers_;
  WorkerPool pool_;
  ConnectPacer pacer_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<std::unique_ptr<WorkerStats>> stats_;
  std::vector<char> joined_;  // per client, touched only on its worker
  std::vector<std::atomic<std::uint32_t>> receipts_;  // per message: subscribers reached
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::size_t> lost_{0};
  std::atomic<bool> publisher_joined_{false};
  std::atomic<bool> publisher_failed_{false};
  std::atomic<bool> stopping_{false};
};

}  // namespace

int run_fanout(const Options& options) {
  FanoutRun run(options);
  return run.run();
}

}  // namespace loadgen
