# std/web/liveview from Quest: views mounted in-process with lv.test_mount, through the
# same render and diff path as the server (native/live ViewRenderer over the Quest
# evaluator). The diffs checked are the JSON the browser would receive.
use "std/test"
use "std/web/liveview" as lv
use "std/encoding/json"

test.module("std/web/liveview")

let CounterView = lv.component(fun ()
  let state = {"count": 0}
  fun render(assigns)
    lv.template("""
      <div>
        <h1>Count: <%= count %></h1>
        <button phx-click="increment">+</button>
      </div>
    """, assigns)
  end
  fun handle_event(event, payload, socket)
    if event == "increment"
      socket.assign("count", socket.get("count") + 1)
    elif event == "reset"
      socket.assign("count", 0)
    elif event == "boom"
      socket.assign("count", 999)
      raise ValueErr.new("handler failed on purpose")
    end
    return socket
  end
  return {"state": state, "render": render, "handle_event": handle_event}
end)

test.describe("CounterView (the seed's test)", fun ()
  test.it("increments count on button click", fun ()
    let view = lv.test_mount(CounterView)
    let html = view.render()
    test.assert(html.contains("Count: 0"))
    view.click("increment")
    # The seed writes `let html` again here; Quest refuses a second `let` in one scope.
    html = view.render()
    test.assert(html.contains("Count: 1"))
  end)

  test.it("sends only the changed slot after a click", fun ()
    let view = lv.test_mount(CounterView)
    test.assert(view.last_diff().contains("\"s\":"), "the join carries statics")
    view.click("increment")
    test.assert_eq(json.parse(view.last_diff()), {"0": "1"})
    view.click("nothing-known")
    test.assert_eq(view.last_diff(), "{}")
  end)

  test.it("each instance has its own state", fun ()
    let a = lv.test_mount(CounterView)
    let b = lv.test_mount(CounterView)
    a.click("increment")
    a.click("increment")
    test.assert_eq(a.assigns()["count"], 2)
    test.assert_eq(b.assigns()["count"], 0)
  end)

  test.it("an exception in handle_event keeps the assigns from before it", fun ()
    let view = lv.test_mount(CounterView)
    view.click("increment")
    view.click("boom")
    test.assert_eq(view.assigns()["count"], 1)
    test.assert_eq(view.last_diff(), "{}")
    view.click("increment")
    test.assert(view.render().contains("Count: 2"), "the view keeps running")
  end)
end)

# Template expressions: the component's own scope, dict dot access, ternary, loops.
let ScopeView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<p class="<%= level_class(cpu) %>"><%= user.name %>|<%= user.missing %>|<%= cpu > 50 ? "hot" : "ok" %>|<%= later() %></p><% for k, v in tags %>[<%= k %>=<%= v %>]<% end %><% for x in items %><i><%= x %></i><% end %><%= html %>|<%== html %>""", assigns)
  end
  fun level_class(value)
    if value > 80
      return "critical"
    end
    "normal"
  end
  fun later() "declared-after-render" end
  fun handle_event(event, payload, socket)
    if event == "load"
      socket.assign("cpu", 95)
    elif event == "add"
      let items = socket.get("items")
      items.push(payload["value"])
      socket.assign("items", items)
    end
    socket
  end
  {
    "state": {"cpu": 10, "user": {"name": "Ada"}, "tags": {"a": 1, "b": 2}, "items": ["x"], "html": "<b>&</b>"},
    "render": render, "handle_event": handle_event
  }
end)

test.describe("template expressions", fun ()
  test.it("see the component's local functions, even those declared later", fun ()
    let html = lv.test_mount(ScopeView).render()
    test.assert(html.contains("class=\"normal\""), html)
    test.assert(html.contains("declared-after-render"), html)
  end)

  test.it("read dict keys with a dot (nil when missing) and take c ? a : b", fun ()
    let view = lv.test_mount(ScopeView)
    test.assert(view.render().contains("Ada||ok|"), view.render())
    view.click("load")
    test.assert(view.render().contains("class=\"critical\""))
    test.assert(view.render().contains("Ada||hot|"))
  end)

  test.it("loop over dicts and arrays; escape <%= %> but not <%== %>", fun ()
    let view = lv.test_mount(ScopeView)
    let html = view.render()
    test.assert(html.contains("[a=1][b=2]"), html)
    test.assert(html.contains("&lt;b&gt;&amp;&lt;/b&gt;|<b>&</b>"), html)
    view.click("add", {"value": "y"})
    test.assert(view.render().contains("<i>x</i><i>y</i>"))
  end)

  test.it("a state array mutated in place by one view is not seen by another", fun ()
    let a = lv.test_mount(ScopeView)
    a.click("add", {"value": "only-a"})
    let b = lv.test_mount(ScopeView)
    test.assert(not b.render().contains("only-a"))
  end)

  test.it("template errors point to the template line and column", fun ()
    let Broken = lv.component(fun ()
      fun render(assigns)
        lv.template("<p>\n  <%= nope_not_defined %></p>", assigns)
      end
      {"render": render}
    end)
    let message = ""
    try
      lv.test_mount(Broken)
    catch e
      message = e.message()
    end
    test.assert(message.contains("template:2:"), message)
    test.assert(message.contains("nope_not_defined"), message)
  end)

  test.it("an unbalanced template is a SyntaxErr", fun ()
    let Unbalanced = lv.component(fun ()
      fun render(assigns) lv.template("<% if x %>never closed", assigns) end
      {"render": render, "state": {"x": true}}
    end)
    test.assert_raises(SyntaxErr, fun () lv.test_mount(Unbalanced) end)
  end)

  test.it("lv.component refuses what it cannot mount", fun ()
    test.assert_raises(TypeErr, fun () lv.test_mount({"render": nil}) end)
    let NoRender = lv.component(fun () {"state": {}} end)
    test.assert_raises(TypeErr, fun () lv.test_mount(NoRender) end)
  end)
end)

# Forms, redirect, push_event, mount params and session.
let RegistrationView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<form phx-submit="register" phx-change="validate"><input name="username" value="<%= username %>"/><% if errors.username %><span class="error"><%= errors.username %></span><% end %></form><p><%= greeting %></p>""", assigns)
  end
  fun mount(params, session, socket)
    socket.assign("greeting", "hi " .. params.get("who", "?") .. " #" .. session.get("user_id", 0).str())
  end
  fun handle_event(event, payload, socket)
    let errors = {}
    if payload["username"].len() < 3
      errors["username"] = "Must be at least 3 characters"
    end
    if event == "validate"
      socket.assign("username", payload["username"])
      socket.assign("errors", errors)
    elif event == "register"
      if errors.empty()
        socket.push_event("registered", {"name": payload["username"]})
        socket.redirect("/dashboard")
      else
        socket.assign("errors", errors)
      end
    end
    socket
  end
  {"state": {"username": "", "errors": {}, "greeting": ""}, "render": render, "mount": mount, "handle_event": handle_event}
end)

test.describe("forms", fun ()
  test.it("mount receives params and session", fun ()
    let view = lv.test_mount(RegistrationView, {"who": "ann"}, {"user_id": 7})
    test.assert(view.render().contains("hi ann #7"), view.render())
  end)

  test.it("validation errors appear and clear", fun ()
    let view = lv.test_mount(RegistrationView)
    view.change("validate", {"username": "ab"})
    test.assert(view.render().contains("Must be at least 3 characters"))
    view.change("validate", {"username": "abc"})
    test.assert(not view.render().contains("class=\"error\""))
    test.assert(view.render().contains("value=\"abc\""))
  end)

  test.it("a valid submit redirects", fun ()
    let view = lv.test_mount(RegistrationView)
    view.submit("register", {"username": "ann"})
    test.assert_eq(view.redirected_to(), "/dashboard")
  end)
end)

# handle_info, lv.send, live components.
let SearchComponent = lv.component(fun ()
  fun render(assigns)
    lv.template("""<div class="search"><input phx-keyup="search" value="<%= query %>"/><% for r in results %><a phx-click="pick" phx-value-name="<%= r %>"><%= r %></a><% end %></div>""", assigns)
  end
  fun handle_event(event, payload, socket)
    if event == "search"
      socket.assign("query", payload["value"])
      let found = []
      for name in ["apple", "apricot", "banana"]
        if name.startswith(payload["value"])
          found.push(name)
        end
      end
      socket.assign("results", found)
    elif event == "pick"
      lv.send(socket.parent(), "item_selected", {"name": payload["name"]})
    end
    socket
  end
  {"state": {"query": "", "results": []}, "render": render, "handle_event": handle_event}
end)

let BrowserView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<main><%= lv.live_component(SearchComponent, id: "search") %><p>Selected: <%= selected %></p></main>""", assigns)
  end
  fun handle_info(msg, socket)
    if msg.is("Dict") and msg.get("event", nil) == "item_selected"
      socket.assign("selected", msg["payload"]["name"])
    elif msg == "tick"
      socket.assign("selected", "tick")
    end
    socket
  end
  {"state": {"selected": "none"}, "render": render, "handle_info": handle_info}
end)

test.describe("components and messages", fun ()
  test.it("a live component renders into c and gets its own events", fun ()
    let view = lv.test_mount(BrowserView)
    let joined = json.parse(view.last_diff())
    test.assert(joined.contains("c"), view.last_diff())
    test.assert(view.render().contains("class=\"search\""))
    # Events from the component's elements carry its cid (no phx-target in its source).
    test.assert(view.render().contains("<input phx-target=\"1\" phx-keyup=\"search\""), view.render())
    view.click_component("search", "search", {"key": "p", "value": "ap"})
    test.assert(view.render().contains(">apple</a>"), view.render())
    test.assert(view.render().contains(">apricot</a>"))
    test.assert(not view.render().contains(">banana</a>"))
    test.assert(json.parse(view.last_diff()).contains("c"), view.last_diff())
  end)

  test.it("a component reaches its parent with lv.send(socket.parent(), ...)", fun ()
    let view = lv.test_mount(BrowserView)
    view.click_component("search", "search", {"value": "ban"})
    view.click_component("search", "pick", {"name": "banana"})
    test.assert(view.render().contains("Selected: banana"), view.render())
  end)

  test.it("send_info reaches handle_info", fun ()
    let view = lv.test_mount(BrowserView)
    view.send_info("tick")
    test.assert(view.render().contains("Selected: tick"))
  end)
end)

test.describe("handle_params, push_patch and push_navigate (test views)", fun ()
  let PagedView = lv.component(fun ()
    fun render(assigns) lv.template("<p>page=<%= page %></p>", assigns) end
    fun handle_params(params, uri, socket)
      socket.assign({"page": params.get("page", "1"), "uri": uri})
    end
    fun handle_event(event, payload, socket)
      if event == "next"
        socket.push_patch("/list?page=" .. (socket.get("page").to_int() + 1).str(), replace: true)
      else
        socket.push_navigate("/elsewhere")
      end
    end
    {"state": {"page": "", "uri": ""}, "render": render, "handle_params": handle_params, "handle_event": handle_event}
  end)

  test.it("handle_params runs on mount, after a push_patch and for a followed patch link", fun ()
    let view = lv.test_mount(PagedView, {"page": "4"})
    test.assert_contains(view.render(), "page=4")
    view.click("next")
    test.assert_eq(view.patched_to(), "/list?page=5")
    test.assert_eq(view.last_diff(), "{\"0\":\"5\"}")
    test.assert_eq(view.assigns()["uri"], "http://localhost/list?page=5")
    view.patch("/list?page=9")
    test.assert_contains(view.render(), "page=9")
    view.click("away")
    test.assert_eq(view.navigated_to(), "/elsewhere")
  end)
end)
