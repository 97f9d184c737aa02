# The seed's Live Dashboard (Use Case 1) on /dashboard (the view: monitoring_view.q):
# metrics and alerts every 2 s, alerts dismissable.
# Run: quest serve examples/monitoring/app.q  and open http://127.0.0.1:3000/dashboard
use "std/web/liveview" as lv
use "./monitoring_view" as monitoring

lv.mount("/dashboard", monitoring.DashboardView)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/dashboard"}, "body": ""}
end
