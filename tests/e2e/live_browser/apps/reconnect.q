# The app reconnect.test.js restarts under the browser: a counter, a form the official
# client recovers (an id and phx-change: what phx-auto-recover needs), what the server
# last saw of it, and which server process rendered the page (QUEST_TEST_BOOT).
use "std/web/liveview" as lv
use "std/os" as os

let boot = os.getenv("QUEST_TEST_BOOT") or "?"

let ReconnectView = lv.component(fun ()
  fun render(assigns)
    lv.template("""
      <p id="boot">boot=<%= boot %></p>
      <p id="count">count=<%= count %></p>
      <button id="inc" phx-click="inc">+</button>
      <form id="profile" phx-change="validate" phx-submit="save">
        <input type="text" name="name" value="<%= name %>"/>
        <input type="text" name="city" value="<%= city %>"/>
      </form>
      <p id="seen">seen=<%= name %>/<%= city %> changes=<%= changes %></p>
    """, assigns)
  end
  fun mount(params, session, socket)
    socket.assign("boot", boot)
  end
  fun handle_event(event, payload, socket)
    if event == "inc"
      socket.assign("count", socket.get("count") + 1)
    elif event == "validate"
      socket.assign({"name": payload.get("name", ""), "city": payload.get("city", ""),
        "changes": socket.get("changes") + 1})
    end
    socket
  end
  {"state": {"count": 0, "name": "", "city": "", "changes": 0, "boot": ""},
   "render": render, "mount": mount, "handle_event": handle_event}
end)

lv.mount("/reconnect", ReconnectView)
