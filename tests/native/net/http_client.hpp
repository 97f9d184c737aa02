// A byte-level HTTP/1.1 client for the loopback tests of the application hook: it writes
// exactly the bytes a test gives it (keep-alive sequences, pipelining, malformed
// requests, bodies of any size) and parses responses itself, so tests see repeated
// headers, chunk boundaries and the server closing the connection.
//
// Blocking POSIX calls with a receive timeout (a guard against hanging, not a timing
// assertion): a read that times out fails the test instead of blocking forever.
#pragma once

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_client.hpp"

namespace quest_live::test {

struct RawResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;

  // The first value of `name` ("" when absent) and how often it occurs.
  std::string header(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return {};
  }
  std::size_t count(const std::string& name) const {
    return static_cast<std::size_t>(std::count_if(headers.begin(), headers.end(),
                                                  [&](const auto& field) { return field.first == name; }));
  }
};

class HttpConnection {
 public:
  explicit HttpConnection(std::uint16_t port) : io_(std::make_unique<asio::io_context>()), socket_(*io_) {
    socket_.connect({asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{static_cast<time_t>(step_deadline.count()), 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  static std::string request(const std::string& method, const std::string& target,
                             const std::string& fields = "", const std::string& body = "") {
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields;
    if (!body.empty() || method == "POST" || method == "PUT") {
      text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return text + "\r\n" + body;
  }

  void send(const std::string& bytes) {
    boost::system::error_code ignored;
    asio::write(socket_, asio::buffer(bytes), ignored);
  }

  // Status line and headers; nullopt when the connection ended first.
  std::optional<RawResponse> read_head() {
    std::size_t end;
    while ((end = buffered_.find("\r\n\r\n")) == std::string::npos) {
      if (!receive_more()) return std::nullopt;
    }
    RawResponse response;
    const std::string head = buffered_.substr(0, end);
    buffered_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    const auto space = status_line.find(' ');
    if (space == std::string::npos) return std::nullopt;
    response.status = static_cast<unsigned>(std::stoul(status_line.substr(space + 1, 3)));
    while (line_end != std::string::npos && line_end < head.size()) {
      const auto start = line_end + 2;
      line_end = head.find("\r\n", start);
      const auto line = head.substr(start, line_end == std::string::npos ? std::string::npos
                                                                         : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers.emplace_back(std::move(name), std::move(value));
    }
    return response;
  }

  // A whole response with a Content-Length body (none for HEAD, 204 and 304), or a body
  // that ends with the connection.
  std::optional<RawResponse> read_response(bool head_request = false) {
    auto response = read_head();
    if (!response) return std::nullopt;
    if (head_request || response->status == 204 || response->status == 304) return response;
    const auto length = response->header("content-length");
    if (length.empty()) {
      while (receive_more()) {
      }
      response->body = std::move(buffered_);
      buffered_.clear();
      return response;
    }
    const auto size = static_cast<std::size_t>(std::stoull(length));
    if (!fill(size)) return std::nullopt;
    response->body = buffered_.substr(0, size);
    buffered_.erase(0, size);
    return response;
  }

  // The data of the next chunk of a chunked body: "" for the final chunk, nullopt when
  // the connection ended first.
  std::optional<std::string> read_chunk() {
    std::size_t line_end;
    while ((line_end = buffered_.find("\r\n")) == std::string::npos) {
      if (!receive_more()) return std::nullopt;
    }
    const auto size = static_cast<std::size_t>(std::stoull(buffered_.substr(0, line_end), nullptr, 16));
    if (!fill(line_end + 2 + size + 2)) return std::nullopt;
    std::string data = buffered_.substr(line_end + 2, size);
    buffered_.erase(0, line_end + 2 + size + 2);
    return data;
  }

  // True when the server has closed the connection and sent nothing more.
  bool reads_end_of_stream() {
    if (!buffered_.empty()) return false;
    char byte;
    return ::recv(socket_.native_handle(), &byte, 1, 0) == 0;
  }

  // Stops reading (the kernel buffers fill and the server's writes stall) by shrinking
  // the receive buffer; used by overflow tests. Call before the response starts.
  void shrink_receive_buffer() {
    int size = 4096;
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  bool fill(std::size_t size) {
    while (buffered_.size() < size) {
      if (!receive_more()) return false;
    }
    return true;
  }

  bool receive_more() {
    char chunk[16 * 1024];
    const auto received = ::recv(socket_.native_handle(), chunk, sizeof chunk, 0);
    if (received <= 0) return false;
    buffered_.append(chunk, static_cast<std::size_t>(received));
    return true;
  }

  std::unique_ptr<asio::io_context> io_;
  asio::ip::tcp::socket socket_;
  std::string buffered_;
};

}  // namespace quest_live::test
