# Every LiveView example in one app, with an index page on / linking them: the views
# come from the examples' own modules (nothing copied). `make serve` runs this.
# Run: quest serve examples/showcase/app.q  and open http://127.0.0.1:3000/
use "std/web/liveview" as lv
use "../counter/counter_view" as counter
use "../registration/registration_view" as registration
use "../dashboard/dashboard_view" as dashboard
use "../monitoring/monitoring_view" as monitoring
use "../product_browser/product_browser_view" as browser
use "../live_chat/chat_view" as chat
use "../editor/editor_view" as editor
use "../notifications/notifications_view" as notifications

lv.layout(title: "Quest Live showcase", head: "<style>" ..
  "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}" ..
  ".error{color:#b00020;margin-left:.5rem}textarea{width:100%;min-height:12rem}" ..
  ".metric,.alert,.notification{display:inline-block;margin:.25rem;padding:.5rem;border:1px solid #ccc}" ..
  ".unread{font-weight:bold}.badge{background:#b00020;color:#fff;border-radius:1rem;padding:0 .4rem}" ..
  "</style>\n")

lv.mount("/counter", counter.CounterView)
lv.mount("/register", registration.RegistrationView)
# The seed's RegistrationView redirects to /dashboard: here that is the metrics dashboard.
lv.mount("/dashboard", dashboard.DashboardView)
# Use Case 1 mounts at /dashboard in the seed too; here it takes /monitoring.
lv.mount("/monitoring", monitoring.DashboardView)
lv.mount("/products", browser.ProductBrowserView)
lv.mount("/chat/:room_id", chat.ChatView, session: chat.session_for)
lv.mount("/editor/:doc_id", editor.EditorView, session: editor.session_for)
lv.mount("/notifications", notifications.NotificationsView, session: notifications.session_for)

# path, title, what it shows (the index page's list, in the seed's order).
let pages = [
  ["/counter", "Counter", "the seed's CounterView: clicks and small diffs"],
  ["/register", "Registration", "live validation while typing (debounced), redirect on a valid submit"],
  ["/dashboard", "Dashboard", "metrics refreshed by lv.schedule every 5 s"],
  ["/monitoring", "Live dashboard (Use Case 1)", "metrics and dismissable alerts every 2 s"],
  ["/products", "Product browser", "a search component telling its parent what was picked"],
  ["/chat/lobby", "Chat", "pub/sub across viewers: open the room in two windows"],
  ["/editor/notes", "Collaborative editor", "one document, several writers"],
  ["/notifications?user=demo", "Notifications", "a component fed by POST /notifications from any other request"]
]

fun index_page()
  let items = ""
  for p in pages
    items = items .. "<li><a href=\"" .. p[0] .. "\">" .. p[1] .. "</a>: " .. p[2] .. "</li>\n"
  end
  "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" ..
    "<title>Quest Live showcase</title>\n</head>\n<body>\n<h1>Quest Live showcase</h1>\n" ..
    "<p>The LiveView examples of QEP-054, each served from its own module.</p>\n" ..
    "<ul class=\"examples\">\n" .. items .. "</ul>\n" ..
    "<p>Push a notification: <code>curl -d user_id=demo -d message=Hello " ..
    "http://HOST:PORT/notifications</code></p>\n</body>\n</html>\n"
end

# pub: the showcase suite calls it without a server.
pub fun handle_request(request)
  if request["method"] == "POST" and request["path"] == "/notifications"
    return notifications.handle_push(request)
  end
  if request["method"] == "GET" and (request["path"] == "/" or request["path"] == "/index.html")
    return {"status": 200, "headers": {"Content-Type": "text/html; charset=utf-8"}, "body": index_page()}
  end
  {"status": 404, "headers": {"Content-Type": "text/plain; charset=utf-8"}, "body": "Not found\n"}
end
