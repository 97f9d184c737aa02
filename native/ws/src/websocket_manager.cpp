#include "quest_live/ws/websocket_manager.hpp"

#include <mutex>

namespace quest_live::ws {

void WebSocketManager::route(std::string path, WebSocketHandlers handlers) {
  std::unique_lock lock(registry_mutex_);
  routes_.insert_or_assign(std::move(path),
                           std::make_unique<WebSocketHandlers>(std::move(handlers)));
}

const WebSocketHandlers* WebSocketManager::handlers_for(std::string_view path) const {
  std::shared_lock lock(registry_mutex_);
  auto found = routes_.find(std::string(path));
  return found == routes_.end() ? nullptr : found->second.get();
}

void WebSocketManager::add(const WebSocketConnectionPtr& connection) {
  std::unique_lock lock(registry_mutex_);
  by_id_[connection->id()] = connection;
  by_path_[connection->path()][connection->id()] = connection;
}

void WebSocketManager::remove(const std::string& id) {
  std::unique_lock lock(registry_mutex_);
  auto found = by_id_.find(id);
  if (found == by_id_.end()) return;
  // Keep the connection (and so the strings the keys view) alive until both are erased.
  const WebSocketConnectionPtr connection = found->second;
  auto path_entry = by_path_.find(connection->path());
  if (path_entry != by_path_.end()) {
    path_entry->second.erase(connection->id());
    if (path_entry->second.empty()) by_path_.erase(path_entry);
  }
  by_id_.erase(found);
}

WebSocketConnectionPtr WebSocketManager::find(const std::string& id) const {
  std::shared_lock lock(registry_mutex_);
  auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : found->second;
}

std::vector<WebSocketConnectionPtr> WebSocketManager::connections() const {
  std::shared_lock lock(registry_mutex_);
  std::vector<WebSocketConnectionPtr> all;
  all.reserve(by_id_.size());
  for (const auto& [id, connection] : by_id_) all.push_back(connection);
  return all;
}

std::vector<WebSocketConnectionPtr> WebSocketManager::connections_on(std::string_view path) const {
  std::shared_lock lock(registry_mutex_);
  std::vector<WebSocketConnectionPtr> on_path;
  auto found = by_path_.find(std::string(path));
  if (found == by_path_.end()) return on_path;
  on_path.reserve(found->second.size());
  for (const auto& [id, connection] : found->second) on_path.push_back(connection);
  return on_path;
}

std::size_t WebSocketManager::size() const {
  std::shared_lock lock(registry_mutex_);
  return by_id_.size();
}

SendResult WebSocketManager::send(const std::string& id, Frame frame, FrameKind kind) {
  auto connection = find(id);
  return connection ? connection->send(std::move(frame), kind) : SendResult::dropped;
}

SendResult WebSocketManager::send_text(const std::string& id, std::string text) {
  return send(id, make_frame(std::move(text)), FrameKind::text);
}

SendResult WebSocketManager::send_binary(const std::string& id, std::string bytes) {
  return send(id, make_frame(std::move(bytes)), FrameKind::binary);
}

std::size_t WebSocketManager::queue_on_each(const std::vector<WebSocketConnectionPtr>& recipients,
                                            const Frame& frame, FrameKind kind) {
  std::size_t accepted = 0;
  for (const auto& connection : recipients) {
    if (connection->send(frame, kind) != SendResult::dropped) ++accepted;
  }
  return accepted;
}

std::size_t WebSocketManager::broadcast(std::string_view path, Frame frame, FrameKind kind) {
  return queue_on_each(connections_on(path), frame, kind);
}

std::size_t WebSocketManager::broadcast_if(const Predicate& predicate, Frame frame,
                                           FrameKind kind) {
  std::vector<WebSocketConnectionPtr> matching;
  for (auto& connection : connections()) {
    if (predicate(*connection)) matching.push_back(std::move(connection));
  }
  return queue_on_each(matching, frame, kind);
}

bool WebSocketManager::close(const std::string& id, std::uint16_t code, std::string reason) {
  auto connection = find(id);
  if (!connection) return false;
  connection->close(code, std::move(reason));
  return true;
}

void WebSocketManager::close_all(std::uint16_t code, const std::string& reason) {
  for (const auto& connection : connections()) connection->close(code, reason);
}

}  // namespace quest_live::ws
