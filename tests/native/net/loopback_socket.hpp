// A connected TCP socket to 127.0.0.1 for the byte-level test clients: plain POSIX
// calls, no Asio, so the clients compile in a fraction of a second.
//
// Reads carry a receive timeout of step_deadline (a guard against hanging, not a timing
// assertion): a read that times out fails like a closed connection.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace quest_live::test {

class LoopbackSocket {
 public:
  // Connects at once; throws std::system_error when the connect fails.
  explicit LoopbackSocket(std::uint16_t port);
  ~LoopbackSocket();
  LoopbackSocket(LoopbackSocket&& other) noexcept;
  LoopbackSocket& operator=(LoopbackSocket&& other) noexcept;
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  // Writes all of `bytes` (never raises SIGPIPE); false when the connection failed.
  bool send_all(const std::string& bytes);
  // One recv into `chunk`: bytes read, 0 at end of stream, -1 on error or timeout.
  // `wait` false returns at once (-1 with errno EAGAIN when nothing has arrived).
  ssize_t receive(char* chunk, std::size_t size, bool wait = true);

  void set_receive_buffer(int bytes);
  // Closes with SO_LINGER 0, so the peer sees a TCP reset instead of a FIN.
  void reset();
  void close();
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace quest_live::test
