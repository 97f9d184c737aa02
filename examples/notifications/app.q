# The seed's NotificationComponent embedded in a page on /notifications?user=ID (the
# views: notifications_view.q, notification_component.q). Push one from another request:
#   curl -d user_id=demo -d message=Hello http://127.0.0.1:3000/notifications
# Run: quest serve examples/notifications/app.q  and open http://127.0.0.1:3000/notifications
use "std/web/liveview" as lv
use "./notifications_view" as notifications

lv.mount("/notifications", notifications.NotificationsView, session: notifications.session_for)

fun handle_request(request)
  if request["method"] == "POST" and request["path"] == "/notifications"
    return notifications.handle_push(request)
  end
  {"status": 302, "headers": {"Location": "/notifications"}, "body": ""}
end
