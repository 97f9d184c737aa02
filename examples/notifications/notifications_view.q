# A page embedding the seed's NotificationComponent (QEP-054 Use Case 3 says it "can be
# embedded in any LiveView"): /notifications?user=ID shows that user's bell. The user id
# comes from the query string here (there are no logins in the examples); the component
# reads it from the session, as the seed does.
use "std/web/liveview" as lv
use "std/encoding/json" as json
use "./notification_component" as notification

pub let NotificationsView = lv.component(fun ()
  fun render(assigns)
    lv.template("""
      <div class="inbox">
        <h1>Notifications for <%= user_id %></h1>
        <%= lv.live_component(notification.NotificationComponent, id: "notifications") %>
        <p class="hint">POST /notifications with user_id and message pushes one here.</p>
      </div>
    """, assigns)
  end
  fun mount(params, session, socket)
    socket.assign("user_id", session["user_id"])
  end
  return {"state": {"user_id": ""}, "render": render, "mount": mount}
end)

# lv.mount's session function: the user of ?user=..., "demo" when absent.
pub fun session_for(request)
  let user = request.get("query", {}).get("user", "")
  if user == nil or user == ""
    user = "demo"
  end
  {"user_id": user}
end

# POST /notifications (form or JSON: user_id, message) from any other request: stores
# the notification and pushes it to the user's open pages. 201 with the notification,
# 400 naming what is missing or malformed.
pub fun handle_push(request)
  let fields = request.get("form", nil)
  let content_type = request["headers"].get("content-type", "")
  if content_type.startswith("application/json")
    try
      fields = json.parse(request["body"])
    catch e
      return bad_request("body is not JSON: " .. e.str())
    end
  end
  if fields == nil or not fields.is("Dict")
    return bad_request("expected a form or a JSON object with user_id and message")
  end
  try
    let notif = notification.push_notification(fields.get("user_id", nil), fields.get("message", nil))
    return {"status": 201, "headers": {"Content-Type": "application/json"}, "body": json.stringify(notif)}
  catch e: ArgErr
    return bad_request(e.message())
  end
end

fun bad_request(text)
  {"status": 400, "headers": {"Content-Type": "text/plain; charset=utf-8"}, "body": text .. "\n"}
end
