# The seed's Testing Strategy example (QEP-054), with the two things it leaves open
# filled in: start_test_server() is web.start(), and the URL uses an f-string (Quest
# has no "#{}" interpolation).
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
