// A byte-level WebSocket client for the loopback tests: it writes exactly the bytes a
// test gives it (handshake, masked or malformed frames) and reads the server's frames
// raw, so tests can see pings, pongs, close frames and the TCP close itself.
//
// Blocking POSIX calls with a receive timeout (a guard against hanging, not a timing
// assertion): a read that times out fails the test instead of blocking forever.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <memory>
#include <optional>
#include <string>

#include "test_client.hpp"

namespace quest_live::test {

struct ServerFrame {
  unsigned opcode = 0;
  bool fin = false;
  std::string payload;
};

class RawClient {
 public:
  explicit RawClient(std::uint16_t port)
      : io_(std::make_unique<asio::io_context>()), socket_(*io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{static_cast<time_t>(step_deadline.count()), 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  static std::string upgrade_request(const std::string& path, const std::string& fields =
                                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                         "Sec-WebSocket-Version: 13\r\n") {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           "Connection: Upgrade\r\n" + fields + "\r\n";
  }

  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // The HTTP response head, up to and including the blank line ("" on failure).
  std::string read_response_head() {
    for (;;) {
      const auto end = buffered_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::string head = buffered_.substr(0, end + 4);
        buffered_.erase(0, end + 4);
        return head;
      }
      if (!receive_more()) return {};
    }
  }

  // The next whole frame from the server; nullopt when the connection ended first.
  std::optional<ServerFrame> read_frame() {
    if (!fill(2)) return std::nullopt;
    ServerFrame frame;
    const auto first = static_cast<unsigned char>(buffered_[0]);
    const auto second = static_cast<unsigned char>(buffered_[1]);
    frame.fin = (first & 0x80) != 0;
    frame.opcode = first & 0x0F;
    std::size_t header = 2;
    std::uint64_t size = second & 0x7F;
    const std::size_t length_bytes = size == 126 ? 2 : size == 127 ? 8 : 0;
    if (!fill(header + length_bytes)) return std::nullopt;
    if (length_bytes > 0) {
      size = 0;
      for (std::size_t i = 0; i < length_bytes; ++i) {
        size = (size << 8) | static_cast<unsigned char>(buffered_[header + i]);
      }
      header += length_bytes;
    }
    if ((second & 0x80) != 0 || !fill(header + size)) return std::nullopt;  // servers never mask
    frame.payload = buffered_.substr(header, size);
    buffered_.erase(0, header + size);
    return frame;
  }

  // True when the server has closed the TCP connection and nothing else is left to read.
  bool reads_end_of_stream() { return buffered_.empty() && !receive_more() && last_receive_ == 0; }

 private:
  bool fill(std::size_t size) {
    while (buffered_.size() < size) {
      if (!receive_more()) return false;
    }
    return true;
  }

  bool receive_more() {
    char chunk[16 * 1024];
    last_receive_ = ::recv(socket_.native_handle(), chunk, sizeof chunk, 0);
    if (last_receive_ <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(last_receive_));
    return true;
  }

  std::unique_ptr<asio::io_context> io_;  // by pointer: the client is movable
  asio::ip::tcp::socket socket_;
  std::string buffered_;
  ssize_t last_receive_ = 0;
};

}  // namespace quest_live::test
