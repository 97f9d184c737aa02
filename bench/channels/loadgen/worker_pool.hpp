// Event loops for the load generator: a fixed set of threads, each running its own
// io_context. A client connection lives on exactly one worker for its whole life, so
// its handlers never run concurrently and need no locks. Asio stays out of this header
// (only worker_pool.cpp and ws_client.cpp pay for it).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace loadgen {

class Worker {
 public:
  explicit Worker(std::size_t index);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  std::size_t index() const { return index_; }
  boost::asio::io_context& context() { return *context_; }
  // Runs `task` on this worker's thread. Safe from any thread.
  void post(std::function<void()> task);

 private:
  friend class WorkerPool;
  std::size_t index_;
  std::unique_ptr<boost::asio::io_context> context_;
};

// Owns the workers and their threads. stop() (also run by the destructor) ends every
// event loop and joins the threads; pending handlers are dropped, not run.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t threads);
  ~WorkerPool();

  std::size_t size() const { return workers_.size(); }
  // Round-robin placement: client i lives on worker i % size().
  Worker& for_client(std::size_t client_index) { return *workers_[client_index % workers_.size()]; }
  Worker& at(std::size_t index) { return *workers_[index]; }
  void stop();

 private:
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace loadgen
