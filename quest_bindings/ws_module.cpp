// _native/ws: Layer 1 of QEP-054 for Quest. The socket object's methods, the module
// functions (send_to, broadcast, broadcast_if, get_connections) and the test client.
// lib/std/web/ws.q is the documented surface over these.
#include "ws_module.hpp"

#include "convert.hpp"
#include "test_clients.hpp"
#include "web_app.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;
using quest_live::FrameKind;
using quest_live::SendResult;

namespace {

constexpr const char* kSocketClass = "WebSocket";
constexpr const char* kClientClass = "WebSocketTestClient";

SocketObject& socket_of(const Args& args, std::string_view fn) {
  return quest::self_native<SocketObject>(args, fn, kSocketClass);
}

// The socket's entry while it is open (nullptr once its close has been handled).
SocketEntry* entry_of(SocketObject& socket) {
  auto table = socket.table.lock();
  return table ? table->find(socket.connection->id()) : nullptr;
}

bool queued(SendResult result) { return result != SendResult::dropped; }

// RFC 6455 7.4: codes an application may send.
void check_close_code(std::int64_t code, std::string_view fn) {
  const bool allowed = code == 1000 || (code >= 1001 && code <= 1003) || (code >= 1007 && code <= 1014) ||
                       (code >= 3000 && code <= 4999);
  if (!allowed) quest::throw_error("ValueErr", std::string(fn) + ": invalid close code " + std::to_string(code));
}

void register_socket_methods(Vm& vm) {
  vm.define_class(kSocketClass, "One WebSocket connection (std/web/ws)");
  const auto method = [&vm](const char* name, int min, int max, quest::NativeFn fn) {
    vm.register_method(kSocketClass, name, std::move(fn), min, max);
  };
  method("id", 0, 0, [](Vm&, const Args& a) { return quest::make_str(socket_of(a, "id").connection->id()); });
  method("path", 0, 0, [](Vm&, const Args& a) { return quest::make_str(socket_of(a, "path").connection->path()); });
  method("remote_ip", 0, 0, [](Vm&, const Args& a) {
    const std::string& address = socket_of(a, "remote_ip").connection->remote_address();
    std::string ip = address.substr(0, address.rfind(':'));
    if (ip.size() >= 2 && ip.front() == '[') ip = ip.substr(1, ip.size() - 2);
    return quest::make_str(ip);
  });
  method("headers", 0, 0, [](Vm&, const Args& a) {
    Value headers = quest::make_dict();
    for (const auto& [name, value] : socket_of(a, "headers").connection->info().headers)
      headers.as_dict().set(name, quest::make_str(value));
    return headers;
  });
  method("query", 0, 0, [](Vm&, const Args& a) { return form_dict(socket_of(a, "query").connection->info().query); });
  method("state", 0, 0, [](Vm&, const Args& a) {
    SocketObject& s = socket_of(a, "state");
    if (s.closed) return quest::make_str("closed");
    if (s.close_requested || !s.connection->is_open()) return quest::make_str("closing");
    return quest::make_str("open");
  });
  method("send", 1, 1, [](Vm& vm, const Args& a) {
    SocketObject& s = socket_of(a, "send");
    FrameKind kind;
    quest_live::Frame frame = message_frame(vm, quest::arg_any(a, 1, "send"), kind, "send");
    return Value::boolean(queued(s.connection->send(std::move(frame), kind)));
  });
  method("send_bytes", 1, 1, [](Vm&, const Args& a) {
    SocketObject& s = socket_of(a, "send_bytes");
    const quest::BytesObj& bytes = quest::arg_bytes(a, 1, "send_bytes");
    return Value::boolean(queued(s.connection->send(quest_live::make_frame(bytes.data), FrameKind::binary)));
  });
  method("close", 0, 2, [](Vm&, const Args& a) {
    SocketObject& s = socket_of(a, "close");
    const std::int64_t code = quest::opt_int(a, 1, "close", 1000);
    std::string reason = quest::opt_str(a, 2, "close", "");
    check_close_code(code, "close");
    if (reason.size() > 123) quest::throw_error("ValueErr", "close: reason longer than 123 bytes");
    s.close_requested = true;
    s.connection->close(static_cast<std::uint16_t>(code), std::move(reason));
    return Value::nil();
  });
  method("get", 1, 2, [](Vm&, const Args& a) {
    SocketObject& s = socket_of(a, "get");
    const std::string& key = quest::arg_str(a, 1, "get");
    SocketEntry* entry = entry_of(s);
    const Value* found = entry ? entry->metadata.as_dict().find(key) : nullptr;
    return found ? *found : a[1];
  });
  method("set", 2, 2, [](Vm&, const Args& a) {
    SocketObject& s = socket_of(a, "set");
    const std::string& key = quest::arg_str(a, 1, "set");
    if (SocketEntry* entry = entry_of(s)) entry->metadata.as_dict().set(key, a[1]);
    return Value::nil();
  });
  // on_open / on_message / on_close / on_error store a handler in the socket's entry.
  const auto handler_setter = [&](const char* name, Value SocketEntry::*slot) {
    method(name, 1, 1, [name, slot](Vm&, const Args& a) {
      SocketObject& s = socket_of(a, name);
      const Value& fn = quest::arg_callable(a, 1, name);
      if (SocketEntry* entry = entry_of(s)) entry->*slot = fn;
      return Value::nil();
    });
  };
  handler_setter("on_open", &SocketEntry::on_open);
  handler_setter("on_message", &SocketEntry::on_message);
  handler_setter("on_close", &SocketEntry::on_close);
  handler_setter("on_error", &SocketEntry::on_error);
  method("str", 0, 0, [](Vm&, const Args& a) { return quest::make_str(socket_of(a, "str").to_display()); });
}

// ---------------------------------------------------------------- test client

class TestClientObject final : public quest::NativeObject {
 public:
  TestClientObject(const quest::NativeClass* cls, std::string url, std::unique_ptr<WebSocketTestClient> client,
                   std::weak_ptr<WebApp> app)
      : NativeObject(cls), url(std::move(url)), client(std::move(client)), app(std::move(app)) {}
  std::string to_display() const override { return "<WebSocketTestClient " + url + ">"; }

  const std::string url;
  const std::unique_ptr<WebSocketTestClient> client;
  const std::weak_ptr<WebApp> app;
};

TestClientObject& client_of(const Args& args, std::string_view fn) {
  return quest::self_native<TestClientObject>(args, fn, kClientClass);
}

// Runs the interpreter loop (so in-process servers answer) until `done` or the timeout.
bool pump_until(TestClientObject& c, std::int64_t timeout_ms, const std::function<bool()>& done) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(std::max<std::int64_t>(0, timeout_ms));
  if (auto app = c.app.lock()) return app->loop().run_until(done, deadline);
  while (!done() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return done();
}

const char* state_name(WebSocketTestClient::State state) {
  switch (state) {
    case WebSocketTestClient::State::idle: return "idle";
    case WebSocketTestClient::State::connecting: return "connecting";
    case WebSocketTestClient::State::open: return "open";
    case WebSocketTestClient::State::closed: return "closed";
    case WebSocketTestClient::State::failed: return "failed";
  }
  return "failed";
}

void require_open(TestClientObject& c, std::string_view fn) {
  if (c.client->state() != WebSocketTestClient::State::open)
    quest::throw_error("IOErr", std::string(fn) + ": test client is " + state_name(c.client->state()) + ", not open");
}

void register_client_methods(Vm& vm) {
  vm.define_class(kClientClass, "A real WebSocket client for tests (ws.test_client)");
  const auto method = [&vm](const char* name, int min, int max, quest::NativeFn fn) {
    vm.register_method(kClientClass, name, std::move(fn), min, max);
  };
  using State = WebSocketTestClient::State;
  method("connect", 0, 1, [](Vm&, const Args& a) {
    TestClientObject& c = client_of(a, "connect");
    c.client->connect();
    pump_until(c, quest::opt_int(a, 1, "connect", 5000), [&] { return c.client->state() != State::connecting; });
    const State state = c.client->state();
    if (state == State::connecting) quest::throw_error("IOErr", "connect: timed out connecting to " + c.url);
    // closed (not failed) means the handshake succeeded and the server has already
    // closed, e.g. a handler refusing with 4401 before this pump saw "open": the
    // connection was made, and close_code() tells the test what happened.
    if (state == State::failed) quest::throw_error("IOErr", "connect: " + c.client->error());
    return a.self();
  });
  method("send", 1, 1, [](Vm& vm, const Args& a) {
    TestClientObject& c = client_of(a, "send");
    require_open(c, "send");
    FrameKind kind;
    quest_live::Frame frame = message_frame(vm, quest::arg_any(a, 1, "send"), kind, "send");
    c.client->send(*frame, kind == FrameKind::binary);
    return Value::nil();
  });
  method("send_bytes", 1, 1, [](Vm&, const Args& a) {
    TestClientObject& c = client_of(a, "send_bytes");
    require_open(c, "send_bytes");
    c.client->send(quest::arg_bytes(a, 1, "send_bytes").data, true);
    return Value::nil();
  });
  method("receive", 0, 1, [](Vm&, const Args& a) {
    TestClientObject& c = client_of(a, "receive");
    pump_until(c, quest::opt_int(a, 1, "receive", 5000), [&] {
      return c.client->has_message() || c.client->state() == State::closed || c.client->state() == State::failed;
    });
    auto message = c.client->pop();
    if (!message) return Value::nil();
    return message->binary ? quest::make_bytes(std::move(message->data)) : quest::make_str(std::move(message->data));
  });
  method("close", 0, 2, [](Vm&, const Args& a) {
    TestClientObject& c = client_of(a, "close");
    const std::int64_t code = quest::opt_int(a, 1, "close", 1000);
    check_close_code(code, "close");
    if (c.client->state() != State::open) return Value::nil();
    c.client->close(static_cast<std::uint16_t>(code), quest::opt_str(a, 2, "close", ""));
    pump_until(c, 5000, [&] { return c.client->state() != State::open; });
    return Value::nil();
  });
  method("state", 0, 0, [](Vm&, const Args& a) { return quest::make_str(state_name(client_of(a, "state").client->state())); });
  method("close_code", 0, 0, [](Vm&, const Args& a) {
    const std::uint16_t code = client_of(a, "close_code").client->close_code();
    return code ? Value::integer(code) : Value::nil();
  });
  method("close_reason", 0, 0, [](Vm&, const Args& a) { return quest::make_str(client_of(a, "close_reason").client->close_reason()); });
  method("status", 0, 0, [](Vm&, const Args& a) {
    const unsigned status = client_of(a, "status").client->handshake_status();
    return status ? Value::integer(status) : Value::nil();
  });
  method("str", 0, 0, [](Vm&, const Args& a) { return quest::make_str(client_of(a, "str").to_display()); });
}

HeaderPairs header_pairs(const Value& v, std::string_view fn) {
  HeaderPairs pairs;
  if (v.is_nil()) return pairs;
  if (!v.is_dict()) quest::throw_error("TypeErr", std::string(fn) + ": headers must be a Dict");
  v.as_dict().for_each([&](const std::string& name, const Value& value) {
    if (!value.is_str()) quest::throw_error("TypeErr", std::string(fn) + ": header '" + name + "' must be Str");
    pairs.emplace_back(name, value.as_str());
  });
  return pairs;
}

// ---------------------------------------------------------------- module functions

void build_ws_module(const std::shared_ptr<WebApp>& app, quest::ModuleBuilder& module) {
  std::weak_ptr<WebApp> weak = app;
  const auto get = [weak] {
    auto shared = weak.lock();
    if (!shared) quest::throw_error("RuntimeErr", "std/web/ws: the web bindings are gone");
    return shared;
  };
  module.doc("Native half of std/web/ws (use std/web/ws instead)");
  module.function("send_to", [get](Vm& vm, const Args& a) {
    auto shared = get();
    SocketEntry* entry = shared->sockets().find(quest::arg_str(a, 1, "send_to"));
    FrameKind kind;
    quest_live::Frame frame = message_frame(vm, quest::arg_any(a, 2, "send_to"), kind, "send_to");
    if (!entry) return Value::boolean(false);
    return Value::boolean(queued(entry->socket->connection->send(std::move(frame), kind)));
  }, 2, 2);
  module.function("broadcast", [get](Vm& vm, const Args& a) {
    auto shared = get();
    const std::string& path = quest::arg_str(a, 1, "broadcast");
    FrameKind kind;
    quest_live::Frame frame = message_frame(vm, quest::arg_any(a, 2, "broadcast"), kind, "broadcast");
    return Value::integer(static_cast<std::int64_t>(shared->broadcast(path, frame, kind)));
  }, 2, 2);
  module.function("broadcast_if", [get](Vm& vm, const Args& a) {
    auto shared = get();
    const std::string& path = quest::arg_str(a, 1, "broadcast_if");
    const Value predicate = quest::arg_callable(a, 2, "broadcast_if");
    FrameKind kind;
    quest_live::Frame frame = message_frame(vm, quest::arg_any(a, 3, "broadcast_if"), kind, "broadcast_if");
    // Snapshot first: the predicate may close sockets or pump the loop.
    std::int64_t sent = 0;
    for (const Value& socket : shared->sockets().sockets_on(path)) {
      if (!vm.truthy(vm.call(predicate, {socket}))) continue;
      auto& object = *socket.native_as<SocketObject>();
      if (queued(object.connection->send(frame, kind))) ++sent;
    }
    return Value::integer(sent);
  }, 3, 3);
  module.function("get_connections", [get](Vm&, const Args& a) {
    auto shared = get();
    return quest::make_array(shared->sockets().sockets_on(quest::opt_str(a, 1, "get_connections", "")));
  }, 0, 1);
  module.function("connection_count", [get](Vm&, const Args& a) {
    return Value::integer(static_cast<std::int64_t>(get()->sockets().size()));
  }, 0, 0);
  module.function("test_client", [get](Vm& vm, const Args& a) {
    auto shared = get();
    const std::string& url = quest::arg_str(a, 1, "test_client");
    std::string error;
    auto parsed = parse_client_url(url, "ws", error);
    if (!parsed) quest::throw_error("ValueErr", "test_client: " + error);
    std::weak_ptr<TaskQueue> queue = shared->loop().queue();
    auto client = std::make_unique<WebSocketTestClient>(std::move(*parsed), header_pairs(a[1], "test_client"), [queue] {
      if (auto q = queue.lock()) q->wake();
    });
    return Value(quest::make_ref<TestClientObject>(vm.native_class(kClientClass), url, std::move(client), shared));
  }, 1, 2);
}

}  // namespace

void install_ws_module(quest::Vm& vm, const std::shared_ptr<WebApp>& app) {
  register_socket_methods(vm);
  register_client_methods(vm);
  vm.register_native_module("_native/ws", [app](Vm&, quest::ModuleBuilder& module) { build_ws_module(app, module); });
}

HeaderPairs header_pairs_from(const quest::Value& headers, std::string_view fn) { return header_pairs(headers, fn); }

}  // namespace quest_bindings
