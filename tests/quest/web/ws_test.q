# std/web/ws (QEP-054 Layer 1) against a real in-process server and real sockets:
# web.start serves the routes declared above it; ws.test_client talks RFC 6455 to it.
use "std/test"
use "std/web" as web
use "std/web/ws" as ws
use "std/encoding/json"

test.module("std/web/ws")

# ---------------------------------------------------------------- routes under test
let closes = []          # [id, code, reason] from on_close
let errors = []          # what on_error received
let setup_ran_first = [] # messages seen with the setup's metadata in place
let last_socket = {"socket": nil}

web.websocket("/ws", fun (socket)
  socket.set("greeting", "Echo: ")
  socket.on_open(fun () socket.send("Welcome!") end)
  socket.on_message(fun (data)
    if data.is("Bytes")
      socket.send_bytes(data)
    else
      socket.send(socket.get("greeting") .. data)
    end
  end)
  socket.on_close(fun (code, reason) closes.push([socket.id(), code, reason]) end)
end)

web.websocket("/meta", fun (socket)
  last_socket["socket"] = socket
  socket.set("profile", {"name": "ada", "tags": [1, 2]})
  socket.on_message(fun (data)
    if data == "info"
      socket.send({"id": socket.id(), "path": socket.path(), "ip": socket.remote_ip(),
        "x_test": socket.headers()["x-test"], "profile": socket.get("profile"),
        "missing": socket.get("missing"), "fallback": socket.get("missing", 7),
        "state": socket.state(), "query": socket.query()})
    elif data == "close-me"
      socket.close(4001, "asked")
      last_socket["state_after_close"] = socket.state()
      last_socket["send_after_close"] = socket.send("too late")
    end
  end)
end)

web.websocket("/chat", fun (socket)
  socket.on_message(fun (data)
    if data.startswith("join:")
      socket.set("room", data.slice(5, data.len()))
      socket.send("joined")
    elif data.startswith("to:")
      let parts = data.split(":")
      socket.send(ws.send_to(parts[1], "direct from " .. socket.id()).str())
    elif data == "me"
      socket.send(socket.id())
    elif data == "ids"
      let ids = []
      for s in ws.get_connections("/chat")
        ids.push(s.id())
      end
      socket.send(ids.join(","))
    elif data.startswith("room:")
      let room = data.slice(5, data.len())
      let n = ws.broadcast_if("/chat", fun (s) s.get("room") == room end, "to " .. room)
      socket.send("sent " .. n.str())
    else
      let n = ws.broadcast("/chat", "all: " .. data)
      socket.send("sent " .. n.str())
    end
  end)
end)

web.websocket("/faulty", fun (socket)
  socket.on_message(fun (data)
    if data == "raise"
      raise ValueErr.new("boom in handler")
    elif data == "spin"
      while true
      end
    end
    socket.send("still here: " .. data)
  end)
  socket.on_error(fun (error)
    errors.push(error)
    socket.send("error: " .. error)
  end)
end)

fun verify_token(token) token == "Bearer good" end

# The seed's /ws/secure: refuses from inside the handler with 4401.
web.websocket("/ws/secure", fun (socket)
  let token = socket.headers()["authorization"]
  if not verify_token(token)
    socket.close(4401, "Unauthorized")
    return
  end
  socket.set("user_id", "u1")
  socket.on_message(fun (data) socket.send(socket.get("user_id") .. ": " .. data) end)
end)

# Refusal before the handshake.
web.websocket("/guarded", fun (socket)
  socket.on_message(fun (data) socket.send("in: " .. data) end)
end, fun (request)
  let key = request["query"].get("key", "")
  if key == "open"
    return true
  elif key == "teapot"
    return {"status": 418, "body": "short and stout", "headers": {"X-Why": "tea"}}
  end
  false
end)

let server = web.start()

fun connect(path, headers = nil)
  let client = ws.test_client(server.ws_url(path), headers)
  client.connect()
  client
end

# The client side sees "open" when the 101 arrives; the server's open event may still
# be queued. Fan-out tests first wait until the server has registered everyone.
fun wait_for_connections(path, count)
  let tries = 0
  while ws.get_connections(path).len() != count and tries < 200
    web.pump(10)
    tries = tries + 1
  end
  test.assert_eq(ws.get_connections(path).len(), count)
end

# Closes the clients and waits until the server has handled every close, so the next
# test's get_connections does not see sockets that are still on their way out.
fun close_all(path, clients)
  for client in clients
    client.close()
  end
  wait_for_connections(path, 0)
end

# Opens and closes `count` connections on /ws (whose handlers capture their socket) and
# waits until the server has handled every close.
fun cycle_connections(count)
  let i = 0
  while i < count
    let client = connect("/ws")
    client.receive()
    client.close()
    i = i + 1
  end
  wait_for_connections("/ws", 0)
  closes.clear()
end

# ---------------------------------------------------------------- echo
test.describe("echo", fun ()
  test.it("greets from on_open and echoes text", fun ()
    let client = connect("/ws")
    test.assert_eq(client.receive(), "Welcome!")
    client.send("Hello")
    test.assert_eq(client.receive(), "Echo: Hello")
    client.close()
  end)

  test.it("echoes binary frames as Bytes", fun ()
    let client = connect("/ws")
    client.receive()
    client.send_bytes(b"\x00\xff\x10")
    let back = client.receive()
    test.assert_eq(back.cls(), "Bytes")
    test.assert_eq(back, b"\x00\xff\x10")
    client.close()
  end)

  test.it("runs the setup function before the first message", fun ()
    let client = connect("/ws")
    client.send("first")
    test.assert_eq(client.receive(), "Welcome!")
    test.assert_eq(client.receive(), "Echo: first")
    client.close()
  end)

  test.it("keeps the order of many messages", fun ()
    let client = connect("/ws")
    client.receive()
    let i = 0
    while i < 50
      client.send("m" .. i.str())
      i = i + 1
    end
    i = 0
    while i < 50
      test.assert_eq(client.receive(), "Echo: m" .. i.str())
      i = i + 1
    end
    client.close()
  end)
end)

# ---------------------------------------------------------------- socket metadata
test.describe("socket object", fun ()
  test.it("exposes id, path, remote_ip, headers, query and any-value metadata", fun ()
    let client = connect("/meta?room=blue&x=a+b", {"X-Test": "yes"})
    client.send("info")
    let info = json.parse(client.receive())
    test.assert_eq(info["id"].len(), 36)
    test.assert_eq(info["path"], "/meta")
    test.assert_eq(info["ip"], "127.0.0.1")
    test.assert_eq(info["x_test"], "yes")
    test.assert_eq(info["profile"], {"name": "ada", "tags": [1, 2]})
    test.assert_nil(info["missing"])
    test.assert_eq(info["fallback"], 7)
    test.assert_eq(info["state"], "open")
    test.assert_eq(info["query"], {"room": "blue", "x": "a b"})
    client.close()
  end)

  test.it("is closing after close() and closed after on_close", fun ()
    let client = connect("/meta")
    wait_for_connections("/meta", 1)
    let socket = last_socket["socket"]
    test.assert_eq(socket.state(), "open")
    client.send("close-me")
    test.assert_nil(client.receive())
    test.assert_eq(last_socket["state_after_close"], "closing")
    test.assert_false(last_socket["send_after_close"])
    test.assert_eq(client.close_code(), 4001)
    test.assert_eq(client.close_reason(), "asked")
    web.pump(20)
    test.assert_eq(socket.state(), "closed")
    test.assert_false(socket.send("late"))
    test.assert_nil(socket.get("profile"))
  end)

  test.it("rejects invalid close codes", fun ()
    let client = connect("/meta")
    wait_for_connections("/meta", 1)
    let socket = last_socket["socket"]
    test.assert_raises(ValueErr, fun () socket.close(1005) end)
    test.assert_raises(ValueErr, fun () socket.close(99999) end)
    client.close()
  end)
end)

# ---------------------------------------------------------------- fan-out
test.describe("broadcast, broadcast_if, send_to, get_connections", fun ()
  test.it("broadcast reaches every connection of the path", fun ()
    let a = connect("/chat")
    let b = connect("/chat")
    let c = connect("/chat")
    wait_for_connections("/chat", 3)
    a.send("hi")
    test.assert_eq(a.receive(), "all: hi")
    test.assert_eq(a.receive(), "sent 3")
    test.assert_eq(b.receive(), "all: hi")
    test.assert_eq(c.receive(), "all: hi")
    close_all("/chat", [a, b, c])
  end)

  test.it("broadcast_if filters with the sockets' metadata", fun ()
    let a = connect("/chat")
    let b = connect("/chat")
    let c = connect("/chat")
    a.send("join:general")
    b.send("join:random")
    c.send("join:general")
    test.assert_eq(a.receive(), "joined")
    test.assert_eq(b.receive(), "joined")
    test.assert_eq(c.receive(), "joined")
    b.send("room:general")
    test.assert_eq(b.receive(), "sent 2")
    test.assert_eq(a.receive(), "to general")
    test.assert_eq(c.receive(), "to general")
    test.assert_nil(b.receive(100))
    close_all("/chat", [a, b, c])
  end)

  test.it("send_to reaches one connection by id; an unknown id gives false", fun ()
    let a = connect("/chat")
    let b = connect("/chat")
    wait_for_connections("/chat", 2)
    a.send("me")
    let a_id = a.receive()
    b.send("me")
    a.send("to:" .. b.receive())
    test.assert_eq(b.receive(), "direct from " .. a_id)
    test.assert_eq(a.receive(), "true")
    test.assert_false(ws.send_to("no-such-id", "x"))
    close_all("/chat", [a, b])
  end)

  # The client sees its 101 before the server has handled the open, so a second client
  # can overtake the first: the test waits for each open before the next connect.
  test.it("get_connections lists open sockets in open order", fun ()
    let a = connect("/chat")
    wait_for_connections("/chat", 1)
    let b = connect("/chat")
    wait_for_connections("/chat", 2)
    a.send("me")
    b.send("me")
    let expected = [a.receive(), b.receive()]
    let ids = ws.get_connections("/chat").map(fun (s) s.id() end)
    test.assert_eq(ids, expected)
    a.send("ids")
    test.assert_eq(a.receive(), ids.join(","))
    b.close()
    wait_for_connections("/chat", 1)
    test.assert_eq(ws.get_connections("/nothing").len(), 0)
    close_all("/chat", [a])
  end)
end)

# ---------------------------------------------------------------- closing
test.describe("on_close", fun ()
  test.it("receives the client's code and reason", fun ()
    let client = connect("/ws")
    client.receive()
    client.close(4000, "done here")
    web.pump(50)
    let last = closes[closes.len() - 1]
    test.assert_eq(last[1], 4000)
    test.assert_eq(last[2], "done here")
  end)

  test.it("releases every connection's Quest state after many cycles", fun ()
    cycle_connections(40)
    test.assert_eq(ws.connection_count(), 0)
  end)

  test.it("frees the handler closures and sockets (live objects stay flat)", fun ()
    cycle_connections(20)
    let before = web.live_objects()
    cycle_connections(200)
    let grown = web.live_objects() - before
    test.assert(grown < 50, "live objects grew by " .. grown.str() .. " over 200 connections")
  end)
end)

# ---------------------------------------------------------------- refusals
test.describe("refusing connections", fun ()
  test.it("closes with 4401 from inside the handler (seed /ws/secure)", fun ()
    let client = connect("/ws/secure", {"Authorization": "Bearer bad"})
    test.assert_nil(client.receive())
    test.assert_eq(client.close_code(), 4401)
    test.assert_eq(client.close_reason(), "Unauthorized")
  end)

  test.it("accepts a good token on /ws/secure", fun ()
    let client = connect("/ws/secure", {"Authorization": "Bearer good"})
    client.send("hello")
    test.assert_eq(client.receive(), "u1: hello")
    client.close()
  end)

  test.it("authorize returning false refuses the handshake with 401", fun ()
    let client = ws.test_client(server.ws_url("/guarded"))
    test.assert_raises(IOErr, fun () client.connect() end)
    test.assert_eq(client.status(), 401)
  end)

  test.it("authorize returning a response dict refuses with its status", fun ()
    let client = ws.test_client(server.ws_url("/guarded?key=teapot"))
    test.assert_raises(IOErr, fun () client.connect() end)
    test.assert_eq(client.status(), 418)
  end)

  test.it("authorize returning true accepts", fun ()
    let client = connect("/guarded?key=open")
    client.send("x")
    test.assert_eq(client.receive(), "in: x")
    client.close()
  end)

  test.it("an unrouted path is refused with 404", fun ()
    let client = ws.test_client(server.ws_url("/nowhere"))
    test.assert_raises(IOErr, fun () client.connect() end)
    test.assert_eq(client.status(), 404)
  end)
end)

# ---------------------------------------------------------------- failures
test.describe("handler failures", fun ()
  test.it("an exception goes to on_error and the socket carries on", fun ()
    let client = connect("/faulty")
    client.send("raise")
    let reported = client.receive()
    test.assert(reported.startswith("error: ValueErr"), reported)
    test.assert_contains(reported, "boom in handler")
    client.send("after")
    test.assert_eq(client.receive(), "still here: after")
    client.close()
  end)

  test.it("a handler stuck in a loop is interrupted and others are still served", fun ()
    web.set_handler_budget(300)
    let stuck = connect("/faulty")
    let other = connect("/ws")
    other.receive()
    stuck.send("spin")
    other.send("meanwhile")
    test.assert_eq(other.receive(), "Echo: meanwhile")
    let reported = stuck.receive()
    test.assert(reported.startswith("error: InterruptErr"), reported)
    stuck.send("again")
    test.assert_eq(stuck.receive(), "still here: again")
    web.set_handler_budget(5000)
    stuck.close()
    other.close()
  end)

  test.it("send rejects values with no wire form", fun ()
    let client = connect("/meta")
    wait_for_connections("/meta", 1)
    let socket = last_socket["socket"]
    test.assert_raises(TypeErr, fun () socket.send(42) end)
    client.close()
  end)
end)

server.stop()
