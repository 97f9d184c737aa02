# examples/notifications (the seed's NotificationComponent, Use Case 3) with
# lv.test_mount: embedded with lv.live_component, it reads the user from the parent's
# session; a notification pushed from elsewhere raises the badge; toggle and mark_read
# reach the component; POST /notifications refuses bad input and stores nothing then.
use "std/test"
use "std/web" as web
use "std/web/liveview" as lv
use "std/encoding/json" as json
use "examples/notifications/notifications_view" as notifications
use "examples/notifications/notification_component" as notification

test.module("LiveView example: notifications")

fun page(user)
  lv.test_mount(notifications.NotificationsView, {}, {"user_id": user})
end

fun post(fields)
  notifications.handle_push({"method": "POST", "path": "/notifications", "headers": {}, "body": "", "form": fields})
end

test.describe("notifications", fun ()
  test.it("starts empty, then a pushed notification raises the badge of that user only", fun ()
    let ann = page("t-ann")
    let bob = page("t-bob")
    let html = ann.render()
    test.assert_contains(html, "<h1>Notifications for t-ann</h1>")
    test.assert_contains(html, "No notifications")
    test.assert_contains(html, "style=\"display: none\"")
    test.assert(not html.contains("class=\"badge\""))
    notification.push_notification("t-ann", "Build finished")
    web.pump(50)
    html = ann.render()
    test.assert_contains(html, "<span class=\"badge\">1</span>")
    test.assert_contains(html, "<p>Build finished</p>")
    test.assert_contains(html, "class=\"notification unread\"")
    test.assert(not bob.render().contains("Build finished"))
  end)

  test.it("toggle opens the dropdown and mark_read clears the badge, in the component", fun ()
    let view = page("t-cy")
    let pushed = notification.push_notification("t-cy", "Review requested")
    web.pump(50)
    view.click_component("notifications", "toggle")
    test.assert_contains(view.render(), "style=\"display: block\"")
    test.assert_contains(view.render(), "phx-target=\"1\" phx-click=\"mark_read\"", "the component's buttons carry its cid")
    view.click_component("notifications", "mark_read", {"id": pushed["id"]})
    let html = view.render()
    test.assert(not html.contains("class=\"badge\""), html)
    test.assert_contains(html, "class=\"notification \"")
    # The read state was stored: a new page of the same user loads it read.
    test.assert(not page("t-cy").render().contains("class=\"badge\""))
    view.click_component("notifications", "toggle")
    test.assert_contains(view.render(), "style=\"display: none\"")
  end)

  test.it("a page opened later loads the notifications sent before, newest first", fun ()
    notification.push_notification("t-dee", "first")
    notification.push_notification("t-dee", "second")
    let html = page("t-dee").render()
    test.assert_contains(html, "<span class=\"badge\">2</span>")
    test.assert(html.index_of("second") < html.index_of("first"), "newest first")
  end)

  test.it("POST /notifications stores and pushes: 201 with the notification", fun ()
    let view = page("t-eve")
    let response = post({"user_id": "t-eve", "message": "from a request"})
    test.assert_eq(response["status"], 201)
    test.assert_eq(json.parse(response["body"])["message"], "from a request")
    web.pump(50)
    test.assert_contains(view.render(), "from a request")
  end)

  test.it("POST /notifications with bad input is a 400 naming the problem and stores nothing", fun ()
    let view = page("t-fay")
    let cases = [
      [{"user_id": "t-fay"}, "message is required"],
      [{"user_id": "t-fay", "message": "   "}, "message is required"],
      [{"message": "orphan"}, "user_id is required"]
    ]
    for c in cases
      let response = post(c[0])
      test.assert_eq(response["status"], 400)
      test.assert_contains(response["body"], c[1])
    end
    let bad_json = notifications.handle_push({"method": "POST", "path": "/notifications",
      "headers": {"content-type": "application/json"}, "body": "{nope"})
    test.assert_eq(bad_json["status"], 400)
    test.assert_contains(bad_json["body"], "body is not JSON")
    let not_object = notifications.handle_push({"method": "POST", "path": "/notifications",
      "headers": {"content-type": "application/json"}, "body": "[1, 2]"})
    test.assert_eq(not_object["status"], 400)
    test.assert_contains(not_object["body"], "expected a form or a JSON object")
    web.pump(50)
    test.assert_contains(view.render(), "No notifications")
    test.assert_contains(page("t-fay").render(), "No notifications")
  end)
end)
