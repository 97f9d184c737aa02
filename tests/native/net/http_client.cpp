#include "http_client.hpp"

#include <algorithm>
#include <cctype>

namespace quest_live::test {

std::string RawResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

std::size_t RawResponse::count(const std::string& name) const {
  return static_cast<std::size_t>(std::count_if(headers.begin(), headers.end(),
                                                [&](const auto& field) { return field.first == name; }));
}

std::string HttpConnection::request(const std::string& method, const std::string& target,
                                    const std::string& fields, const std::string& body) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields;
  if (!body.empty() || method == "POST" || method == "PUT") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

std::optional<RawResponse> HttpConnection::read_head() {
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

std::optional<RawResponse> HttpConnection::read_response(bool head_request) {
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

std::optional<std::string> HttpConnection::read_chunk() {
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

bool HttpConnection::reads_end_of_stream() {
  if (!buffered_.empty()) return false;
  char byte;
  return socket_.receive(&byte, 1) == 0;
}

bool HttpConnection::fill(std::size_t size) {
  while (buffered_.size() < size) {
    if (!receive_more()) return false;
  }
  return true;
}

bool HttpConnection::receive_more() {
  char chunk[16 * 1024];
  const auto received = socket_.receive(chunk, sizeof chunk);
  if (received <= 0) return false;
  buffered_.append(chunk, static_cast<std::size_t>(received));
  return true;
}

}  // namespace quest_live::test
