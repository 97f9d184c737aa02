# The seed's Testing Strategy example (QEP-054), with the two things it leaves open
# filled in: start_test_server() is web.start(); the first case uses an f-string URL,
# the second the seed's "#{server.port}" as written.
use "std/test" as test
use "std/web" as web
use "std/web/ws" as ws

web.websocket("/ws", fun (socket)
  socket.on_message(fun (data)
    socket.send("Echo: " .. data)
  end)
end)

fun start_test_server()
  web.start()
end

test.describe("WebSocket", fun ()
  test.it("accepts connection and echoes messages", fun ()
    # Start test server with WebSocket handler
    let server = start_test_server()

    # Connect client
    let client = ws.test_client(f"ws://localhost:{server.port}/ws")
    client.connect()

    # Send message
    client.send("Hello")

    # Verify response
    let msg = client.receive()
    test.assert_eq(msg, "Echo: Hello")

    client.close()
    server.stop()
  end)
end)

# The seed writes its URL as "ws://localhost:#{server.port}/ws" (Ruby-style); Quest does
# not interpolate it, and ws.test_client takes it to mean the newest web.start() server.
test.describe("WebSocket, the seed's URL as written", fun ()
  test.it("connects to the server just started", fun ()
    let server = start_test_server()
    let client = ws.test_client("ws://localhost:#{server.port}/ws")
    client.connect()
    client.send("Hello")
    test.assert_eq(client.receive(), "Echo: Hello")
    client.close()
    server.stop()
  end)
end)
