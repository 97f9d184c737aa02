// RedisAdapter: the outgoing queue and the publisher, the subscriber, and the thread
// that runs both links (see the header for the policies).
#include "quest_live/pubsub/redis_adapter.hpp"

#include <condition_variable>
#include <deque>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <uuid/uuid.h>

#include "redis_link.hpp"
#include "redis_wire.hpp"

namespace quest_live::pubsub {

namespace asio = boost::asio;

namespace {
std::string random_node_id() {
  uuid_t bytes;
  uuid_generate_random(bytes);
  char text[37];
  uuid_unparse_lower(bytes, text);
  return text;
}
}  // namespace

struct RedisAdapter::Impl : std::enable_shared_from_this<Impl> {
  RedisConfig config;
  RedisAddress address;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::optional<RedisLink> publisher;
  std::optional<RedisLink> subscriber;
  std::thread thread;

  mutable std::mutex mutex;  // guards everything below
  mutable std::condition_variable ready_changed;
  std::deque<std::string> queue;  // encoded messages; the first `in_flight` are sent
  std::size_t in_flight = 0;
  std::size_t queued_bytes = 0;
  bool drain_posted = false;
  bool overflowing = false;  // logs one line per overflow burst
  RedisStats stats;
  std::function<void(const BroadcastPtr&)> sink;
  std::function<void(std::string_view, std::string_view, std::string_view)> control_handler;
  std::function<void()> joined_handler;

  void log(std::string_view line) const { config.log(line); }

  // Any thread.
  void enqueue(std::string message) {
    bool post = false;
    {
      std::lock_guard lock(mutex);
      if (queue.size() >= config.max_queued_messages || queued_bytes + message.size() > config.max_queued_bytes) {
        ++stats.dropped;
        if (!overflowing) {
          overflowing = true;
          log("[redis] outgoing queue full (" + std::to_string(queue.size()) + " messages): dropping new broadcasts");
        }
        return;
      }
      overflowing = false;
      queued_bytes += message.size();
      queue.push_back(std::move(message));
      post = !drain_posted;
      drain_posted = true;
    }
    if (post) asio::post(io, [self = shared_from_this()] { self->drain(); });
  }

  // io thread: hands every unsent message to hiredis, in order.
  void drain() {
    redisAsyncContext* context = publisher->context();
    std::unique_lock lock(mutex);
    drain_posted = false;
    if (!context) return;  // sent after the reconnect
    while (in_flight < queue.size()) {
      const std::string& message = queue[in_flight];
      const char* argv[] = {"PUBLISH", config.channel.c_str(), message.data()};
      const std::size_t lengths[] = {7, config.channel.size(), message.size()};
      if (redisAsyncCommandArgv(context, &Impl::published, this, 3, argv, lengths) != REDIS_OK) break;
      ++in_flight;
    }
  }

  // io thread: replies come in command order; no reply means the link broke.
  static void published(redisAsyncContext*, void* reply, void* data) {
    auto& impl = *static_cast<Impl*>(data);
    std::lock_guard lock(impl.mutex);
    if (impl.in_flight == 0) return;
    --impl.in_flight;
    impl.queued_bytes -= impl.queue.front().size();
    impl.queue.pop_front();
    ++(reply ? impl.stats.published : impl.stats.lost_in_flight);
  }

  // io thread: every reply of the SUBSCRIBE: the confirmation, then each message.
  static void subscription(redisAsyncContext*, void* reply_data, void* data) {
    auto& impl = *static_cast<Impl*>(data);
    auto* reply = static_cast<redisReply*>(reply_data);
    if (!reply || reply->type != REDIS_REPLY_ARRAY || reply->elements != 3) return;
    const std::string_view kind(reply->element[0]->str, reply->element[0]->len);
    if (kind == "subscribe") {
      std::function<void()> joined;
      {
        std::lock_guard lock(impl.mutex);
        impl.stats.subscribed = true;
        impl.ready_changed.notify_all();
        joined = impl.joined_handler;
      }
      if (joined) impl.run_guarded(joined, "the joined hook");
      return;
    }
    if (kind != "message" || reply->element[2]->type != REDIS_REPLY_STRING) return;
    impl.receive(std::string_view(reply->element[2]->str, reply->element[2]->len));
  }

  // Nothing escapes into the io thread.
  void run_guarded(const std::function<void()>& hook, std::string_view what) {
    try {
      hook();
    } catch (const std::exception& error) {
      log("[redis] " + std::string(what) + " failed: " + error.what());
    }
  }

  void receive(std::string_view bytes) {
    const auto message = redis_wire::decode(bytes);
    if (!message) {
      log("[redis] ignored a message on " + config.channel + " that is not ours");
      return;
    }
    std::function<void(const BroadcastPtr&)> deliver;
    std::function<void(std::string_view, std::string_view, std::string_view)> control;
    {
      std::lock_guard lock(mutex);
      if (message->origin == config.node_id) {
        ++stats.own_skipped;
        return;
      }
      ++stats.received;
      deliver = sink;
      control = control_handler;
    }
    try {
      if (message->is_broadcast) {
        if (!deliver) return;
        auto broadcast = std::make_shared<Broadcast>();
        broadcast->topic = std::string(message->topic);
        broadcast->event = std::string(message->event);
        broadcast->payload_json = std::string(message->payload);
        broadcast->frame = make_frame(std::string(message->frame));
        deliver(broadcast);
      } else if (control) {
        control(message->origin, message->kind, message->body);
      }
    } catch (const std::exception& error) {
      log(std::string("[redis] delivering a message from another node failed: ") + error.what());
    }
  }

  void wire_links() {
    publisher.emplace(io, address, "publisher", config.reconnect_min, config.reconnect_max, config.log);
    subscriber.emplace(io, address, "subscriber", config.reconnect_min, config.reconnect_max, config.log);
    publisher->on_connected = [this](redisAsyncContext*) {
      {
        std::lock_guard lock(mutex);
        ++stats.connects;
        stats.publisher_connected = true;
        ready_changed.notify_all();
      }
      drain();
    };
    publisher->on_disconnected = [this] {
      std::lock_guard lock(mutex);
      stats.publisher_connected = false;
    };
    subscriber->on_connected = [this](redisAsyncContext* context) {
      {
        std::lock_guard lock(mutex);
        ++stats.connects;
      }
      const char* argv[] = {"SUBSCRIBE", config.channel.c_str()};
      const std::size_t lengths[] = {9, config.channel.size()};
      redisAsyncCommandArgv(context, &Impl::subscription, this, 2, argv, lengths);
    };
    subscriber->on_disconnected = [this] {
      std::lock_guard lock(mutex);
      stats.subscribed = false;
    };
  }
};

std::shared_ptr<RedisAdapter> RedisAdapter::create(RedisConfig config) {
  auto impl = std::make_shared<Impl>();
  impl->address = parse_redis_url(config.url);
  if (config.node_id.empty()) config.node_id = random_node_id();
  if (config.node_id.find_first_of(" \n") != std::string::npos) {
    throw std::invalid_argument("redis node id \"" + config.node_id + "\" must not contain spaces or newlines");
  }
  if (!config.log) config.log = [](std::string_view line) { std::cerr << line << '\n'; };
  impl->config = std::move(config);
  impl->wire_links();
  asio::post(impl->io, [raw = impl.get()] {
    raw->publisher->start();
    raw->subscriber->start();
  });
  // The thread shares the Impl: if the last reference to the adapter is dropped on this
  // very thread (a handler held it), the destructor detaches and the Impl lives until
  // io.run() returns.
  impl->thread = std::thread([impl] { impl->io.run(); });
  return std::make_shared<RedisAdapter>(std::move(impl));
}

RedisAdapter::RedisAdapter(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

// Disconnects both links on their thread, lets hiredis free its contexts (the cleanup
// hooks run), then stops the thread: joined, or detached when this runs on it (a
// callback dropped the last reference; joining would deadlock).
RedisAdapter::~RedisAdapter() {
  asio::post(impl_->io, [raw = impl_.get()] {
    raw->publisher->stop();
    raw->subscriber->stop();
    raw->work.reset();
  });
  if (!impl_->thread.joinable()) return;
  if (impl_->thread.get_id() == std::this_thread::get_id()) {
    impl_->thread.detach();
  } else {
    impl_->thread.join();
  }
}

void RedisAdapter::forward(const BroadcastPtr& message) {
  impl_->enqueue(redis_wire::encode_broadcast(impl_->config.node_id, *message));
}

void RedisAdapter::attach(std::function<void(const BroadcastPtr&)> deliver_locally) {
  std::lock_guard lock(impl_->mutex);
  impl_->sink = std::move(deliver_locally);
}

void RedisAdapter::publish_control(std::string_view kind, std::string_view body) {
  impl_->enqueue(redis_wire::encode_control(impl_->config.node_id, kind, body));
}

void RedisAdapter::on_control(ControlHandler handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->control_handler = std::move(handler);
}

void RedisAdapter::on_joined(std::function<void()> handler) {
  std::lock_guard lock(impl_->mutex);
  impl_->joined_handler = std::move(handler);
}

bool RedisAdapter::joined() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats.subscribed;
}

const std::string& RedisAdapter::node_id() const { return impl_->config.node_id; }

RedisStats RedisAdapter::stats() const {
  std::lock_guard lock(impl_->mutex);
  RedisStats stats = impl_->stats;
  stats.queued = impl_->queue.size();
  return stats;
}

bool RedisAdapter::wait_until_ready(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->ready_changed.wait_for(lock, timeout, [&] {
    return impl_->stats.publisher_connected && impl_->stats.subscribed;
  });
}

}  // namespace quest_live::pubsub
