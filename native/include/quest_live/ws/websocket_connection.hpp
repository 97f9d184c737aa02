// A WebSocket connection as the manager and application code see it.
//
// Extends the transport-neutral Connection with what the HTTP upgrade told us (path,
// remote address, request headers) and a small thread-safe metadata map that
// applications use to tag connections (user name, room, ...). The server creates one per
// accepted upgrade; it lives as long as someone holds the shared_ptr, and stops
// accepting frames (send() returns dropped) once closed.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "quest_live/connection.hpp"

namespace quest_live::ws {

// Header names are lower-cased; a repeated header keeps its last value.
using Headers = std::map<std::string, std::string, std::less<>>;

struct ConnectionInfo {
  std::string id;              // random UUID v4, canonical lower-case text
  std::string path;            // request target without the query string
  std::string query;           // the part after '?', empty when absent
  std::string remote_address;  // "ip:port"
  Headers headers;
};

class WebSocketConnection : public Connection {
 public:
  explicit WebSocketConnection(ConnectionInfo info) : info_(std::move(info)) {}

  const std::string& id() const final { return info_.id; }
  const ConnectionInfo& info() const { return info_; }
  const std::string& path() const { return info_.path; }
  const std::string& remote_address() const { return info_.remote_address; }
  std::optional<std::string> header(std::string_view lower_case_name) const;

  // Metadata: safe from any thread; values are copied in and out.
  void set_metadata(std::string key, std::string value);
  std::optional<std::string> metadata(std::string_view key) const;
  bool erase_metadata(std::string_view key);
  std::map<std::string, std::string, std::less<>> metadata_snapshot() const;

  // True once the connection is closing or closed; send() then returns dropped.
  virtual bool is_open() const = 0;

 private:
  const ConnectionInfo info_;
  mutable std::mutex metadata_mutex_;
  std::map<std::string, std::string, std::less<>> metadata_;
};

using WebSocketConnectionPtr = std::shared_ptr<WebSocketConnection>;

}  // namespace quest_live::ws
