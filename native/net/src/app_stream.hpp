// The HttpStream the application writes a streamed response through (SSE), shared by
// the application and the session that writes it (see http_app.hpp for the contract).
//
// write() appends to a queue bounded by max_stream_queue_bytes (bytes count until their
// write has completed, so a client that stops reading fills it) and posts one drain to
// the session's strand unless one is pending. The session takes everything queued as one
// framed write (chunked, or raw for HTTP/1.0 clients, whose body ends with the
// connection). Overflow drops what is queued and ends the stream without its final chunk:
// the client is not reading, so nothing more would reach it.
//
// finish() is the single end of every stream (final chunk written, client gone,
// overflow, server cut): it runs on_close once and forgets the stream in the hub.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "hub.hpp"
#include "quest_live/net/http_app.hpp"

namespace quest_live::net {

class http_session;

class app_stream final : public HttpStream, public std::enable_shared_from_this<app_stream> {
 public:
  app_stream(std::weak_ptr<Server::Hub> hub, std::weak_ptr<http_session> session,
             std::size_t max_queue_bytes, bool chunked);
  ~app_stream() override;

  bool write(std::string chunk) override;
  void close() override;
  bool is_open() const override;
  void on_close(std::function<void()> callback) override;

  // Session side, on its strand. Appends what is queued to `out`, framed, and reports the
  // payload bytes taken (they stay counted until written()); `final` when close() was
  // asked and nothing is left (the final chunk is then appended too).
  struct Taken {
    std::size_t bytes = 0;
    bool final = false;
  };
  Taken take(std::string& out);
  void written(std::size_t bytes);
  bool overflowed() const;
  // Ends the stream for good; runs on_close (once) on the calling thread.
  void finish();

 private:
  enum class State { open, closing, ended };
  void post_drain_locked();

  std::weak_ptr<Server::Hub> hub_;
  std::weak_ptr<http_session> session_;
  const std::size_t max_queue_bytes_;
  const bool chunked_;

  mutable std::mutex mutex_;  // everything below; never held while calling out
  State state_ = State::open;
  std::deque<std::string> queue_;
  std::size_t counted_bytes_ = 0;  // queued plus taken but not yet written
  bool drain_posted_ = false;
  bool overflowed_ = false;
  bool finished_ = false;
  std::function<void()> on_close_;
};

}  // namespace quest_live::net
