# The seed's NotificationComponent (QEP-054 Use Case 3): a bell with an unread badge and
# a dropdown, subscribed to "user:<id>:notifications"; embedded in any LiveView with
# lv.live_component(NotificationComponent, id: "notifications"). As written in the seed
# but for two fixes it needs to run at all (qep/liveview.md, Examples): `open` is in the
# initial state (the template reads it before the first toggle) and the prepend is
# `[notif].concat(notifs)` (`..` joins strings in Quest). The helpers the seed leaves
# undefined keep notifications in memory; push_notification is what another request
# calls (app.q's POST /notifications).
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub
use "std/time" as time

pub let NotificationComponent = lv.component(fun ()
  let state = {
    "notifications": [],
    "unread_count": 0,
    "open": false
  }

  fun mount(params, session, socket)
    let user_id = session["user_id"]

    # Subscribe to user's notification channel
    pubsub.subscribe(socket, "user:" .. user_id .. ":notifications")

    # Load recent notifications
    let notifs = load_notifications(user_id)
    socket.assign("notifications", notifs)
    socket.assign("unread_count", count_unread(notifs))

    return socket
  end

  fun render(assigns)
    lv.template("""
      <div class="notifications">
        <button phx-click="toggle" class="notification-bell">
          🔔
          <% if unread_count > 0 %>
            <span class="badge"><%= unread_count %></span>
          <% end %>
        </button>

        <div class="notification-dropdown" style="display: <%= open ? 'block' : 'none' %>">
          <% if notifications.empty() %>
            <p>No notifications</p>
          <% else %>
            <% for notif in notifications %>
              <div class="notification <%= notif.read ? '' : 'unread' %>">
                <p><%= notif.message %></p>
                <span class="time"><%= format_time(notif.created_at) %></span>
                <button phx-click="mark_read" phx-value-id="<%= notif.id %>">
                  Mark read
                </button>
              </div>
            <% end %>
          <% end %>
        </div>
      </div>
    """, assigns)
  end

  fun handle_event(event, payload, socket)
    if event == "toggle"
      socket.assign("open", not socket.get("open"))

    elif event == "mark_read"
      let notif_id = payload["id"]
      mark_notification_read(notif_id)

      let notifs = socket.get("notifications")
      notifs = notifs.map(fun (n)
        if n["id"] == notif_id
          n["read"] = true
        end
        n
      end)

      socket.assign("notifications", notifs)
      socket.assign("unread_count", count_unread(notifs))
    end

    return socket
  end

  fun handle_info(msg, socket)
    if msg["event"] == "new_notification"
      let notif = msg["payload"]
      let notifs = socket.get("notifications")
      notifs = [notif].concat(notifs)  # Prepend
      socket.assign("notifications", notifs)
      socket.assign("unread_count", socket.get("unread_count") + 1)
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

let inbox = {}    # user id -> [notification], newest first
let by_id = {}    # notification id -> notification
let next_id = {"n": 0}

# Copies: a view marks its own list read (mark_read) and the store is updated by
# mark_notification_read, not through the view's Dicts.
fun load_notifications(user_id)
  let out = []
  for n in inbox.get(user_id, [])
    out.push({"id": n["id"], "message": n["message"], "read": n["read"], "created_at": n["created_at"]})
  end
  out
end

fun count_unread(notifs)
  let count = 0
  for n in notifs
    if not n["read"]
      count = count + 1
    end
  end
  count
end

fun mark_notification_read(notif_id)
  let n = by_id.get(notif_id, nil)
  if n != nil
    n["read"] = true
  end
end

# created_at is "YYYY-MM-DD HH:MM:SS" (it travels through pub/sub as JSON); shown as HH:MM.
fun format_time(created_at)
  created_at.slice(11, 16)
end

# Stores a notification for `user_id` and broadcasts it to that user's open views;
# returns it. Raises ArgErr for an empty user id or message.
pub fun push_notification(user_id, message)
  if user_id == nil or user_id.str().trim() == ""
    raise ArgErr.new("push_notification: user_id is required")
  end
  if message == nil or message.str().trim() == ""
    raise ArgErr.new("push_notification: message is required")
  end
  next_id["n"] = next_id["n"] + 1
  let notif = {
    "id": "n" .. next_id["n"].str(), "message": message.str(), "read": false,
    "created_at": time.now().format("%Y-%m-%d %H:%M:%S")
  }
  if not inbox.contains(user_id)
    inbox[user_id] = []
  end
  inbox[user_id] = [notif].concat(inbox[user_id])
  by_id[notif["id"]] = notif
  pubsub.broadcast("user:" .. user_id .. ":notifications", "new_notification", notif)
  notif
end
