# std/web/pubsub: function and channel-socket subscribers, broadcast variants, over a
# real in-process server (channels.test_client).
use "std/test"
use "std/web" as web
use "std/web/channels" as channels
use "std/web/pubsub" as pubsub

test.module("std/web/pubsub")

let received = []

channels.channel("room:*", fun (socket, topic, params)
  socket.on_join(fun (payload)
    socket.set("vip", payload.get("vip", false))
    if payload.get("follow") != nil
      pubsub.subscribe(socket, payload["follow"])
    end
    {}
  end)
  socket.on("unfollow", fun (payload) {"ended": pubsub.unsubscribe(socket, payload["topic"])} end)
  socket.on("from", fun (payload)
    pubsub.broadcast_from(socket, topic, "from", {"x": 1})
    {}
  end)
end)

let server = web.start()
fun client() channels.test_client(server.ws_url("/ws/websocket")) end

test.describe("function subscribers", fun ()
  test.it("receive {event, payload, topic}", fun ()
    let id = pubsub.subscribe(fun (m) received.push(m) end, "alerts")
    test.assert_eq(pubsub.test_broadcast("alerts", "fire", {"floor": 3}), 1)
    test.assert_eq(received[received.len() - 1], {"event": "fire", "payload": {"floor": 3}, "topic": "alerts"})
    test.assert_eq(pubsub.unsubscribe(id), 1)
    test.assert_eq(pubsub.test_broadcast("alerts", "fire", {}), 0)
    test.assert_eq(pubsub.unsubscribe(id), 0)
  end)

  test.it("unsubscribe(fn, topic) ends that function's subscription only", fun ()
    let a = []
    let b = []
    let fa = fun (m) a.push(m["event"]) end
    let fb = fun (m) b.push(m["event"]) end
    pubsub.subscribe(fa, "t2")
    pubsub.subscribe(fb, "t2")
    pubsub.test_broadcast("t2", "one")
    test.assert_eq(pubsub.unsubscribe(fa, "t2"), 1)
    pubsub.test_broadcast("t2", "two")
    test.assert_eq(a, ["one"])
    test.assert_eq(b, ["one", "two"])
    pubsub.unsubscribe(fb, "t2")
  end)

  test.it("receive what channel handlers broadcast on a channel topic", fun ()
    let seen = []
    pubsub.subscribe(fun (m) seen.push(m) end, "room:f")
    let c = client()
    c.join("room:f")
    channels.broadcast("room:f", "hello", {"n": 1})
    web.pump(50)
    test.assert_eq(seen.len(), 1)
    test.assert_eq(seen[0]["event"], "hello")
    test.assert_eq(c.expect("hello")["payload"], {"n": 1})
    c.close()
  end)

  test.it("a subscriber that raises does not stop the others", fun ()
    let ok = []
    pubsub.subscribe(fun (m) raise ValueErr.new("subscriber boom") end, "t3")
    pubsub.subscribe(fun (m) ok.push(m["event"]) end, "t3")
    test.assert_eq(pubsub.test_broadcast("t3", "e"), 2)
    test.assert_eq(ok, ["e"])
  end)
end)

test.describe("channel socket subscribers", fun ()
  test.it("get another topic's broadcasts as pushes on their own topic, until unsubscribed", fun ()
    let c = client()
    c.join("room:s1", {"follow": "news"})
    test.assert_eq(pubsub.broadcast("news", "headline", {"title": "t"}), 1)
    let m = c.expect("headline")
    test.assert_eq(m["topic"], "room:s1")
    test.assert_eq(m["payload"], {"title": "t"})
    test.assert_eq(c.push("room:s1", "unfollow", {"topic": "news"})["response"], {"ended": 1})
    test.assert_eq(pubsub.broadcast("news", "headline", {}), 0)
    c.close()
  end)

  test.it("their subscriptions end when they leave", fun ()
    let c = client()
    c.join("room:s2", {"follow": "sports"})
    web.pump(20)
    test.assert_eq(pubsub.broadcast("sports", "goal", {}), 1)
    c.close()
    web.pump(100)
    test.assert_eq(pubsub.broadcast("sports", "goal", {}), 0)
  end)

  test.it("broadcast_from skips the sender's channel", fun ()
    let a = client()
    let b = client()
    a.join("room:s3")
    b.join("room:s3")
    a.push("room:s3", "from")
    test.assert_eq(b.expect("from")["payload"], {"x": 1})
    test.assert_nil(a.expect("from", nil, 200))
    a.close()
    b.close()
  end)
end)

test.describe("broadcast variants", fun ()
  test.it("broadcast_batch sends one frame holding every event", fun ()
    let c = client()
    c.join("room:batch")
    test.assert_eq(pubsub.broadcast_batch("room:batch", [["a", {"n": 1}], {"event": "b", "payload": {"n": 2}}]), 1)
    let m = c.expect("batch")
    test.assert_eq(m["payload"], {"events": [{"event": "a", "payload": {"n": 1}}, {"event": "b", "payload": {"n": 2}}]})
    test.assert_nil(c.receive(100))
    test.assert_raises(TypeErr, fun () pubsub.broadcast_batch("room:batch", [42]) end)
    c.close()
  end)

  test.it("broadcast_if pushes to the sockets the predicate picks", fun ()
    let vip = client()
    let plain = client()
    vip.join("room:if", {"vip": true})
    plain.join("room:if", {"vip": false})
    test.assert_eq(pubsub.broadcast_if("room:if", fun (s) s.get("vip") end, "offer", {"pct": 10}), 1)
    test.assert_eq(vip.expect("offer")["payload"], {"pct": 10})
    test.assert_nil(plain.expect("offer", nil, 200))
    vip.close()
    plain.close()
  end)

  test.it("rejects bad targets and payloads", fun ()
    test.assert_raises(TypeErr, fun () pubsub.subscribe(42, "x") end)
    test.assert_raises(TypeErr, fun () pubsub.broadcast("x", "e", "not a dict") end)
    test.assert_raises(TypeErr, fun () pubsub.broadcast_if("x", 1, "e", {}) end)
    test.assert_eq(pubsub.adapter(), "local")
    test.assert_nil(pubsub.redis_stats())
    test.assert_raises(ValueErr, fun () pubsub.configure({"adapter": "redis"}) end)
  end)
end)

server.stop()
