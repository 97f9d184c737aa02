# examples/showcase/app.q: every LiveView example mounted from the examples' own modules
# (the same view objects, not copies), an index page linking each, and the routes the
# examples need (POST /notifications).
use "std/test"
use "std/web/liveview" as lv
use "std/sys" as sys
use "std/web" as web
use "std/encoding/json" as json
use "examples/counter/counter_view" as counter
use "examples/registration/registration_view" as registration
use "examples/dashboard/dashboard_view" as dashboard
use "examples/monitoring/monitoring_view" as monitoring
use "examples/product_browser/product_browser_view" as browser
use "examples/live_chat/chat_view" as chat
use "examples/editor/editor_view" as editor
use "examples/notifications/notifications_view" as notifications

test.module("LiveView showcase")

let app = sys.load_module("examples/showcase/app.q")

fun get(path)
  app.handle_request({"method": "GET", "path": path, "query": {}, "headers": {}, "body": ""})
end

test.describe("showcase", fun ()
  test.it("mounts each example's own view", fun ()
    let expected = [
      ["/counter", counter.CounterView], ["/register", registration.RegistrationView],
      ["/dashboard", dashboard.DashboardView], ["/monitoring", monitoring.DashboardView],
      ["/products", browser.ProductBrowserView],
      ["/chat/:room_id", chat.ChatView], ["/editor/:doc_id", editor.EditorView],
      ["/notifications", notifications.NotificationsView]
    ]
    for e in expected
      test.assert(lv.mounted(e[0]) == e[1], e[0] .. " is the example module's view")
    end
  end)

  test.it("the index page links every example", fun ()
    let page = get("/")
    test.assert_eq(page["status"], 200)
    for href in ["/counter", "/register", "/dashboard", "/monitoring", "/products", "/chat/lobby", "/editor/notes", "/notifications?user=demo"]
      test.assert_contains(page["body"], "<a href=\"" .. href .. "\">")
    end
    test.assert_eq(get("/nowhere")["status"], 404)
  end)

  test.it("POST /notifications reaches the notifications example", fun ()
    let view = lv.test_mount(lv.mounted("/notifications"), {}, {"user_id": "showcase-user"})
    let response = app.handle_request({"method": "POST", "path": "/notifications", "headers": {},
      "body": "", "form": {"user_id": "showcase-user", "message": "hi from the showcase"}})
    test.assert_eq(response["status"], 201)
    test.assert_eq(json.parse(response["body"])["message"], "hi from the showcase")
    test.assert_eq(app.handle_request({"method": "POST", "path": "/notifications", "headers": {},
      "body": "", "form": {}})["status"], 400)
    web.pump(50)
    test.assert_contains(view.render(), "hi from the showcase")
  end)

  test.it("a valid registration goes to the dashboard the showcase serves", fun ()
    let view = lv.test_mount(lv.mounted("/register"))
    view.submit("register", {"username": "ann", "email": "ann@example.com", "password": "long enough"})
    test.assert_eq(view.redirected_to(), "/dashboard")
    test.assert_contains(lv.test_mount(lv.mounted("/dashboard")).render(), "System Dashboard")
  end)
end)
