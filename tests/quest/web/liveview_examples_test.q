# The seed's LiveView examples (examples/*/*_view.q, the modules each app.q and the
# showcase mount) driven with lv.test_mount: the same render and diff path as under
# `quest serve`. Chat, editor and notifications have suites of their own
# (liveview_*_example_test.q).
use "std/test"
use "std/web/liveview" as lv
use "std/encoding/json"
use "examples/counter/counter_view" as counter
use "examples/registration/registration_view" as registration
use "examples/dashboard/dashboard_view" as dashboard
use "examples/product_browser/product_browser_view" as browser

test.module("LiveView examples")

test.describe("counter", fun ()
  test.it("increments, decrements and resets", fun ()
    let view = lv.test_mount(counter.CounterView)
    test.assert(view.render().contains("Count: 0"))
    view.click("increment")
    view.click("increment")
    test.assert(view.render().contains("Count: 2"))
    test.assert_eq(json.parse(view.last_diff()), {"0": "2"})
    view.click("decrement")
    test.assert(view.render().contains("Count: 1"))
    view.click("reset")
    test.assert(view.render().contains("Count: 0"))
  end)
end)

test.describe("registration", fun ()
  test.it("shows errors while typing and clears them", fun ()
    let view = lv.test_mount(registration.RegistrationView)
    view.change("validate", {"username": "ab", "email": "nope", "password": "short"})
    let html = view.render()
    test.assert(html.contains("Must be at least 3 characters"))
    test.assert(html.contains("Invalid email"))
    test.assert(html.contains("Must be at least 8 characters"))
    view.change("validate", {"username": "ann", "email": "ann@example.com", "password": "long enough"})
    test.assert(not view.render().contains("class=\"error\""))
  end)

  test.it("redirects after a valid submit and not after an invalid one", fun ()
    let view = lv.test_mount(registration.RegistrationView)
    view.submit("register", {"username": "x", "email": "x", "password": "x"})
    test.assert_nil(view.redirected_to())
    test.assert(view.render().contains("Invalid email"))
    view.submit("register", {"username": "ann", "email": "ann@example.com", "password": "long enough"})
    test.assert_eq(view.redirected_to(), "/dashboard")
    test.assert_contains(lv.test_mount(registration.WelcomeView).render(), "<p>1 registered</p>", "create_user stored the one valid registration")
  end)
end)

test.describe("dashboard", fun ()
  test.it("renders the metrics and refreshes them on the scheduled message", fun ()
    let view = lv.test_mount(dashboard.DashboardView)
    let first = view.render()
    test.assert(first.contains("<h3>CPU</h3>"))
    test.assert(first.contains("Last updated: "))
    view.send_info("refresh")
    test.assert_neq(view.render(), first)
    let diff = json.parse(view.last_diff())
    test.assert(not view.last_diff().contains("<h3>"), "statics are not resent: " .. view.last_diff())
    test.assert(diff.len() > 0)
  end)
end)

test.describe("product browser", fun ()
  test.it("searches in the component and shows the item the parent was told about", fun ()
    let view = lv.test_mount(browser.ProductBrowserView)
    test.assert(view.render().contains("<h1>Product Browser</h1>"))
    view.click_component("search", "search", {"value": "tea"})
    let html = view.render()
    test.assert(html.contains("Green tea"), html)
    test.assert(html.contains("Black tea"))
    test.assert(not html.contains("Coffee"))
    test.assert(html.contains("phx-target=\"1\" phx-click=\"select\""), "component events carry its cid")
    view.click_component("search", "select", {"id": "2"})
    test.assert(view.render().contains("<h2>Black tea</h2>"), view.render())
    test.assert(view.render().contains("$9"))
  end)
end)
