#include "worker_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <iostream>

namespace loadgen {

Worker::Worker(std::size_t index)
    : index_(index), context_(std::make_unique<boost::asio::io_context>(1)) {}

Worker::~Worker() = default;

void Worker::post(std::function<void()> task) {
  boost::asio::post(*context_, std::move(task));
}

WorkerPool::WorkerPool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>(i));
  for (auto& worker : workers_) {
    threads_.emplace_back([context = worker->context_.get()] {
      auto guard = boost::asio::make_work_guard(*context);
      try {
        context->run();
      } catch (const std::exception& error) {
        // A handler threw: report it and let the scenario's deadline end the run.
        std::cerr << "loadgen: worker stopped by exception: " << error.what() << "\n";
      }
    });
  }
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
  for (auto& worker : workers_) worker->context_->stop();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

}  // namespace loadgen
