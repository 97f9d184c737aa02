#include "quest_live/net/server.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <csignal>
#include <stdexcept>
#include <system_error>

#include "hub.hpp"
#include "listener.hpp"
#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;

namespace {

// Nothing may escape into the io_context: a handler that throws is logged and the
// thread goes back to running the others.
void run_io_thread(Server::Hub& hub) {
  for (;;) {
    try {
      hub.io->run();
      return;
    } catch (const std::exception& error) {
      log_line("error", "io thread", error.what());
    } catch (...) {
      log_line("error", "io thread", "unknown exception");
    }
  }
}

}  // namespace

Server::Server(ServerConfig config) : hub_(std::make_shared<Hub>(std::move(config))) {}

Server::~Server() { stop(); }

ws::WebSocketManager& Server::websockets() { return hub_->manager; }

const ServerConfig& Server::config() const { return hub_->config; }

void Server::serve_static(std::string url_prefix, std::filesystem::path directory) {
  if (url_prefix.empty() || url_prefix.front() != '/') url_prefix = "/" + url_prefix;
  if (url_prefix.back() != '/') url_prefix.push_back('/');
  auto& mounts = hub_->static_mounts;
  mounts.push_back(StaticMount{std::move(url_prefix), std::move(directory)});
  std::stable_sort(mounts.begin(), mounts.end(), [](const auto& a, const auto& b) {
    return a.url_prefix.size() > b.url_prefix.size();
  });
}

void Server::on_upgrade(UpgradeHook hook) { hub_->upgrade_hook = std::move(hook); }

void Server::on_upgrade_async(AsyncUpgradeHook hook) { hub_->async_upgrade_hook = std::move(hook); }

void Server::on_request(HttpHandler handler) { hub_->request_handler = std::move(handler); }

void Server::start() {
  if (!hub_->threads.empty()) throw std::logic_error("Server::start called twice");
  boost::system::error_code bad_address;
  const auto address = asio::ip::make_address(hub_->config.host, bad_address);
  if (bad_address) {
    throw std::system_error(std::error_code(bad_address), "bad host " + hub_->config.host);
  }
  try {
    hub_->acceptor =
        std::make_shared<listener>(hub_, asio::ip::tcp::endpoint(address, hub_->config.port));
  } catch (const boost::system::system_error& failure) {
    throw std::system_error(std::error_code(failure.code()),
                            "cannot listen on " + hub_->config.host + ":" +
                                std::to_string(hub_->config.port));
  }
  hub_->work.emplace(hub_->io->get_executor());
  hub_->acceptor->run();
  hub_->start_idle_sweep();
  hub_->start_memory_trim();
  unsigned count = hub_->config.io_threads;
  if (count == 0) count = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < count; ++i) {
    hub_->threads.emplace_back([hub = hub_] { run_io_thread(*hub); });
  }
}

std::uint64_t Server::memory_trims() const { return hub_->memory_trimmer.trims(); }

std::uint16_t Server::port() const { return hub_->acceptor ? hub_->acceptor->port() : 0; }

void Server::run_after(std::chrono::milliseconds delay, std::function<void()> task) {
  if (!hub_->io || hub_->io->stopped()) return;
  auto timer = std::make_shared<asio::steady_timer>(*hub_->io, delay);
  timer->async_wait([timer, task = std::move(task)](boost::system::error_code error) {
    if (error) return;
    try {
      task();
    } catch (const std::exception& failure) {
      log_line("error", "scheduled task", failure.what());
    }
  });
}

void Server::stop_on_signals() {
  hub_->signals.emplace(*hub_->io, SIGINT, SIGTERM);
  hub_->signals->async_wait([hub = hub_](boost::system::error_code error, int) {
    if (!error) hub->request_stop();
  });
}

void Server::request_stop() {
  if (!hub_->threads.empty()) hub_->request_stop();
}

void Server::wait() {
  for (auto& thread : hub_->threads) {
    if (thread.joinable()) thread.join();
  }
  if (hub_->threads.empty() || !hub_->io) return;
  // Connections cut at the drain deadline are still registered: forget them, then destroy
  // the handlers still queued (and the sessions they hold) while the hub is alive.
  for (const auto& connection : hub_->manager.connections()) hub_->manager.remove(connection->id());
  hub_->release_io_objects();
}

void Server::stop() {
  request_stop();
  wait();
}

}  // namespace quest_live::net
