#include "quest_live/ws/websocket_connection.hpp"

namespace quest_live::ws {

std::optional<std::string> WebSocketConnection::header(std::string_view lower_case_name) const {
  auto found = info_.headers.find(lower_case_name);
  if (found == info_.headers.end()) return std::nullopt;
  return found->second;
}

void WebSocketConnection::set_metadata(std::string key, std::string value) {
  std::lock_guard lock(metadata_mutex_);
  metadata_.insert_or_assign(std::move(key), std::move(value));
}

std::optional<std::string> WebSocketConnection::metadata(std::string_view key) const {
  std::lock_guard lock(metadata_mutex_);
  auto found = metadata_.find(key);
  if (found == metadata_.end()) return std::nullopt;
  return found->second;
}

bool WebSocketConnection::erase_metadata(std::string_view key) {
  std::lock_guard lock(metadata_mutex_);
  auto found = metadata_.find(key);
  if (found == metadata_.end()) return false;
  metadata_.erase(found);
  return true;
}

std::map<std::string, std::string, std::less<>> WebSocketConnection::metadata_snapshot() const {
  std::lock_guard lock(metadata_mutex_);
  return metadata_;
}

}  // namespace quest_live::ws
