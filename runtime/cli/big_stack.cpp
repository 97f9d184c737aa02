#include <pthread.h>

#include "cli.hpp"

namespace quest {

namespace {
struct Job {
  const std::function<int()>* body;
  int result = 1;
};

void* run_job(void* arg) {
  auto* job = static_cast<Job*>(arg);
  job->result = (*job->body)();
  return nullptr;
}
}  // namespace

int run_on_big_stack(const std::function<int()>& body) {
  // 1 GiB of address space; pages are only committed as the recursion touches them.
  constexpr std::size_t kStackBytes = std::size_t(1) << 30;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  Job job{&body};
  pthread_t thread;
  if (pthread_attr_setstacksize(&attr, kStackBytes) != 0 || pthread_create(&thread, &attr, run_job, &job) != 0) {
    pthread_attr_destroy(&attr);
    return body();
  }
  pthread_attr_destroy(&attr);
  pthread_join(thread, nullptr);
  return job.result;
}

}  // namespace quest
