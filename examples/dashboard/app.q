# The seed's DashboardView on /dashboard (the view: dashboard_view.q).
# Run: quest serve examples/dashboard/app.q  and open http://127.0.0.1:3000/dashboard
use "std/web/liveview" as lv
use "./dashboard_view" as dashboard

lv.mount("/dashboard", dashboard.DashboardView)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/dashboard"}, "body": ""}
end
