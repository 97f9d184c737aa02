#include "redis_link.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>

namespace quest_live::pubsub {

namespace asio = boost::asio;

// The hiredis event hooks' private data for one context. Keeps itself alive (self) until
// hiredis calls cleanup; each pending wait holds it too.
struct RedisLink::Watch : std::enable_shared_from_this<Watch> {
  Watch(asio::io_context& io, redisAsyncContext* c) : descriptor(io, c->c.fd), context(c) {}

  asio::posix::stream_descriptor descriptor;
  redisAsyncContext* context;  // null once hiredis freed it
  bool want_read = false, want_write = false;
  bool read_armed = false, write_armed = false;
  std::shared_ptr<Watch> self;

  void arm_read() {
    if (read_armed || !context) return;
    read_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_read, [watch = shared_from_this()](auto error) {
      watch->read_armed = false;
      if (error || !watch->context || !watch->want_read) return;
      redisAsyncHandleRead(watch->context);  // may free the context (cleanup runs inside)
      if (watch->context && watch->want_read) watch->arm_read();
    });
  }
  void arm_write() {
    if (write_armed || !context) return;
    write_armed = true;
    descriptor.async_wait(asio::posix::stream_descriptor::wait_write, [watch = shared_from_this()](auto error) {
      watch->write_armed = false;
      if (error || !watch->context || !watch->want_write) return;
      redisAsyncHandleWrite(watch->context);
      if (watch->context && watch->want_write) watch->arm_write();
    });
  }

  static Watch& of(void* data) { return *static_cast<Watch*>(data); }
  static void add_read(void* data) {
    of(data).want_read = true;
    of(data).arm_read();
  }
  static void del_read(void* data) { of(data).want_read = false; }
  static void add_write(void* data) {
    of(data).want_write = true;
    of(data).arm_write();
  }
  static void del_write(void* data) { of(data).want_write = false; }
  static void cleanup(void* data) {
    Watch& watch = of(data);
    watch.context = nullptr;
    watch.want_read = watch.want_write = false;
    boost::system::error_code ignored;
    watch.descriptor.cancel(ignored);
    watch.descriptor.release();  // hiredis closes the descriptor itself
    auto keep = std::move(watch.self);  // the last owner may be this line: nothing after
  }

  static void attach(asio::io_context& io, redisAsyncContext* context) {
    auto watch = std::make_shared<Watch>(io, context);
    watch->self = watch;
    context->ev.data = watch.get();
    context->ev.addRead = add_read;
    context->ev.delRead = del_read;
    context->ev.addWrite = add_write;
    context->ev.delWrite = del_write;
    context->ev.cleanup = cleanup;
  }
};

RedisLink::RedisLink(asio::io_context& io, RedisAddress address, std::string name,
                     std::chrono::milliseconds backoff_min, std::chrono::milliseconds backoff_max,
                     std::function<void(std::string_view)> log)
    : io_(io),
      address_(std::move(address)),
      name_(std::move(name)),
      backoff_min_(backoff_min),
      backoff_max_(backoff_max),
      backoff_(backoff_min),
      log_(std::move(log)),
      retry_timer_(io) {}

RedisLink::~RedisLink() = default;

void RedisLink::start() {
  stopping_ = false;
  connect();
}

void RedisLink::stop() {
  stopping_ = true;
  retry_timer_.cancel();
  if (context_) redisAsyncDisconnect(context_);
  if (connecting_) redisAsyncDisconnect(connecting_);
}

void RedisLink::connect() {
  if (stopping_) return;
  redisAsyncContext* context = redisAsyncConnect(address_.host.c_str(), address_.port);
  if (!context) {
    log_("[redis] " + name_ + ": out of memory creating a connection");
    retry_later();
    return;
  }
  if (context->err) {
    log_("[redis] " + name_ + ": cannot connect: " + context->errstr);
    redisAsyncFree(context);
    retry_later();
    return;
  }
  context->data = this;
  Watch::attach(io_, context);  // before the connect callback: hiredis arms a write wait there
  redisAsyncSetConnectCallback(context, &RedisLink::connected);
  redisAsyncSetDisconnectCallback(context, &RedisLink::disconnected);
  connecting_ = context;
}

void RedisLink::retry_later() {
  if (stopping_) return;
  retry_timer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, backoff_max_);
  retry_timer_.async_wait([this](auto error) {
    if (!error) connect();
  });
}

// hiredis frees a context whose connect failed right after this callback.
void RedisLink::connected(const redisAsyncContext* context, int status) {
  auto& link = *static_cast<RedisLink*>(context->data);
  link.connecting_ = nullptr;
  if (status != REDIS_OK) {
    link.log_("[redis] " + link.name_ + ": connect failed: " + context->errstr);
    if (link.on_disconnected) link.on_disconnected();
    link.retry_later();
    return;
  }
  auto* usable = const_cast<redisAsyncContext*>(context);
  link.context_ = usable;
  link.backoff_ = link.backoff_min_;
  if (!link.address_.password.empty()) {
    const char* argv[] = {"AUTH", link.address_.password.c_str()};
    const std::size_t lengths[] = {4, link.address_.password.size()};
    redisAsyncCommandArgv(usable, nullptr, nullptr, 2, argv, lengths);
  }
  link.log_("[redis] " + link.name_ + ": connected to " + link.address_.host + ":" + std::to_string(link.address_.port));
  if (link.on_connected) link.on_connected(usable);
}

// hiredis frees the context right after this callback.
void RedisLink::disconnected(const redisAsyncContext* context, int status) {
  auto& link = *static_cast<RedisLink*>(context->data);
  if (link.context_ == context) link.context_ = nullptr;
  if (link.connecting_ == context) link.connecting_ = nullptr;
  if (status != REDIS_OK) link.log_("[redis] " + link.name_ + ": disconnected: " + context->errstr);
  if (link.on_disconnected) link.on_disconnected();
  link.retry_later();
}

}  // namespace quest_live::pubsub
