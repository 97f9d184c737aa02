# The seed's ChatView (QEP-054 §LiveView with Pub/Sub), as written there: every viewer
# of /chat/:room_id subscribes to "room:<id>"; a sent message is broadcast and reaches
# each viewer's handle_info. The helpers the seed leaves undefined (load_messages,
# save_message, get_username) keep rooms and users in memory. Mounted by app.q here and
# by examples/showcase/app.q.
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub

pub let ChatView = lv.component(fun ()
  let state = {
    "messages": [],
    "users": [],
    "current_message": ""
  }

  fun mount(params, session, socket)
    let room_id = params["room_id"]
    let user_id = session["user_id"]

    # Subscribe to room updates
    pubsub.subscribe(socket, "room:" .. room_id)

    # Load initial data
    socket.assign("messages", load_messages(room_id))
    socket.assign("room_id", room_id)
    socket.assign("user_id", user_id)

    return socket
  end

  fun render(assigns)
    lv.template("""
      <div class="chat">
        <div class="messages">
          <% for msg in messages %>
            <div class="message">
              <strong><%= msg.username %>:</strong>
              <%= msg.text %>
            </div>
          <% end %>
        </div>

        <form phx-submit="send_message">
          <input
            type="text"
            name="message"
            value="<%= current_message %>"
            phx-change="update_message"
            autocomplete="off" />
          <button type="submit">Send</button>
        </form>
      </div>
    """, assigns)
  end

  fun handle_event(event, payload, socket)
    if event == "update_message"
      socket.assign("current_message", payload["message"])

    elif event == "send_message"
      let room_id = socket.get("room_id")
      let user_id = socket.get("user_id")
      let message = socket.get("current_message")

      # Save message
      save_message(room_id, user_id, message)

      # Broadcast to all viewers of this room
      pubsub.broadcast("room:" .. room_id, "new_message", {
        "user_id": user_id,
        "username": get_username(user_id),
        "text": message
      })

      # Clear input
      socket.assign("current_message", "")
    end

    return socket
  end

  fun handle_info(msg, socket)
    # Receive broadcasts from pubsub
    if msg["event"] == "new_message"
      let messages = socket.get("messages")
      messages.push(msg["payload"])
      socket.assign("messages", messages)
    end

    return socket
  end

  return {
    "state": state,
    "mount": mount,
    "render": render,
    "handle_event": handle_event,
    "handle_info": handle_info
  }
end)

# ---------------------------------------------------------------- in-memory data

let rooms = {}     # room id -> [{"user_id", "username", "text"}]
let usernames = {} # user id -> display name
let next_user = {"n": 0}

# A copy: the view pushes broadcast messages onto its own list (handle_info), which must
# not grow the room's history a second time.
fun load_messages(room_id)
  let out = []
  for m in rooms.get(room_id, [])
    out.push({"user_id": m["user_id"], "username": m["username"], "text": m["text"]})
  end
  out
end

fun save_message(room_id, user_id, message)
  if not rooms.contains(room_id)
    rooms[room_id] = []
  end
  rooms[room_id].push({"user_id": user_id, "username": get_username(user_id), "text": message})
end

fun get_username(user_id)
  usernames.get(user_id, user_id)
end

# lv.mount's session function: each page load is a new user, named by ?name=... or
# "Guest N". The session is signed into the page, so the join sees the same user.
pub fun session_for(request)
  next_user["n"] = next_user["n"] + 1
  let user_id = "user-" .. next_user["n"].str()
  let name = request.get("query", {}).get("name", "")
  if name == nil or name == ""
    name = "Guest " .. next_user["n"].str()
  end
  usernames[user_id] = name
  {"user_id": user_id}
end

# A user for tests (lv.test_mount takes the session as it is).
pub fun register_user(user_id, name)
  usernames[user_id] = name
  {"user_id": user_id}
end
