# The app errors.test.js and token_expiry.test.js drive in Chromium: a counter with a
# button whose handle_event raises (its message holds markup, which the development
# overlay must show as text); a view whose connected mount raises (/crash). QUEST_TEST_TOKEN_MAX_AGE, when set, is the pages' token max
# age in seconds (lv.configure), so a test can let a token expire.
use "std/web/liveview" as lv
use "std/os" as os

let max_age = os.getenv("QUEST_TEST_TOKEN_MAX_AGE")
if max_age != nil and max_age != ""
  lv.configure({"token_max_age": max_age.to_int()})
end

let ErrorsView = lv.component(fun ()
  fun render(assigns)
    lv.template("""
      <p id="count">count=<%= count %></p>
      <button id="inc" phx-click="inc">+</button>
      <button id="boom" phx-click="boom">raise</button>
    """, assigns)
  end
  fun handle_event(event, payload, socket)
    socket.assign("count", socket.get("count") + 1)
    if event == "boom"
      raise ValueErr.new("boom <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\">")
    end
    socket
  end
  {"state": {"count": 0}, "render": render, "handle_event": handle_event}
end)

lv.mount("/errors", ErrorsView)

# mount raises once connected: the dead render works, every join is refused as crashed.
let CrashView = lv.component(fun ()
  fun render(assigns) lv.template("<p id=\"dead\">rendered</p>", assigns) end
  fun mount(params, session, socket)
    if socket.connected()
      raise ValueErr.new("no <b>connected</b> mount today")
    end
  end
  {"state": {}, "render": render, "mount": mount}
end)
lv.mount("/crash", CrashView)
