// What a browser takes from a LiveView page before it opens the socket: the view id,
// the signed session and static tokens and the CSRF token, fetched over plain HTTP/1.1
// (keep-alive, loopback) and cut out of the dead render; and the frames built from them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace live_loadgen {

struct LivePage {
  std::string id;       // the container's id: the topic is "lv:" + id
  std::string session;  // data-phx-session
  std::string static_token;
  std::string csrf;     // <meta name="csrf-token">
};

// Cuts the tokens out of a page; nothing when one is missing.
std::optional<LivePage> parse_page(std::string_view html);

// phx_join as the official client sends it (url, params with _csrf_token and _mounts,
// session, static); `ref` is also the join_ref.
std::string join_frame(const LivePage& page, std::uint64_t ref, std::string_view url);

// A phx-click push: {"type":"click","event":event,"value":{}}.
std::string click_frame(const LivePage& page, std::uint64_t join_ref, std::uint64_t ref, std::string_view event);

// A blocking HTTP/1.1 GET client over one keep-alive connection (reconnects when the
// server closed it). Responses must carry Content-Length.
class HttpClient {
 public:
  HttpClient(std::string host, std::string port) : host_(std::move(host)), port_(std::move(port)) {}
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // The body of a 200 response; throws std::runtime_error otherwise.
  std::string get(const std::string& path);

 private:
  void connect();
  void close();
  std::string host_, port_;
  int fd_ = -1;
  std::string buffered_;  // bytes read past the previous response
};

}  // namespace live_loadgen
