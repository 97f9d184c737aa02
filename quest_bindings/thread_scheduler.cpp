#include "thread_scheduler.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>
#include <utility>

namespace quest_bindings {

struct ThreadScheduler::State {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
  std::thread thread;
};

ThreadScheduler::ThreadScheduler() : state_(std::make_shared<State>()) {
  state_->thread = std::thread([state = state_] { state->io.run(); });
}

ThreadScheduler::~ThreadScheduler() {
  state_->work.reset();
  state_->io.stop();
  if (state_->thread.get_id() == std::this_thread::get_id()) {
    // Inside a task: run() returns when it does, and the thread's own reference frees
    // the io_context after that.
    state_->thread.detach();
  } else {
    state_->thread.join();
  }
}

void ThreadScheduler::run_after(std::chrono::milliseconds delay, std::function<void()> task) {
  auto timer = std::make_shared<boost::asio::steady_timer>(state_->io, delay);
  timer->async_wait([timer, task = std::move(task)](const boost::system::error_code& error) {
    if (!error) task();
  });
}

}  // namespace quest_bindings
