# The seed's collaborative editor (QEP-054 Use Case 2), as written there: every viewer
# of /editor/:doc_id subscribes to "doc:<id>"; an edit is broadcast and replaces the
# content of the other viewers; joining viewers are announced. The helpers the seed
# leaves undefined (load_document, save_document, generate_color) keep documents in
# memory. Mounted by app.q here and by examples/showcase/app.q.
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub

pub let EditorView = lv.component(fun ()
  let state = {
    "content": "",
    "cursors": {},
    "doc_id": nil,
    "user_id": nil
  }

  fun mount(params, session, socket)
    let doc_id = params["doc_id"]
    let user_id = session["user_id"]

    # Load document
    let doc = load_document(doc_id)
    socket.assign("content", doc["content"])
    socket.assign("doc_id", doc_id)
    socket.assign("user_id", user_id)

    # Subscribe to document updates
    pubsub.subscribe(socket, "doc:" .. doc_id)

    # Announce presence
    pubsub.broadcast("doc:" .. doc_id, "user_joined", {
      "user_id": user_id,
      "username": session["username"]
    })

    return socket
  end

  fun render(assigns)
    lv.template("""
      <div class="editor">
        <div class="toolbar">
          <h2>Document <%= doc_id %></h2>
          <div class="users">
            <% for user_id, cursor in cursors %>
              <span class="user" style="color: <%= cursor.color %>">
                <%= cursor.username %>
              </span>
            <% end %>
          </div>
        </div>

        <div class="editor-area">
          <textarea
            phx-change="update_content"
            phx-hook="Editor"
            phx-debounce="100"
          ><%= content %></textarea>
        </div>
      </div>
    """, assigns)
  end

  fun handle_event(event, payload, socket)
    if event == "update_content"
      let content = payload["value"]
      let cursor = payload["cursor"]

      # Save to DB (debounced in real impl)
      save_document(socket.get("doc_id"), content)

      # Broadcast change to other users
      pubsub.broadcast("doc:" .. socket.get("doc_id"), "content_updated", {
        "user_id": socket.get("user_id"),
        "content": content,
        "cursor": cursor
      })

      socket.assign("content", content)
    end

    return socket
  end

  fun handle_info(msg, socket)
    let event = msg["event"]

    if event == "content_updated"
      let payload = msg["payload"]

      # Don't update if it's our own change
      if payload["user_id"] != socket.get("user_id")
        socket.assign("content", payload["content"])

        # Update cursor position
        let cursors = socket.get("cursors")
        cursors[payload["user_id"]] = payload["cursor"]
        socket.assign("cursors", cursors)
      end

    elif event == "user_joined"
      let payload = msg["payload"]
      let cursors = socket.get("cursors")
      cursors[payload["user_id"]] = {
        "username": payload["username"],
        "color": generate_color(payload["user_id"])
      }
      socket.assign("cursors", cursors)

    elif event == "user_left"
      let payload = msg["payload"]
      let cursors = socket.get("cursors")
      cursors = cursors.remove(payload["user_id"])
      socket.assign("cursors", cursors)
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

let documents = {}  # doc id -> {"content"}
let next_user = {"n": 0}
let colors = ["#d1495b", "#00798c", "#edae49", "#66a182", "#2e4057", "#8d96a3"]

fun load_document(doc_id)
  if not documents.contains(doc_id)
    documents[doc_id] = {"content": ""}
  end
  {"content": documents[doc_id]["content"]}
end

fun save_document(doc_id, content)
  documents[doc_id] = {"content": content}
end

# The same colour for a user on every screen: picked by the user id's characters.
fun generate_color(user_id)
  let sum = 0
  for b in user_id.str().bytes()
    sum = sum + b
  end
  colors[sum % colors.len()]
end

# lv.mount's session function: each page load is a new user, named by ?name=... or
# "Writer N" (the seed reads session["user_id"] and session["username"]).
pub fun session_for(request)
  next_user["n"] = next_user["n"] + 1
  let name = request.get("query", {}).get("name", "")
  if name == nil or name == ""
    name = "Writer " .. next_user["n"].str()
  end
  {"user_id": "writer-" .. next_user["n"].str(), "username": name}
end
