// Many LiveViews joined over real sockets, as browsers would: the pages are fetched
// first (their tokens), then sockets carrying `views_per_socket` views each are opened
// on a WorkerPool (bench/channels/loadgen's connection code) and every view joins with
// its page's tokens. Replies are matched to the view and the send time of their push.
//
// Threading: a socket and its views live on one worker; callbacks run there, and
// send_click must be called there (post_click from any other thread).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "live_page.hpp"
#include "loadgen/run_support.hpp"
#include "loadgen/worker_pool.hpp"
#include "loadgen/ws_client.hpp"

namespace live_loadgen {

struct FleetOptions {
  std::string host = "127.0.0.1";
  std::string port;
  std::size_t views_per_socket = 1;
  std::size_t threads = 1;
  std::size_t concurrency = 64;  // sockets being opened and joined at once
  double timeout = 120;
};

// A reply to one of our pushes: which view, its status, when the push was sent, the
// frame as received.
struct Reply {
  std::size_t view;
  std::size_t worker;
  bool ok;
  std::int64_t sent_ns;
  std::string_view frame;
};

class ViewFleet final : public loadgen::FrameHandler {
 public:
  ViewFleet(const FleetOptions& options, std::vector<LivePage> pages, std::string page_url);
  ~ViewFleet() override;

  // Opens the sockets and joins every view; false (after printing why) unless all joined.
  bool join_all();

  std::size_t views() const { return pages_.size(); }
  std::size_t workers() const { return pool_.size(); }
  std::size_t worker_of(std::size_t view) const { return socket_of(view) % pool_.size(); }
  const std::string& join_reply(std::size_t view) const { return join_replies_[view]; }

  // Called on the view's worker for each reply to an event, and for each pushed frame
  // (event "diff", "redirect", ...).
  std::function<void(const Reply&)> on_reply;
  std::function<void(std::size_t view, std::size_t worker, std::string_view frame)> on_push;

  void send_click(std::size_t view, std::string_view event);  // on the view's worker
  void post_click(std::size_t view, std::string event);       // from any thread

  void stop() { pool_.stop(); }

 private:
  struct Pending {
    std::size_t view;
    std::int64_t sent_ns;
    bool join;
  };
  struct Socket {
    std::shared_ptr<loadgen::WsClient> client;
    std::vector<std::size_t> views;
    std::unordered_map<std::uint64_t, Pending> pending;
    std::uint64_t next_ref = 1;
    std::size_t joins_left = 0;
    bool failed = false;
    bool settled = false;  // told the pacer (joined, refused or failed)
  };

  std::size_t socket_of(std::size_t view) const { return view / options_.views_per_socket; }
  void on_open(loadgen::WsClient& client) override;
  void on_text(loadgen::WsClient& client, std::string_view frame) override;
  void on_failed(loadgen::WsClient& client, std::string_view what) override;

  FleetOptions options_;
  std::vector<LivePage> pages_;
  std::string page_url_;
  std::vector<std::uint64_t> join_refs_;     // per view
  std::vector<std::string> join_replies_;    // per view: the join reply frame
  // The pool before the sockets: the sockets' streams must be destroyed before the
  // io_contexts they were made on.
  loadgen::WorkerPool pool_;
  std::vector<Socket> sockets_;
  loadgen::ConnectPacer pacer_;
  std::atomic<std::size_t> failures_{0};
};

// Fetches `count` pages of `path` over one keep-alive connection; prints and exits
// the process on failure (a benchmark without its pages has nothing to say).
std::vector<LivePage> fetch_pages(const std::string& host, const std::string& port, const std::string& path,
                                  std::size_t count);

}  // namespace live_loadgen
