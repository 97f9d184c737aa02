# The seed's chat channel (QEP-054 Layer 2) with presence, served with a page that uses
# the official phoenix client (new Socket("/ws")).
#
#   quest serve examples/chat/app.q      then open http://127.0.0.1:3000/
#
# The page is public/index.html; phoenix.js comes from assets/node_modules (installed by
# scripts/setup) at /assets/phoenix.mjs.
use "std/web" as web
use "std/web/channels" as channels
use "std/web/presence" as presence
use "std/time" as time

web.static("/assets", "../../assets/node_modules/phoenix/priv/static")
web.static("/", "public")

# Module-level state: one interpreter serves every socket.
let rooms = {}  # room id -> {"messages": [...], "users": {user_id: username}}

fun room(room_id)
  if rooms.get(room_id) == nil
    rooms[room_id] = {"messages": [], "users": {}}
  end
  rooms[room_id]
end

fun is_authorized(socket, room_id) room_id != "secret" end
fun get_room_messages(room_id) room(room_id)["messages"].slice(-50, room(room_id)["messages"].len()) end
fun get_room_users(room_id) room(room_id)["users"].values() end
fun save_message(room_id, message) room(room_id)["messages"].push(message) end

channels.channel("room:*", fun (socket, topic, params)
  let room_id = topic.split(":")[1]

  socket.on_join(fun (payload)
    if not is_authorized(socket, room_id)
      return {"error": "Unauthorized"}
    end
    if payload.get("user_id") == nil or payload.get("username") == nil
      return {"error": "user_id and username are required"}
    end

    socket.set("user_id", payload["user_id"])
    socket.set("username", payload["username"])
    room(room_id)["users"][payload["user_id"].str()] = payload["username"]

    presence.track(socket, topic, {
      "user_id": payload["user_id"],
      "username": payload["username"],
      "joined_at": time.now().as_millis()
    })

    channels.broadcast(topic, "user_joined", {
      "user_id": payload["user_id"],
      "username": payload["username"]
    })
    # The seed's full-state broadcast (presence_diff is pushed automatically as well).
    channels.broadcast(topic, "presence_state", presence.list(topic))

    {"messages": get_room_messages(room_id), "users": get_room_users(room_id)}
  end)

  socket.on("new_message", fun (payload)
    let message = {
      "user_id": socket.get("user_id"),
      "username": socket.get("username"),
      "message": payload["message"],
      "timestamp": time.now().as_millis()
    }
    save_message(room_id, message)
    channels.broadcast(topic, "new_message", message)
    {"ok": true}
  end)

  socket.on("typing", fun (payload)
    channels.broadcast_from(socket, topic, "user_typing", {"user_id": socket.get("user_id")})
    {"ok": true}
  end)

  socket.on_leave(fun ()
    let r = room(room_id)
    r["users"] = r["users"].remove(socket.get("user_id").str())  # Dict.remove returns a new Dict
    presence.untrack(socket, topic)
    channels.broadcast(topic, "user_left", {"user_id": socket.get("user_id")})
    channels.broadcast(topic, "presence_state", presence.list(topic))
  end)
end)
