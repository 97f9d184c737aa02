// One hiredis async connection on an Asio io_context, reconnecting with backoff.
//
// hiredis owns the socket and asks, through its event hooks (ev.addRead, delRead,
// addWrite, delWrite, cleanup), to be told when the descriptor is readable or writable.
// Each hook maps onto an asio::posix::stream_descriptor wait on the io_context; when the
// wait fires, redisAsyncHandleRead/Write runs and the wait is re-armed while hiredis still
// wants it. cleanup() (hiredis is freeing the context) releases the descriptor without
// closing it (hiredis closes it) and cancels the waits. Everything here runs on the
// io_context's single thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <hiredis/async.h>

#include "quest_live/pubsub/redis_adapter.hpp"

namespace quest_live::pubsub {

class RedisLink {
 public:
  RedisLink(boost::asio::io_context& io, RedisAddress address, std::string name, std::chrono::milliseconds backoff_min,
            std::chrono::milliseconds backoff_max, std::function<void(std::string_view)> log);
  ~RedisLink();
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  // Called on the io thread: after each successful connect (AUTH sent first when a password
  // is set) and after each disconnect or failed connect (a retry is already scheduled).
  std::function<void(redisAsyncContext*)> on_connected;
  std::function<void()> on_disconnected;

  void start();  // connects now; retries forever until stop()
  void stop();   // disconnects (pending replies get their callbacks with no reply)
  redisAsyncContext* context() const { return context_; }  // null while not connected

 private:
  struct Watch;
  void connect();
  void retry_later();
  static void connected(const redisAsyncContext* context, int status);
  static void disconnected(const redisAsyncContext* context, int status);

  boost::asio::io_context& io_;
  RedisAddress address_;
  std::string name_;
  std::chrono::milliseconds backoff_min_, backoff_max_, backoff_;
  std::function<void(std::string_view)> log_;
  boost::asio::steady_timer retry_timer_;
  redisAsyncContext* context_ = nullptr;     // connected
  redisAsyncContext* connecting_ = nullptr;  // connect in progress
  bool stopping_ = false;
};

}  // namespace quest_live::pubsub
