// Memory per idle joined connection: the server's VmRSS before and after `clients`
// connections joined one topic (`--topic`: bench:idle by default, room:idle to track
// each user's presence too) and then sat idle for a moment, divided by the number of
// connections. The baseline is read after `--warmup` connections (100 by default) joined
// the same topic and stayed: a server's first connection pages in its WebSocket, TLS-free
// crypto and JSON code and its threads' first heap arenas (about 3.5 MB for `quest serve`,
// which would be 0.7 KiB per connection of a 5,000-connection run), and that is not a
// cost per connection. Run it against a freshly started server: a heap that already grew
// and shrank would hide the cost.
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

constexpr auto settle_time = std::chrono::seconds(2);

class MemoryRun final : public FrameHandler {
 public:
  explicit MemoryRun(const Options& options)
      : options_(options),
        pool_(options.threads),
        warm_pacer_(options.warmup, options.concurrency, [this](std::size_t i) { clients_[i]->start(); }),
        pacer_(options.clients, options.concurrency,
               [this](std::size_t i) { clients_[options_.warmup + i]->start(); }),
        joined_(options.warmup + options.clients, 0) {
    const Target target{options.host, options.port, std::string(phoenix::socket_path)};
    for (std::size_t i = 0; i < options.warmup + options.clients; ++i)
      clients_.push_back(WsClient::create(pool_.for_client(i), target, *this, i));
  }

  ~MemoryRun() override { pool_.stop(); }

  int run() {
    if (options_.warmup > 0) {
      warm_pacer_.begin();
      if (!warm_pacer_.wait(options_.timeout) || warm_pacer_.ready() != options_.warmup) {
        std::cerr << "loadgen: only " << warm_pacer_.ready() << " of " << options_.warmup
                  << " warm-up connections joined\n";
        return 1;
      }
      std::this_thread::sleep_for(settle_time);
    }
    const auto before_kib = resident_kib(options_.server_pid);
    if (before_kib == 0) {
      std::cerr << "loadgen: cannot read VmRSS of pid " << options_.server_pid << "\n";
      return 1;
    }
    pacer_.begin();
    if (!pacer_.wait(options_.timeout) || pacer_.ready() == 0) {
      std::cerr << "loadgen: only " << pacer_.ready() << " connections joined\n";
      return 1;
    }
    std::this_thread::sleep_for(settle_time);
    const auto after_kib = resident_kib(options_.server_pid);
    const auto joined = pacer_.ready();
    const double growth_bytes = (static_cast<double>(after_kib) - before_kib) * 1024.0;
    print_metric(options_.label, "connections", static_cast<double>(joined));
    print_metric(options_.label, "warmup_connections", static_cast<double>(options_.warmup));
    print_metric(options_.label, "failed_joins", static_cast<double>(pacer_.failed()));
    print_metric(options_.label, "rss_before_mib", before_kib / 1024.0);
    print_metric(options_.label, "rss_after_mib", after_kib / 1024.0);
    print_metric(options_.label, "kib_per_connection", growth_bytes / 1024.0 / joined);
    return 0;
  }

  void on_open(WsClient& client) override {
    const bool warm = client.id() < options_.warmup;
    const auto user = warm ? phoenix::numbered("warm", client.id()) : phoenix::numbered("idle", client.id() - options_.warmup);
    client.send(phoenix::join_frame(1, options_.topic, user));
  }

  ConnectPacer& pacer_of(const WsClient& client) { return client.id() < options_.warmup ? warm_pacer_ : pacer_; }

  void on_text(WsClient& client, std::string_view frame) override {
    if (joined_[client.id()]) return;
    const auto message = phoenix::parse(frame);
    if (!message.ok || message.event() != "phx_reply") return;
    joined_[client.id()] = 1;
    pacer_of(client).settled(message.reply_status() == "ok");
  }

  void on_failed(WsClient& client, std::string_view what) override {
    if (failures_.fetch_add(1) < 3) std::cerr << "loadgen: client " << client.id() << " " << what << "\n";
    if (!joined_[client.id()]) pacer_of(client).settled(false);
  }

 private:
  const Options& options_;
  WorkerPool pool_;
  ConnectPacer warm_pacer_;  // clients [0, warmup)
  ConnectPacer pacer_;       // the measured ones, [warmup, warmup + clients)
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<char> joined_;  // per client: its join reply arrived; touched only on its worker
  std::atomic<std::size_t> failures_{0};
};

}  // namespace

int run_memory(const Options& options) {
  MemoryRun run(options);
  return run.run();
}

}  // namespace loadgen
