# examples/monitoring (the seed's Live Dashboard, Use Case 1) with lv.test_mount: tiles
# and alerts from the in-memory database, cpu_class (a component-local function) in the
# template, dismiss_alert dropping one alert, the scheduled refresh re-reading both.
use "std/test"
use "std/web/liveview" as lv
use "std/encoding/json" as json
use "examples/monitoring/monitoring_view" as monitoring

test.module("LiveView example: monitoring (Use Case 1)")

fun alert_ids(view)
  let ids = []
  for a in view.assigns()["alerts"]
    ids.push(a["id"])
  end
  ids
end

test.describe("monitoring dashboard", fun ()
  test.it("renders the four tiles, the CPU class and the open alerts, newest first", fun ()
    let view = lv.test_mount(monitoring.DashboardView)
    let html = view.render()
    for title in ["CPU", "Memory", "Requests/sec", "Active Users"]
      test.assert_contains(html, "<h3>" .. title .. "</h3>")
    end
    let cpu = view.assigns()["cpu"]
    let expected = "normal"
    if cpu > 90
      expected = "critical"
    elif cpu > 70
      expected = "warning"
    end
    test.assert_contains(html, "<div class=\"metric " .. expected .. "\">")
    test.assert_eq(alert_ids(view), ["a1", "a2", "a3"])
    test.assert(not html.contains("All systems operational"))
    view.stop()
  end)

  test.it("dismiss_alert drops that alert only, as a keyed diff without statics", fun ()
    let view = lv.test_mount(monitoring.DashboardView)
    view.click("dismiss_alert", {"id": "a2"})
    test.assert_eq(alert_ids(view), ["a1", "a3"])
    test.assert(not view.render().contains("Disk 85% full"))
    test.assert(not view.last_diff().contains("Dismiss"), "statics are not resent: " .. view.last_diff())
    view.click("dismiss_alert", {"id": "a1"})
    view.click("dismiss_alert", {"id": "a3"})
    test.assert_contains(view.render(), "All systems operational")
    view.stop()
  end)

  test.it("the scheduled refresh re-reads metrics and alerts (the seed never stores a dismissal)", fun ()
    let view = lv.test_mount(monitoring.DashboardView)
    view.click("dismiss_alert", {"id": "a1"})
    let before = view.assigns()["requests_per_sec"]
    view.send_info("refresh")
    test.assert_neq(view.assigns()["requests_per_sec"], before)
    test.assert_eq(alert_ids(view), ["a1", "a2", "a3"])
    test.assert(json.parse(view.last_diff()).len() > 0)
    view.stop()
  end)
end)
