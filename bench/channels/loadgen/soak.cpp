// Soak: `clients` joined connections spread over `rooms` bench: topics, steady chat
// traffic and connect/disconnect churn for `minutes`; prints one line per minute (server
// RSS, p99 broadcast latency, errors, open joined connections, messages lost) and totals.
//
// Traffic: client r (r < rooms) publishes in room r; the main thread paces `rate`
// new_msg pushes per second over the rooms in turn. Bodies are "<seq>:<send ns>" with a
// per-room sequence. One publisher per room on one connection means the server handles
// a room's messages in sequence order, so every member receives them in order.
//
// Loss: when a member's join reply arrives it notes how many messages its room's
// publisher has handed to its socket (K). The publisher increments that count before
// each send, so message K and later reach the server after the join completed: each of
// them must arrive. A gap in the sequence a member receives is a lost message, and so is
// anything still missing at the end, after a drain. Members closed by churn only count
// gaps before their close.
//
// Churn: every `churn_seconds`, `churn_percent` of the members (never a publisher) are
// closed (close 1000) and as many fresh clients join the same rooms.
//
// Heartbeats: every member sends a phoenix heartbeat every 30 s, as phoenix.js does.
#include "latency_histogram.hpp"
#include "phoenix.hpp"
#include "run_support.hpp"
#include "scenarios.hpp"
#include "worker_pool.hpp"
#include "ws_client.hpp"

#include <cmath>
#include <cstdio>
#include <future>
#include <iostream>
#include <memory>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

namespace loadgen {
namespace {

constexpr std::uint64_t join_ref = 1;
constexpr double heartbeat_s = 30;
constexpr double drain_timeout_s = 10;

enum class Status : std::uint8_t { idle, connecting, joined, closing, done };

std::string heartbeat_frame(std::uint64_t ref) {
  return "[null,\"" + std::to_string(ref) + "\",\"phoenix\",\"heartbeat\",{}]";
}

// Everything a worker records; read by the main thread only through post() (histograms)
// or atomics (counters).
struct alignas(64) WorkerStats {
  std::vector<LatencyHistogram> per_minute;  // indexed by the minute of receipt
  LatencyHistogram total;
};

struct Member {
  std::atomic<Status> status{Status::idle};
  std::size_t room = 0;
  std::uint64_t expect_from = 0;  // first sequence that must arrive (worker only)
  std::uint64_t next = 0;         // next sequence expected (worker only)
  std::uint64_t ref = 1;          // last ref used (worker only)
};

class SoakRun final : public FrameHandler {
 public:
  explicit SoakRun(const Options& options)
      : options_(options),
        rooms_(std::min(options.rooms, options.clients)),
        churn_per_round_(static_cast<std::size_t>(static_cast<double>(options.clients) * options.churn_percent / 100.0)),
        rounds_(options.churn_seconds > 0 ? static_cast<std::size_t>(options.minutes * 60 / options.churn_seconds) : 0),
        capacity_(options.clients + churn_per_round_ * (rounds_ + 1)),
        minutes_(static_cast<std::size_t>(std::ceil(options.minutes))),
        pool_(options.threads),
        pacer_(options.clients, options.concurrency, [this](std::size_t i) { start_client(i); }),
        members_(capacity_),
        room_sent_(rooms_),
        clients_(capacity_) {
    for (std::size_t i = 0; i < pool_.size(); ++i) {
      stats_.push_back(std::make_unique<WorkerStats>());
      stats_.back()->per_minute.resize(minutes_ + 2);
    }
    for (std::size_t i = 0; i < capacity_; ++i) members_[i].room = i % rooms_;
  }

  ~SoakRun() override { pool_.stop(); }

  int run() {
    if (!join_everyone()) return 1;
    const auto warm_rss = [&] { return static_cast<double>(resident_kib(options_.server_pid)); };
    print_metric(options_.label, "joined_at_start", static_cast<double>(joined_count()));
    print_metric(options_.label, "rss_after_join_kib", warm_rss());
    std::printf("%6s %12s %12s %8s %8s %8s %10s %10s\n", "minute", "rss_kib", "p99_ms", "errors", "lost",
                "joined", "messages", "churned");
    std::fflush(stdout);

    start_ = Clock::now();
    std::thread publisher([this] { publish(); });
    double warm_kib = 0;
    double last_kib = 0;
    std::uint64_t errors_before = 0;
    std::uint64_t lost_before = 0;
    std::uint64_t sent_before = 0;
    std::size_t churned_before = 0;
    std::size_t next_round = 1;
    std::size_t next_heartbeat = 1;
    for (std::size_t minute = 0; minute < minutes_; ++minute) {
      const auto minute_end = start_ + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(std::min(options_.minutes, minute + 1.0) * 60));
      while (Clock::now() < minute_end) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        const double elapsed = seconds_since_start();
        // Rounds at half intervals (5 s, 15 s, ...), so none falls on a minute's snapshot.
        if (rounds_ > 0 && elapsed >= (static_cast<double>(next_round) - 0.5) * options_.churn_seconds) {
          churn();
          ++next_round;
        }
        if (elapsed >= static_cast<double>(next_heartbeat)) {
          heartbeats(next_heartbeat);
          ++next_heartbeat;
        }
      }
      const LatencyHistogram latency = minute_latency(minute);
      last_kib = static_cast<double>(resident_kib(options_.server_pid));
      if (minute + 1 == options_.warmup_minutes) warm_kib = last_kib;
      const auto errors = errors_.load();
      const auto lost = lost_.load();
      const auto sent = total_sent();
      const auto churned = churned_.load();
      std::printf("%6zu %12.0f %12.2f %8llu %8llu %8zu %10llu %10zu\n", minute + 1, last_kib,
                  static_cast<double>(latency.quantile_us(0.99)) / 1000.0,
                  static_cast<unsigned long long>(errors - errors_before),
                  static_cast<unsigned long long>(lost - lost_before), joined_count(),
                  static_cast<unsigned long long>(sent - sent_before), churned - churned_before);
      std::fflush(stdout);
      errors_before = errors;
      lost_before = lost;
      sent_before = sent;
      churned_before = churned;
    }
    publishing_ = false;
    publisher.join();
    drain();
    pool_.stop();  // histograms and member states are read below; no worker runs now
    report(warm_kib, last_kib);
    return 0;
  }

  void on_open(WsClient& client) override {
    Member& member = members_[client.id()];
    client.send(phoenix::join_frame(join_ref, room_topic(member.room), phoenix::numbered("u", client.id())));
  }

  void on_text(WsClient& client, std::string_view frame) override {
    Member& member = members_[client.id()];
    const Status status = member.status.load();
    if (status == Status::connecting) return on_join_reply(client, member, frame);
    if (status != Status::joined && status != Status::closing) return;
    const auto stamp = phoenix::find_body_stamp(frame);
    if (!stamp) {
      // Replies: to the publisher's pushes and to heartbeats. Anything but ok is an error.
      const auto message = phoenix::parse(frame);
      if (message.ok && message.event() == "phx_reply" && message.reply_status() != "ok") count_error(client, frame);
      return;
    }
    auto& stats = *stats_[client.worker().index()];
    const auto latency_us = (now_ns() - stamp->sent_ns) / 1000;
    stats.per_minute[std::min(minute_now(), stats.per_minute.size() - 1)].record_us(latency_us);
    stats.total.record_us(latency_us);
    deliveries_.fetch_add(1, std::memory_order_relaxed);
    if (stamp->sequence < member.expect_from) return;  // sent before the join completed
    if (stamp->sequence == member.next) {
      ++member.next;
    } else if (stamp->sequence > member.next) {
      lost_.fetch_add(stamp->sequence - member.next);
      member.next = stamp->sequence + 1;
    } else {
      out_of_order_.fetch_add(1);
    }
  }

  void on_failed(WsClient& client, std::string_view what) override {
    Member& member = members_[client.id()];
    const Status status = member.status.exchange(Status::done);
    if (status == Status::closing) {
      churned_.fetch_add(1);
      return;
    }
    count_error(client, what);
    if (status == Status::connecting && !started_.load()) pacer_.settled(false);
  }

 private:
  static std::string room_topic(std::size_t room) { return phoenix::numbered("bench:soak", room); }

  void start_client(std::size_t id) {
    members_[id].status = Status::connecting;
    clients_[id]->start();
  }

  void on_join_reply(WsClient& client, Member& member, std::string_view frame) {
    const auto message = phoenix::parse(frame);
    if (!message.ok || message.event() != "phx_reply") return;
    if (message.reply_status() != "ok") {
      member.status = Status::done;
      count_error(client, frame);
      if (!started_.load()) pacer_.settled(false);
      return;
    }
    member.expect_from = room_sent_[member.room].load();
    member.next = member.expect_from;
    member.status = Status::joined;
    if (!started_.load()) pacer_.settled(true);
  }

  void count_error(WsClient& client, std::string_view what) {
    if (errors_.fetch_add(1) < 5) std::cerr << "soak: client " << client.id() << ": " << what << "\n";
  }

  bool join_everyone() {
    const Target target{options_.host, options_.port, std::string(phoenix::socket_path)};
    for (std::size_t i = 0; i < capacity_; ++i) clients_[i] = WsClient::create(pool_.for_client(i), target, *this, i);
    next_fresh_ = options_.clients;
    pacer_.begin();
    const bool settled = pacer_.wait(options_.timeout);
    started_ = true;
    if (!settled || pacer_.failed() > 0) {
      std::cerr << "soak: only " << pacer_.ready() << " of " << options_.clients << " clients joined\n";
      return false;
    }
    return true;
  }

  // Publisher thread: `rate` pushes per second, rooms in turn.
  void publish() {
    const auto interval = std::chrono::duration<double>(1.0 / options_.rate);
    for (std::size_t i = 0; publishing_; ++i) {
      std::this_thread::sleep_until(start_ + std::chrono::duration_cast<Clock::duration>(interval * i));
      const std::size_t room = i % rooms_;
      WsClient& client = *clients_[room];
      client.worker().post([this, room, &client] {
        Member& member = members_[room];
        if (member.status.load() != Status::joined) return;
        const auto sequence = room_sent_[room].fetch_add(1);  // before the send: see the top comment
        client.send(phoenix::new_msg_frame(join_ref, ++member.ref, room_topic(room), sequence, now_ns()));
      });
    }
  }

  // Main thread: closes churn_per_round_ random joined members, starts as many fresh ones.
  void churn() {
    std::uniform_int_distribution<std::size_t> pick(rooms_, options_.clients - 1);
    std::size_t closed = 0;
    std::vector<std::size_t> victims;
    for (std::size_t tries = 0; closed < churn_per_round_ && tries < churn_per_round_ * 20; ++tries) {
      std::size_t id = pick(random_);
      // A slot may have been replaced already; follow it to its live occupant.
      while (replaced_by_.count(id)) id = replaced_by_[id];
      Status expected = Status::joined;
      if (!members_[id].status.compare_exchange_strong(expected, Status::closing)) continue;
      victims.push_back(id);
      ++closed;
    }
    for (const std::size_t id : victims) {
      WsClient& client = *clients_[id];
      client.worker().post([&client] { client.close(); });
      if (next_fresh_ >= capacity_) continue;
      const std::size_t fresh = next_fresh_++;
      members_[fresh].room = members_[id].room;
      replaced_by_[id] = fresh;
      start_client(fresh);
    }
  }

  // Main thread, once a second: the members whose id falls in this second's 30th.
  void heartbeats(std::size_t second) {
    const auto slot = second % static_cast<std::size_t>(heartbeat_s);
    for (std::size_t id = slot; id < next_fresh_; id += static_cast<std::size_t>(heartbeat_s)) {
      if (members_[id].status.load() != Status::joined) continue;
      WsClient& client = *clients_[id];
      client.worker().post([this, id, &client] {
        if (members_[id].status.load() == Status::joined) client.send(heartbeat_frame(++members_[id].ref));
      });
    }
  }

  LatencyHistogram minute_latency(std::size_t minute) {
    LatencyHistogram merged;
    for (std::size_t w = 0; w < pool_.size(); ++w) {
      std::promise<LatencyHistogram> copy;
      auto ready = copy.get_future();
      pool_.at(w).post([&copy, this, w, minute] { copy.set_value(stats_[w]->per_minute[minute]); });
      if (ready.wait_for(std::chrono::seconds(10)) == std::future_status::ready) merged.merge(ready.get());
    }
    return merged;
  }

  // Waits until every joined member has every message its room sent.
  void drain() {
    wait_until([this] {
      for (std::size_t w = 0; w < pool_.size(); ++w) {
        std::promise<bool> done;
        auto ready = done.get_future();
        pool_.at(w).post([&done, this, w] {
          bool all = true;
          for (std::size_t id = w; id < next_fresh_ && all; id += pool_.size()) {
            const Member& m = members_[id];
            if (m.status.load() == Status::joined && m.next < room_sent_[m.room].load()) all = false;
          }
          done.set_value(all);
        });
        if (ready.wait_for(std::chrono::seconds(5)) != std::future_status::ready || !ready.get()) return false;
      }
      return true;
    }, drain_timeout_s);
  }

  void report(double warm_kib, double last_kib) {
    std::uint64_t missing_at_end = 0;
    for (std::size_t id = 0; id < next_fresh_; ++id) {
      const Member& m = members_[id];
      const auto sent = room_sent_[m.room].load();
      if (m.status.load() == Status::joined && m.next < sent) missing_at_end += sent - m.next;
    }
    LatencyHistogram latency;
    for (const auto& stats : stats_) latency.merge(stats->total);
    const auto& label = options_.label;
    print_metric(label, "minutes", options_.minutes);
    print_metric(label, "clients", static_cast<double>(options_.clients));
    print_metric(label, "rooms", static_cast<double>(rooms_));
    print_metric(label, "messages_sent", static_cast<double>(total_sent()));
    print_metric(label, "deliveries", static_cast<double>(deliveries_.load()));
    print_metric(label, "latency_p50_ms", static_cast<double>(latency.quantile_us(0.50)) / 1000.0);
    print_metric(label, "latency_p99_ms", static_cast<double>(latency.quantile_us(0.99)) / 1000.0);
    print_metric(label, "latency_max_ms", static_cast<double>(latency.max_us()) / 1000.0);
    print_metric(label, "churned", static_cast<double>(churned_.load()));
    print_metric(label, "joined_at_end", static_cast<double>(joined_count()));
    print_metric(label, "errors", static_cast<double>(errors_.load()));
    print_metric(label, "out_of_order", static_cast<double>(out_of_order_.load()));
    print_metric(label, "messages_lost", static_cast<double>(lost_.load() + missing_at_end));
    print_metric(label, "rss_after_warmup_kib", warm_kib);
    print_metric(label, "rss_end_kib", last_kib);
    if (warm_kib > 0) print_metric(label, "rss_growth_after_warmup_percent", 100.0 * (last_kib - warm_kib) / warm_kib);
  }

  std::size_t joined_count() const {
    std::size_t joined = 0;
    for (std::size_t id = 0; id < capacity_; ++id) joined += members_[id].status.load() == Status::joined ? 1 : 0;
    return joined;
  }

  std::uint64_t total_sent() const {
    std::uint64_t total = 0;
    for (const auto& sent : room_sent_) total += sent.load();
    return total;
  }

  double seconds_since_start() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  std::size_t minute_now() const { return static_cast<std::size_t>(seconds_since_start() / 60); }

  const Options& options_;
  const std::size_t rooms_;
  const std::size_t churn_per_round_;
  const std::size_t rounds_;
  const std::size_t capacity_;  // clients plus every replacement churn may start
  const std::size_t minutes_;
  WorkerPool pool_;
  ConnectPacer pacer_;
  std::vector<Member> members_;
  std::vector<std::atomic<std::uint64_t>> room_sent_;
  std::vector<std::shared_ptr<WsClient>> clients_;
  std::vector<std::unique_ptr<WorkerStats>> stats_;
  std::unordered_map<std::size_t, std::size_t> replaced_by_;  // main thread only
  std::size_t next_fresh_ = 0;                                 // main thread only
  std::mt19937_64 random_{12};
  Clock::time_point start_ = Clock::now();
  std::atomic<bool> started_{false};  // the initial join is over (the pacer is done)
  std::atomic<bool> publishing_{true};
  std::atomic<std::uint64_t> deliveries_{0};
  std::atomic<std::uint64_t> lost_{0};
  std::atomic<std::uint64_t> out_of_order_{0};
  std::atomic<std::uint64_t> errors_{0};
  std::atomic<std::size_t> churned_{0};
};

}  // namespace

int run_soak(const Options& options) {
  SoakRun run(options);
  return run.run();
}

}  // namespace loadgen
