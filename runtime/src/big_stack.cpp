// run_on_big_stack (host.hpp): the interpreter recurses on the C++ stack, so every thread
// that runs a Vm gets a large one and deep Quest recursion ends in a clean RuntimeErr.
#include <exception>
#include <pthread.h>

#include "quest/host.hpp"

namespace quest {

namespace {
struct Job {
  const std::function<int()>* body;
  int result = 1;
  std::exception_ptr failure;  // rethrown on the caller's thread
};

void* run_job(void* arg) {
  auto* job = static_cast<Job*>(arg);
  try {
    job->result = (*job->body)();
  } catch (...) {
    job->failure = std::current_exception();
  }
  return nullptr;
}
}  // namespace

int run_on_big_stack(const std::function<int()>& body) {
  // 1 GiB of address space; pages are only committed as the recursion touches them.
  constexpr std::size_t kStackBytes = std::size_t(1) << 30;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  Job job{&body, 1, nullptr};
  pthread_t thread;
  if (pthread_attr_setstacksize(&attr, kStackBytes) != 0 || pthread_create(&thread, &attr, run_job, &job) != 0) {
    pthread_attr_destroy(&attr);
    return body();  // no thread to be had: run here, with the stack we have
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
  if (job.failure) std::rethrow_exception(job.failure);
  return job.result;
}

}  // namespace quest
