# std/web/channels limits and configuration from Quest: a custom path, the per-connection
# event rate limit and max channels per connection, over real sockets.
use "std/test"
use "std/web" as web
use "std/web/channels" as channels

test.module("std/web/channels limits")

test.describe("configure", fun ()
  test.it("rejects unknown options and bad values", fun ()
    test.assert_raises(ValueErr, fun () channels.configure({"nope": 1}) end)
    test.assert_raises(ValueErr, fun () channels.configure({"path": "socket"}) end)
    test.assert_raises(TypeErr, fun () channels.configure({"rate_limit": "fast"}) end)
    test.assert_raises(ValueErr, fun () channels.configure({"max_channels": 0}) end)
    test.assert_raises(ValueErr, fun () channels.configure({"presence_max_window_ms": 0}) end)
    test.assert_raises(TypeErr, fun () channels.configure({"presence_max_window_ms": "1s"}) end)
  end)

  test.it("refuses a presence_max_window_ms below presence_window_ms, naming both", fun ()
    let message = nil
    try
      channels.configure({"presence_window_ms": 50, "presence_max_window_ms": 20})
    catch e
      message = e.message()
    end
    test.assert_eq(message, "channels.configure: presence_max_window_ms (20) must not be below presence_window_ms (50)")
  end)
end)

channels.configure({"path": "/socket", "rate_limit": 20, "rate_burst": 10, "max_channels": 3})

channels.channel("room:*", fun (socket, topic, params)
  socket.on("ping", fun (payload) {"pong": true} end)
end)

let server = web.start()
fun client() channels.test_client(server.ws_url("/socket/websocket")) end

test.describe("limits", fun ()
  test.it("serves the configured path, not /ws", fun ()
    test.assert_eq(channels.endpoint_path(), "/socket")
    let c = client()
    test.assert_eq(c.join("room:1")["status"], "ok")
    c.close()
    test.assert_raises(IOErr, fun () channels.test_client(server.ws_url("/ws/websocket")) end)
  end)

  test.it("refuses a join past max_channels", fun ()
    let c = client()
    test.assert_eq(c.join("room:a")["status"], "ok")
    test.assert_eq(c.join("room:b")["status"], "ok")
    test.assert_eq(c.join("room:c")["status"], "ok")
    let fourth = c.join("room:d")
    test.assert_eq(fourth["status"], "error")
    test.assert_eq(fourth["response"], {"reason": "too many channels joined"})
    c.close()
  end)

  test.it("answers the first event over the rate with an error, then closes 4029", fun ()
    let c = client()
    c.join("room:rate")
    let refs = []
    let i = 0
    while i < 40
      refs.push(c.send_frame("room:rate", "ping"))
      i = i + 1
    end
    let oks = 0
    let limited = nil
    while true
      let m = c.receive(2000)
      if m == nil
        break
      end
      if m["event"] == "phx_reply" and m["payload"]["status"] == "ok"
        oks = oks + 1
      elif m["event"] == "phx_reply"
        limited = m["payload"]["response"]
      end
    end
    # The limit's error reply and the close come from the I/O thread at once; ok replies
    # still queued for the interpreter then find the connection closed, so how many
    # arrive depends on timing (at most the burst).
    test.assert(oks <= 10, "ok replies: " .. oks.str())
    test.assert_eq(limited, {"reason": "rate limit exceeded"})
    test.assert_eq(c.close_code(), 4029)
  end)

  test.it("a well-behaved connection is not limited", fun ()
    let c = client()
    c.join("room:calm")
    let i = 0
    while i < 5
      test.assert_eq(c.push("room:calm", "ping")["status"], "ok")
      i = i + 1
    end
    c.close()
  end)
end)

server.stop()
