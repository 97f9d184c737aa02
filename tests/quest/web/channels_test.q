# std/web/channels (QEP-054 Layer 2) against a real in-process server over real
# sockets: channels.test_client speaks Phoenix V2 over ws.test_client.
use "std/test"
use "std/web" as web
use "std/web/channels" as channels

test.module("std/web/channels")

# ---------------------------------------------------------------- channels under test
let left = []        # [topic, user] from on_leave
let setups = []      # [topic, params] seen by the channel function

channels.channel("room:*", fun (socket, topic, params)
  setups.push([topic, params])
  socket.on_join(fun (payload)
    let user = payload.get("user")
    if user == nil
      return {"error": "user is required"}
    end
    if user == "boom"
      raise ValueErr.new("exploded in on_join")
    end
    if user == "dict-refusal"
      return {"error": {"reason": "banned", "until": 42}}
    end
    socket.set("user", user)
    socket.push("welcome", {"hello": user})
    {"messages": ["first"], "topic": topic, "token": params.get("token")}
  end)
  socket.on("new_message", fun (payload)
    channels.broadcast(topic, "new_message", {"user": socket.get("user"), "text": payload["text"]})
    {"status": "sent"}
  end)
  socket.on("typing", fun (payload)
    channels.broadcast_from(socket, topic, "typing", {"user": socket.get("user")})
    nil
  end)
  socket.on("shout", fun (payload)
    socket.broadcast_from("shout", {"text": payload["text"]})
    {}
  end)
  socket.on("whoami", fun (payload)
    {"id": socket.id(), "topic": socket.topic(), "user": socket.get("user"), "missing": socket.get("x", 7)}
  end)
  socket.on("refuse", fun (payload) {"error": "not allowed"} end)
  socket.on("crash", fun (payload) raise RuntimeErr.new("handler exploded") end)
  socket.on("bad_return", fun (payload) 42 end)
  socket.on("push_back", fun (payload)
    socket.push("pushed", {"n": payload["n"]})
    nil
  end)
  socket.on_leave(fun () left.push([topic, socket.get("user")]) end)
end)

# No on_join: every join is accepted with {}; "*" catches every event.
channels.channel("lobby", fun (socket, topic, params)
  socket.on("*", fun (payload) {"echo": payload} end)
end)

# Keeps its socket, to check it after the channel has gone.
let kept = {}
channels.channel("keep:*", fun (socket, topic, params)
  kept["socket"] = socket
  socket.set("v", 1)
end)

# The channel function itself raises.
channels.channel("broken:*", fun (socket, topic, params)
  raise ValueErr.new("setup failed")
end)

let server = web.start()

fun client(params = nil)
  channels.test_client(server.ws_url("/ws/websocket"), params)
end

fun last_left() left[left.len() - 1] end

# ---------------------------------------------------------------- join
test.describe("join", fun ()
  test.it("serves /ws by default and accepts with the on_join reply", fun ()
    test.assert_eq(channels.endpoint_path(), "/ws")
    let c = client({"token": "t1"})
    let reply = c.join("room:lobby", {"user": "ada"})
    test.assert_eq(reply["status"], "ok")
    test.assert_eq(reply["response"], {"messages": ["first"], "topic": "room:lobby", "token": "t1"})
    c.close()
  end)

  test.it("passes connect params (without vsn) and the topic to the channel function", fun ()
    let c = client({"token": "abc", "room": "7"})
    c.join("room:params", {"user": "bob"})
    let seen = setups[setups.len() - 1]
    test.assert_eq(seen[0], "room:params")
    test.assert_eq(seen[1], {"token": "abc", "room": "7"})
    c.close()
  end)

  test.it("delivers a push made during on_join right after the ok reply", fun ()
    let c = client()
    let ref = c.send_frame("room:push", "phx_join", {"user": "cy"}, "9")
    let first = c.receive()
    test.assert_eq(first["event"], "phx_reply")
    test.assert_eq(first["payload"]["status"], "ok")
    let second = c.receive()
    test.assert_eq(second["event"], "welcome")
    test.assert_eq(second["payload"], {"hello": "cy"})
    test.assert_eq(second["join_ref"], "9")
    c.close()
  end)

  test.it("refuses with {reason} when on_join returns {error: reason}", fun ()
    let c = client()
    let reply = c.join("room:1", {})
    test.assert_eq(reply, {"status": "error", "response": {"reason": "user is required"}})
    c.close()
  end)

  test.it("refuses with a Dict reason as given", fun ()
    let c = client()
    let reply = c.join("room:1", {"user": "dict-refusal"})
    test.assert_eq(reply, {"status": "error", "response": {"reason": "banned", "until": 42}})
    c.close()
  end)

  test.it("refuses with a generic reason when on_join raises, and keeps serving", fun ()
    let c = client()
    test.assert_eq(c.join("room:1", {"user": "boom"}), {"status": "error", "response": {"reason": "join crashed"}})
    test.assert_eq(c.join("broken:1", {}), {"status": "error", "response": {"reason": "join crashed"}})
    test.assert_eq(c.join("room:1", {"user": "fine"})["status"], "ok")
    c.close()
  end)

  test.it("accepts with {} when no on_join is registered", fun ()
    let c = client()
    test.assert_eq(c.join("lobby"), {"status": "ok", "response": {}})
    c.close()
  end)

  test.it("refuses topics no channel matches", fun ()
    let c = client()
    test.assert_eq(c.join("nowhere:1")["status"], "error")
    c.close()
  end)
end)

# ---------------------------------------------------------------- events
test.describe("events", fun ()
  test.it("a returned Dict is the ok reply", fun ()
    let c = client()
    c.join("room:ev", {"user": "ada"})
    let reply = c.push("room:ev", "whoami")
    test.assert_eq(reply["status"], "ok")
    test.assert_eq(reply["response"]["topic"], "room:ev")
    test.assert_eq(reply["response"]["user"], "ada")
    test.assert_eq(reply["response"]["missing"], 7)
    test.assert_eq(reply["response"]["id"].len(), 36)
    c.close()
  end)

  test.it("{error: reason} is an error reply", fun ()
    let c = client()
    c.join("room:ev", {"user": "ada"})
    test.assert_eq(c.push("room:ev", "refuse"), {"status": "error", "response": {"reason": "not allowed"}})
    c.close()
  end)

  test.it("nil sends no reply", fun ()
    let c = client()
    c.join("room:ev", {"user": "ada"})
    test.assert_nil(c.push("room:ev", "typing", {}, 300))
    c.close()
  end)

  test.it("an exception is an error reply and the channel carries on", fun ()
    let c = client()
    c.join("room:ev", {"user": "ada"})
    test.assert_eq(c.push("room:ev", "crash"), {"status": "error", "response": {"reason": "internal error"}})
    test.assert_eq(c.push("room:ev", "bad_return")["status"], "error")
    test.assert_eq(c.push("room:ev", "whoami")["status"], "ok")
    c.close()
  end)

  test.it("an event without a handler gets an error reply; '*' catches the rest", fun ()
    let c = client()
    c.join("room:ev", {"user": "ada"})
    test.assert_eq(c.push("room:ev", "no_such_event"), {"status": "error", "response": {"reason": "unknown event"}})
    c.join("lobby")
    test.assert_eq(c.push("lobby", "anything", {"a": [1, 2]}), {"status": "ok", "response": {"echo": {"a": [1, 2]}}})
    c.close()
  end)

  test.it("socket.push reaches only this client, on this topic", fun ()
    let a = client()
    let b = client()
    a.join("room:p", {"user": "a"})
    b.join("room:p", {"user": "b"})
    a.push("room:p", "push_back", {"n": 5}, 200)
    let got = a.expect("pushed", "room:p")
    test.assert_eq(got["payload"], {"n": 5})
    test.assert_nil(b.expect("pushed", nil, 200))
    a.close()
    b.close()
  end)

  test.it("keeps the order of many events on one channel", fun ()
    let c = client()
    c.join("room:order", {"user": "o"})
    let refs = []
    let i = 0
    while i < 30
      refs.push(c.send_frame("room:order", "whoami"))
      i = i + 1
    end
    for ref in refs
      let m = c.expect("phx_reply")
      test.assert_eq(m["ref"], ref)
    end
    c.close()
  end)
end)

# ---------------------------------------------------------------- broadcasts
test.describe("broadcast", fun ()
  test.it("channels.broadcast reaches every member of the topic, sender included", fun ()
    let a = client()
    let b = client()
    let other = client()
    a.join("room:b", {"user": "ada"})
    b.join("room:b", {"user": "bob"})
    other.join("room:elsewhere", {"user": "eve"})
    test.assert_eq(a.push("room:b", "new_message", {"text": "hi"}), {"status": "ok", "response": {"status": "sent"}})
    test.assert_eq(a.expect("new_message")["payload"], {"user": "ada", "text": "hi"})
    let m = b.expect("new_message")
    test.assert_eq(m["payload"], {"user": "ada", "text": "hi"})
    test.assert_eq(m["topic"], "room:b")
    test.assert_nil(other.expect("new_message", nil, 200))
    a.close()
    b.close()
    other.close()
  end)

  test.it("broadcast_from skips the sender", fun ()
    let a = client()
    let b = client()
    a.join("room:t", {"user": "ada"})
    b.join("room:t", {"user": "bob"})
    a.send_frame("room:t", "typing", {})
    test.assert_eq(b.expect("typing")["payload"], {"user": "ada"})
    test.assert_nil(a.expect("typing", nil, 200))
    b.push("room:t", "shout", {"text": "hey"})
    test.assert_eq(a.expect("shout")["payload"], {"text": "hey"})
    test.assert_nil(b.expect("shout", nil, 200))
    a.close()
    b.close()
  end)

  test.it("broadcasts from outside any handler, and counts subscribers", fun ()
    let a = client()
    a.join("room:out", {"user": "ada"})
    test.assert_eq(channels.broadcast("room:out", "notice", {"n": 1}), 1)
    test.assert_eq(a.expect("notice")["payload"], {"n": 1})
    test.assert_eq(channels.broadcast("room:empty", "notice", {}), 0)
    test.assert_raises(TypeErr, fun () channels.broadcast("room:out", "x", [1]) end)
    a.close()
  end)
end)

# ---------------------------------------------------------------- leave
test.describe("leave", fun ()
  test.it("on_leave runs on phx_leave", fun ()
    let c = client()
    c.join("room:l1", {"user": "ada"})
    test.assert_eq(c.leave("room:l1")["status"], "ok")
    web.pump(50)
    test.assert_eq(last_left(), ["room:l1", "ada"])
    c.close()
  end)

  test.it("on_leave runs on disconnect for every joined channel", fun ()
    let before = left.len()
    let c = client()
    c.join("room:d1", {"user": "u1"})
    c.join("room:d2", {"user": "u2"})
    c.close()
    web.pump(100)
    let topics = left.slice(before, left.len()).map(fun (l) l[0] end).sorted()
    test.assert_eq(topics, ["room:d1", "room:d2"])
  end)

  test.it("a left socket's push does nothing and its get gives the default", fun ()
    let c = client()
    c.join("keep:1")
    let socket = kept["socket"]
    test.assert_eq(socket.get("v"), 1)
    test.assert(socket.joined())
    test.assert(socket.push("late", {}))
    test.assert_eq(c.expect("late")["topic"], "keep:1")
    c.close()
    web.pump(100)
    test.assert_false(socket.joined())
    test.assert_false(socket.push("late", {}))
    test.assert_nil(socket.get("v"))
    test.assert_eq(socket.get("v", 2), 2)
    test.assert_eq(channels.connection_count(), 0)
  end)

  test.it("releases every channel's Quest state after many cycles", fun ()
    let before = left.len()
    let i = 0
    while i < 30
      let c = client()
      c.join("room:cycle", {"user": "c" .. i.str()})
      c.close()
      i = i + 1
    end
    web.pump(200)
    test.assert_eq(left.len() - before, 30)
    test.assert_eq(channels.connection_count(), 0)
  end)
end)

# ---------------------------------------------------------------- configuration
test.describe("configuration", fun ()
  test.it("configure raises once the endpoint exists", fun ()
    test.assert_raises(ValueErr, fun () channels.configure({"path": "/socket"}) end)
  end)

  test.it("rejects bad channel declarations", fun ()
    test.assert_raises(TypeErr, fun () channels.channel("x:*", 42) end)
    test.assert_raises(ValueErr, fun () channels.channel("", fun (s, t, p) nil end) end)
  end)
end)

server.stop()
