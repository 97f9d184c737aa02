#include "socket_table.hpp"

#include <algorithm>

#include "quest/host.hpp"
#include "web_app.hpp"

namespace quest_bindings {

using quest::Value;

void SocketTable::call_handler(const std::string& id, std::string_view event, const Value& handler,
                               std::span<const Value> args) {
  if (handler.is_nil()) return;
  const Value callee = handler;  // the entry may go while the handler runs
  try {
    vm_.call(callee, args);
  } catch (const quest::QuestError& error) {
    web_log("ws " + id + " " + std::string(event) + " raised: " + quest::format_error(error));
    if (event == "on_error") return;
    SocketEntry* entry = find(id);
    if (!entry || entry->on_error.is_nil()) return;
    const Value message = quest::make_str(error.type() + ": " + error.message());
    call_handler(id, "on_error", entry->on_error, std::span<const Value>(&message, 1));
  } catch (const quest::ExitRequest&) {
    web_log("ws " + id + " " + std::string(event) + " called sys.exit; ignored while serving");
  }
}

void SocketTable::open(const quest_live::ws::WebSocketConnectionPtr& connection, const Value& setup,
                       const std::weak_ptr<SocketTable>& self) {
  const std::string& id = connection->id();
  SocketEntry entry;
  entry.order = next_order_++;
  entry.socket = quest::make_ref<SocketObject>(vm_.native_class("WebSocket"), connection, self);
  entry.metadata = quest::make_dict();
  const Value socket(entry.socket);
  entries_[id] = std::move(entry);
  call_handler(id, "setup", setup, std::span<const Value>(&socket, 1));
  SocketEntry* opened = find(id);
  if (!opened || opened->socket->close_requested || !connection->is_open()) return;
  call_handler(id, "on_open", opened->on_open, {});
}

void SocketTable::message(const std::string& id, std::string data, bool binary) {
  SocketEntry* entry = find(id);
  if (!entry || entry->on_message.is_nil()) return;
  const Value payload = binary ? quest::make_bytes(std::move(data)) : quest::make_str(std::move(data));
  call_handler(id, "on_message", entry->on_message, std::span<const Value>(&payload, 1));
}

void SocketTable::closed(const std::string& id, std::uint16_t code, std::string reason) {
  SocketEntry* entry = find(id);
  if (!entry) return;
  entry->socket->closed = true;
  const Value args[] = {Value::integer(code), quest::make_str(std::move(reason))};
  call_handler(id, "on_close", entry->on_close, args);
  entries_.erase(id);
}

void SocketTable::error(const std::string& id, std::string what) {
  SocketEntry* entry = find(id);
  if (!entry) return;
  web_log("ws " + id + " error: " + what);
  const Value message = quest::make_str(std::move(what));
  call_handler(id, "on_error", entry->on_error, std::span<const Value>(&message, 1));
}

SocketEntry* SocketTable::find(const std::string& id) {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

std::vector<Value> SocketTable::sockets_on(std::string_view path) const {
  std::vector<const SocketEntry*> matching;
  for (const auto& [id, entry] : entries_)
    if (!entry.socket->closed && (path.empty() || entry.socket->connection->path() == path))
      matching.push_back(&entry);
  std::sort(matching.begin(), matching.end(),
            [](const SocketEntry* a, const SocketEntry* b) { return a->order < b->order; });
  std::vector<Value> sockets;
  sockets.reserve(matching.size());
  for (const SocketEntry* entry : matching) sockets.emplace_back(entry->socket);
  return sockets;
}

}  // namespace quest_bindings
