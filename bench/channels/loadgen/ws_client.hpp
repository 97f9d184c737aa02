// One WebSocket client connection of the load generator, Beast-free in its interface.
//
// A client lives on one Worker; every callback of its FrameHandler runs on that
// worker's thread, and send() must be called there too (use Worker::post from
// elsewhere). The handler must outlive the client's activity, i.e. the WorkerPool.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace loadgen {

class Worker;
class WsClient;

struct Target {
  std::string host;  // numeric IPv4/IPv6 address: loopback only, no resolver
  std::string port;
  std::string path;  // request target, e.g. "/socket/websocket?vsn=2.0.0"
};

class FrameHandler {
 public:
  virtual ~FrameHandler() = default;
  virtual void on_open(WsClient& client) = 0;  // handshake completed
  virtual void on_text(WsClient& client, std::string_view frame) = 0;
  // Connect, handshake, read or write failed, or the server closed: the client is done.
  virtual void on_failed(WsClient& client, std::string_view what) = 0;
};

class WsClient {
 public:
  virtual ~WsClient() = default;
  static std::shared_ptr<WsClient> create(Worker& worker, const Target& target,
                                          FrameHandler& handler, std::size_t id);

  std::size_t id() const { return id_; }
  Worker& worker() const { return worker_; }

  virtual void start() = 0;  // any thread: connects and handshakes on the worker
  virtual void send(std::string text) = 0;  // worker thread only; writes keep their order
  // Worker thread only: a close handshake (1000) after the write in flight; queued
  // frames are dropped. The handler then gets on_failed (the read loop ends). The soak
  // scenario's connect/disconnect churn uses it.
  virtual void close() = 0;

 protected:
  WsClient(Worker& worker, std::size_t id) : worker_(worker), id_(id) {}

 private:
  Worker& worker_;
  std::size_t id_;
};

}  // namespace loadgen
