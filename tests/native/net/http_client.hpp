// A byte-level HTTP/1.1 client for the loopback tests of the application hook: it writes
// exactly the bytes a test gives it (keep-alive sequences, pipelining, malformed
// requests, bodies of any size) and parses responses itself, so tests see repeated
// headers, chunk boundaries and the server closing the connection.
//
// Blocking POSIX calls with a receive timeout (a guard against hanging, not a timing
// assertion): a read that times out fails the test instead of blocking forever.
// Implemented in http_client.cpp (quest_net_test_support).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loopback_socket.hpp"
#include "test_client.hpp"

namespace quest_live::test {

struct RawResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // The first value of `name` ("" when absent) and how often it occurs.
  std::string header(const std::string& name) const;
  std::size_t count(const std::string& name) const;
};

class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port) : socket_(port) {}

  static std::string request(const std::string& method, const std::string& target,
                             const std::string& fields = "", const std::string& body = "");

  // Writes `bytes`; a failure shows in the reads that follow.
  void send(const std::string& bytes) { socket_.send_all(bytes); }

  // Status line and headers; nullopt when the connection ended first.
  std::optional<RawResponse> read_head();

  // A whole response with a Content-Length body (none for HEAD, 204 and 304), or a body
  // that ends with the connection.
  std::optional<RawResponse> read_response(bool head_request = false);

  // The data of the next chunk of a chunked body: "" for the final chunk, nullopt when
  // the connection ended first.
  std::optional<std::string> read_chunk();

  // True when the server has closed the connection and sent nothing more.
  bool reads_end_of_stream();

  // Stops reading (the kernel buffers fill and the server's writes stall) by shrinking
  // the receive buffer; used by overflow tests. Call before the response starts.
  void shrink_receive_buffer() { socket_.set_receive_buffer(4096); }

  void close() { socket_.close(); }

 private:
  bool fill(std::size_t size);
  bool receive_more();

  LoopbackSocket socket_;
  std::string buffered_;
};

}  // namespace quest_live::test
