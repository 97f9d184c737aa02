#include "raw_client.hpp"

#include <cerrno>
#include <stdexcept>

namespace quest_live::test {

std::string RawClient::upgrade_request(const std::string& path, const std::string& fields) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
         "Connection: Upgrade\r\n" + fields + "\r\n";
}

void RawClient::send(const std::string& bytes) {
  if (!socket_.send_all(bytes)) throw std::runtime_error("RawClient::send: the connection failed");
}

std::string RawClient::read_response_head() {
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

std::optional<ServerFrame> RawClient::read_frame() {
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

bool RawClient::reads_end_of_stream() {
  return buffered_.empty() && !receive_more() && last_receive_ == 0;
}

std::optional<std::string> RawClient::receive_available() {
  char chunk[512];
  const auto received = socket_.receive(chunk, sizeof chunk, false);
  if (received > 0) return std::string(chunk, static_cast<std::size_t>(received));
  if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return std::string();
  return std::nullopt;
}

bool RawClient::fill(std::size_t size) {
  while (buffered_.size() < size) {
    if (!receive_more()) return false;
  }
  return true;
}

bool RawClient::receive_more() {
  char chunk[16 * 1024];
  last_receive_ = socket_.receive(chunk, sizeof chunk);
  if (last_receive_ <= 0) return false;
  buffered_.append(chunk, static_cast<std::size_t>(last_receive_));
  return true;
}

}  // namespace quest_live::test
