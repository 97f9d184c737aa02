// Join storm: `clients` sockets open first (not timed); then every client sends its
// phx_join to one room: topic at once, as user "u<index>". Each client rebuilds the
// presence list the way phoenix.js would (PresenceView). Measured: time from the first
// join until the last client's list holds all users, and frames each client received
// from its join until a settle period after that.
#include "cpu_meter.hpp"
#include "phoenix.hpp"
#include "presence_view.hpp"
#include "run_support.hpp"
#include "scenarios.hpp"
#include "worker_pool.hpp"
#include "ws_client.hpp"

#include <algorithm>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

namespace loadgen {
namespace {

constexpr std::string_view topic = "room:storm";
constexpr auto settle_time = std::chrono::seconds(1);

struct ClientState {
  explicit ClientState(std::size_t users) : view(users) {}
  PresenceView view;
  std::uint64_t frames = 0;
  std::int64_t joined_ns = -1;    // since the storm started; -1 until the join reply
  std::int64_t complete_ns = -1;  // since the storm started; -1 until the list is complete
  bool joined = false;
  bool complete = false;
  bool opened = false;
};

class JoinStormRun final : public FrameHandler {
 public:
  explicit JoinStormRun(const Options& options)
      : options_(options),
        users_(options.clients),
        pool_(options.threads),
        pacer_(users_, options.concurrency, [this](std::size_t i) { clients_[i]->start(); }) {
    const Target target{options.host, options.port, std::string(phoenix::socket_path)};
    for (std::size_t i = 0; i < users_; ++i) {
      clients_.push_back(WsClient::create(pool_.for_client(i), target, *this, i));
      states_.push_back(std::make_unique<ClientState>(users_));
    }
  }

  ~JoinStormRun() override { pool_.stop(); }

  int run() {
    pacer_.begin();
    if (!pacer_.wait(options_.timeout) || pacer_.failed() > 0) {
      std::cerr << "loadgen: only " << pacer_.ready() << " of " << users_ << " sockets opened\n";
      return 1;
    }
    CpuMeter cpu(options_.server_pid);
    cpu.start();
    storm_started_ns_ = now_ns();
    for (std::size_t w = 0; w < pool_.size(); ++w) pool_.at(w).post([this, w] { send_joins(w); });
    const bool finished = wait_until([this] { return complete_.load() == users_; }, options_.timeout);
    cpu.stop();
    std::this_thread::sleep_for(settle_time);
    pool_.stop();
    report(finished);
    cpu.print(options_.label, "join", static_cast<double>(users_));
    return 0;
  }

  void on_open(WsClient& client) override {
    states_[client.id()]->opened = true;
    pacer_.settled(true);
  }

  void on_text(WsClient& client, std::string_view frame) override {
    auto& state = *states_[client.id()];
    ++state.frames;
    const auto message = phoenix::parse(frame);
    if (!message.ok) return note_malformed();
    const auto event = message.event();
    if (event == "phx_reply") {
      state.joined = message.reply_status() == "ok";
      if (!state.joined) join_failures_.fetch_add(1);
      if (state.joined_ns < 0) state.joined_ns = now_ns() - storm_started_ns_;
    } else if (event == "presence_state") {
      state.view.apply_state(message.payload());
    } else if (event == "presence_diff") {
      state.view.apply_diff(message.payload(), frame);
    }
    if (state.view.malformed()) note_malformed();
    if (!state.complete && state.view.has_state() && state.view.key_count() == users_) {
      state.complete = true;
      state.complete_ns = now_ns() - storm_started_ns_;
      complete_.fetch_add(1);
      record_completion(state.complete_ns);
    }
  }

  void on_failed(WsClient& client, std::string_view what) override {
    if (failures_.fetch_add(1) < 3) std::cerr << "loadgen: client " << client.id() << " " << what << "\n";
    if (!states_[client.id()]->opened) pacer_.settled(false);
  }

 private:
  // Worker `w` sends the joins of the clients it owns.
  void send_joins(std::size_t w) {
    for (std::size_t i = w; i < users_; i += pool_.size())
      clients_[i]->send(phoenix::join_frame(1, topic, phoenix::numbered("u", i)));
  }

  void record_completion(std::int64_t elapsed_ns) {
    auto last = last_completion_ns_.load();
    while (elapsed_ns > last && !last_completion_ns_.compare_exchange_weak(last, elapsed_ns)) {
    }
  }

  void note_malformed() {
    if (malformed_.fetch_add(1) == 0) std::cerr << "loadgen: malformed presence frame\n";
  }

  // Median over the clients that reached the event; -1 if none did.
  double median_seconds(std::int64_t ClientState::*field) const {
    std::vector<std::int64_t> times;
    for (const auto& state : states_) {
      if (state.get()->*field >= 0) times.push_back(state.get()->*field);
    }
    if (times.empty()) return -1;
    std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
    return times[times.size() / 2] / 1e9;
  }

  void report(bool finished) {
    std::uint64_t total_frames = 0, max_frames = 0;
    for (const auto& state : states_) {
      total_frames += state->frames;
      max_frames = std::max(max_frames, state->frames);
    }
    const auto& label = options_.label;
    print_metric(label, "users", static_cast<double>(users_));
    print_metric(label, "clients_complete", static_cast<double>(complete_.load()));
    print_metric(label, "seconds_to_complete",
                 finished ? last_completion_ns_.load() / 1e9 : -1.0);
    print_metric(label, "frames_per_client_avg", static_cast<double>(total_frames) / users_);
    print_metric(label, "frames_per_client_max", static_cast<double>(max_frames));
    print_metric(label, "join_reply_p50_s", median_seconds(&ClientState::joined_ns));
    print_metric(label, "complete_p50_s", median_seconds(&ClientState::complete_ns));
    print_metric(label, "join_failures", static_cast<double>(join_failures_.load()));
    print_metric(label, "malformed_frames", static_cast<double>(malformed_.load()));
    print_metric(label, "lost_connections", static_cast<double>(failures_.load()));
  }

  const Options& options_;
  const std::size_t users_;
  WorkerPool pool_;
  ConnectPacer pacer_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<std::unique_ptr<ClientState>> states_;  // per client, touched only on its worker
  std::int64_t storm_started_ns_ = 0;
  std::atomic<std::int64_t> last_completion_ns_{0};
  std::atomic<std::size_t> complete_{0};
  std::atomic<std::size_t> join_failures_{0};
  std::atomic<std::size_t> malformed_{0};
  std::atomic<std::size_t> failures_{0};
};

}  // namespace

int run_join_storm(const Options& options) {
  JoinStormRun run(options);
  return run.run();
}

}  // namespace loadgen
