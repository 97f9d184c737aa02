// The Quest side of open WebSocket connections (Layer 1, std/web/ws).
//
// For each connection the engine opened on a routed path, the table holds one entry:
// the socket object Quest code sees, the handlers it registered (on_open, on_message,
// on_close, on_error) and its metadata (socket.get/set: any Quest value). Entries are
// created by the connection's open task and erased by its close task, which releases
// the handler closures with the connection: a closure that captures its socket makes
// no cycle the table keeps alive. The socket object itself holds only the engine's
// connection (thread-safe) and a weak pointer back here, so it may outlive its entry
// (state() is then "closed", get() nil).
//
// Threading: loop thread only. The engine's callbacks post the four events below.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quest/vm.hpp"
#include "quest_live/ws/websocket_connection.hpp"

namespace quest_bindings {

class SocketTable;

// The `socket` a handler receives. Methods are registered by ws_module.cpp.
class SocketObject final : public quest::NativeObject {
 public:
  SocketObject(const quest::NativeClass* cls, quest_live::ws::WebSocketConnectionPtr connection,
               std::weak_ptr<SocketTable> table)
      : NativeObject(cls), connection(std::move(connection)), table(std::move(table)) {}
  std::string to_display() const override { return "<WebSocket " + connection->id() + ">"; }

  const quest_live::ws::WebSocketConnectionPtr connection;
  const std::weak_ptr<SocketTable> table;
  bool close_requested = false;  // socket.close() was called
  bool closed = false;           // the close event has been handled
};

struct SocketEntry {
  std::uint64_t order = 0;  // open order, for get_connections
  quest::Ref<SocketObject> socket;
  quest::Value on_open, on_message, on_close, on_error;
  quest::Value metadata;  // Dict
};

class SocketTable {
 public:
  explicit SocketTable(quest::Vm& vm) : vm_(vm) {}

  // ---- events, in the connection's order ----
  // Creates the entry, runs `setup(socket)` then on_open (unless setup closed it).
  void open(const quest_live::ws::WebSocketConnectionPtr& connection, const quest::Value& setup,
            const std::weak_ptr<SocketTable>& self);
  void message(const std::string& id, std::string data, bool binary);
  // Runs on_close(code, reason) and erases the entry.
  void closed(const std::string& id, std::uint16_t code, std::string reason);
  // An engine-reported problem (protocol error, overflow) for on_error.
  void error(const std::string& id, std::string what);

  SocketEntry* find(const std::string& id);
  // Socket objects open on `path` ("" = every path), in open order.
  std::vector<quest::Value> sockets_on(std::string_view path) const;
  std::size_t size() const { return entries_.size(); }
  // Drops every Quest value (at shutdown, before the Vm goes).
  void clear() { entries_.clear(); }

 private:
  // Calls a handler at a boundary: a Quest error is logged with the connection id and
  // the Quest stack, passed to on_error (unless it came from on_error), and swallowed.
  void call_handler(const std::string& id, std::string_view event, const quest::Value& handler,
                    std::span<const quest::Value> args);

  quest::Vm& vm_;
  std::unordered_map<std::string, SocketEntry> entries_;
  std::uint64_t next_order_ = 0;
};

}  // namespace quest_bindings
