# The seed's authenticated WebSocket (QEP-054, Security Considerations): the handler
# checks the Authorization header and closes with 4401 when it is not valid.
# Run: quest serve examples/auth_ws/app.q
use "std/web" as web
use "std/web/ws" as ws

# Tokens are "Bearer user:<id>" here; a real app verifies a signed token.
fun verify_token(token)
  token != nil and token.startswith("Bearer user:")
end

fun extract_user_id(token)
  token.slice("Bearer user:".len(), token.len())
end

fun process_authenticated_message(user_id, data)
  ws.broadcast("/ws/secure", user_id .. ": " .. data)
end

web.websocket("/ws/secure", fun (socket)
  # Verify token from headers
  let token = socket.headers()["authorization"]

  if not verify_token(token)
    socket.close(4401, "Unauthorized")
    return
  end

  let user_id = extract_user_id(token)
  socket.set("user_id", user_id)
  socket.set("authenticated", true)

  socket.on_message(fun (data)
    # All messages have auth context
    let user_id = socket.get("user_id")
    process_authenticated_message(user_id, data)
  end)
end)

fun handle_request(request)
  {"status": 200, "body": "Connect to /ws/secure with Authorization: Bearer user:<id>"}
end
