# chat_server in Quest: the twin of examples/native/chat_server.cpp, with the same
# contract, so tests/e2e/channels and bench/channels run against both.
#
#   quest serve examples/chat_server/app.q [--host H] [--port P]
#
# quest.toml next to this file mounts the channel endpoint at /socket (not the default
# /ws), turns the event rate limit off (the saturated fan-out benchmark publishes from
# one connection as fast as it can) and allows 100,000 connections.
#
#   /socket/websocket  Phoenix Channels V2
#     room:*   join needs {"user": non-empty string}, else refused {"reason": ...};
#              presence per user with meta {"online_at": ms since epoch};
#              "new_msg" {"body"} broadcasts "new_msg" {"user", "body"}, replies ok
#     bench:*  same "new_msg"; any join payload; user from it or "anon"; no presence
#   /echo              raw WebSocket echo, text and binary
use "std/web" as web
use "std/web/ws" as ws
use "std/web/channels" as channels
use "std/web/presence" as presence
use "std/time" as time

# One function for every connection (a closure per connection would cost memory).
fun unknown_event(payload) {"error": "unknown event"} end

fun on_new_msg(socket, topic)
  socket.on("new_msg", fun (payload)
    let body = payload.get("body")
    if body == nil or not body.is("Str")
      return {"error": "body must be a string"}
    end
    channels.broadcast(topic, "new_msg", {"user": socket.get("user"), "body": body})
    {}
  end)
  socket.on("*", unknown_event)
end

channels.channel("room:*", fun (socket, topic, params)
  socket.on_join(fun (payload)
    let user = payload.get("user")
    if user == nil or not user.is("Str") or user == ""
      return {"error": "user is required"}
    end
    socket.set("user", user)
    presence.track(socket, topic, {"user_id": user, "online_at": time.now().as_millis()})
    {}
  end)
  on_new_msg(socket, topic)
end)

channels.channel("bench:*", fun (socket, topic, params)
  socket.on_join(fun (payload)
    let user = payload.get("user")
    if user == nil or not user.is("Str") or user == ""
      user = "anon"
    end
    socket.set("user", user)
    {}
  end)
  on_new_msg(socket, topic)
end)

web.websocket("/echo", fun (socket)
  socket.on_message(fun (data)
    if data.is("Bytes")
      socket.send_bytes(data)
    else
      socket.send(data)
    end
  end)
end)
