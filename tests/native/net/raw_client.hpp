// A byte-level WebSocket client for the loopback tests: it writes exactly the bytes a
// test gives it (handshake, masked or malformed frames) and reads the server's frames
// raw, so tests can see pings, pongs, close frames and the TCP close itself.
//
// Blocking POSIX calls with a receive timeout (a guard against hanging, not a timing
// assertion): a read that times out fails the test instead of blocking forever.
// Implemented in raw_client.cpp (quest_net_test_support).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "loopback_socket.hpp"
#include "test_client.hpp"

namespace quest_live::test {

struct ServerFrame {
  unsigned opcode = 0;
  bool fin = false;
  std::string payload;
};

class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(port) {}

  static std::string upgrade_request(const std::string& path, const std::string& fields =
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                         "Sec-WebSocket-Version: 13\r\n");

  // Writes all of `bytes`; throws std::runtime_error when the connection failed.
  void send(const std::string& bytes);
  // The same, reporting a failure instead (for tests that expect to be cut off).
  bool try_send(const std::string& bytes) { return socket_.send_all(bytes); }

  // The HTTP response head, up to and including the blank line ("" on failure).
  std::string read_response_head();

  // The next whole frame from the server; nullopt when the connection ended first.
  std::optional<ServerFrame> read_frame();

  // True when the server has closed the TCP connection and nothing else is left to read.
  bool reads_end_of_stream();

  // Whatever has arrived, without waiting ("" when nothing yet); nullopt once the
  // server has closed or reset the connection.
  std::optional<std::string> receive_available();
  // Reads until at least `size` bytes are buffered; false when the connection ended first.
  bool receive_at_least(std::size_t size) { return fill(size); }
  // The bytes received and not yet consumed by read_response_head / read_frame.
  const std::string& buffered() const { return buffered_; }

  // Closes with a TCP reset (SO_LINGER 0), as a client that vanished would.
  void reset() { socket_.reset(); }

 private:
  bool fill(std::size_t size);
  bool receive_more();

  LoopbackSocket socket_;
  std::string buffered_;
  ssize_t last_receive_ = 0;
};

}  // namespace quest_live::test
