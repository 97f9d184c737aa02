#include "live_page.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace live_loadgen {
namespace {

std::optional<std::string> between(std::string_view text, std::string_view before, char end) {
  const auto start = text.find(before);
  if (start == std::string_view::npos) return std::nullopt;
  const auto from = start + before.size();
  const auto stop = text.find(end, from);
  if (stop == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(from, stop - from));
}

}  // namespace

std::optional<LivePage> parse_page(std::string_view html) {
  auto csrf = between(html, "name=\"csrf-token\" content=\"", '"');
  auto session = between(html, "data-phx-session=\"", '"');
  auto static_token = between(html, "data-phx-static=\"", '"');
  // The view container is the element carrying data-phx-session: its id precedes it.
  const auto main = html.find("data-phx-main");
  if (!csrf || !session || !static_token || main == std::string_view::npos) return std::nullopt;
  const auto open = html.rfind("<div id=\"", main);
  if (open == std::string_view::npos) return std::nullopt;
  auto id = between(html.substr(open), "<div id=\"", '"');
  if (!id) return std::nullopt;
  return LivePage{*id, *session, *static_token, *csrf};
}

// Tokens are url-safe base64 and '.', ids and CSRF tokens url-safe base64: no escaping.
std::string join_frame(const LivePage& page, std::uint64_t ref, std::string_view url) {
  const std::string r = std::to_string(ref);
  std::string out;
  out.reserve(256 + page.session.size() + page.static_token.size());
  out += "[\"" + r + "\",\"" + r + "\",\"lv:" + page.id + "\",\"phx_join\",{\"url\":\"";
  out += url;
  out += "\",\"params\":{\"_csrf_token\":\"" + page.csrf + "\",\"_mounts\":0},\"session\":\"" + page.session +
         "\",\"static\":\"" + page.static_token + "\"}]";
  return out;
}

std::string click_frame(const LivePage& page, std::uint64_t join_ref, std::uint64_t ref, std::string_view event) {
  std::string out = "[\"" + std::to_string(join_ref) + "\",\"" + std::to_string(ref) + "\",\"lv:" + page.id +
                    "\",\"event\",{\"type\":\"click\",\"event\":\"";
  out += event;
  out += "\",\"value\":{}}]";
  return out;
}

HttpClient::~HttpClient() { close(); }

void HttpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffered_.clear();
}

void HttpClient::connect() {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host_.c_str(), port_.c_str(), &hints, &found) != 0 || !found)
    throw std::runtime_error("http: bad address " + host_ + ":" + port_);
  fd_ = ::socket(found->ai_family, SOCK_STREAM, 0);
  const bool ok = fd_ >= 0 && ::connect(fd_, found->ai_addr, found->ai_addrlen) == 0;
  freeaddrinfo(found);
  if (!ok) {
    close();
    throw std::runtime_error(std::string("http: connect: ") + std::strerror(errno));
  }
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

std::string HttpClient::get(const std::string& path) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) connect();
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host_ + ":" + port_ + "\r\n\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
      close();
      continue;
    }
    std::string& in = buffered_;
    std::size_t header_end = std::string::npos;
    char chunk[65536];
    bool closed = false;
    auto read_more = [&] {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return false;
      in.append(chunk, static_cast<std::size_t>(n));
      return true;
    };
    while ((header_end = in.find("\r\n\r\n")) == std::string::npos)
      if (!read_more()) { closed = true; break; }
    if (closed) {  // a keep-alive connection the server had closed: once more, fresh
      close();
      continue;
    }
    std::string head = in.substr(0, header_end);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto length_at = head.find("\r\ncontent-length:");
    if (length_at == std::string::npos) throw std::runtime_error("http: no Content-Length for " + path);
    const std::size_t length = std::stoul(head.substr(length_at + 17));
    const std::size_t total = header_end + 4 + length;
    while (in.size() < total)
      if (!read_more()) throw std::runtime_error("http: connection closed inside a response");
    std::string body = in.substr(header_end + 4, length);
    const bool ok = head.rfind("http/1.1 200", 0) == 0;
    in.erase(0, total);
    if (head.find("\r\nconnection: close") != std::string::npos) close();
    if (!ok) throw std::runtime_error("http: GET " + path + ": " + head.substr(0, head.find("\r\n")));
    return body;
  }
  throw std::runtime_error("http: GET " + path + " failed twice");
}

}  // namespace live_loadgen
