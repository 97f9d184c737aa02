# std/web/liveview over real sockets: the dead render of a mounted path (page, tokens,
# bundle) and the LiveView protocol at /live/websocket spoken by a real WebSocket
# client (join with the page's tokens, events, heartbeat, pushed diffs from
# lv.schedule, leave and terminate, refused joins).
use "std/test"
use "std/web" as web
use "std/web/ws" as ws
use "std/web/liveview" as lv
use "std/encoding/json"

test.module("std/web/liveview (server)")

let terminated = []

let TickView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<p>start=<%= start %> n=<%= n %> user=<%= user %> q=<%= q %></p><button phx-click="inc">+</button><form phx-submit="save"><input name="title"/></form><p><%= title %></p>""", assigns)
  end
  fun mount(params, session, socket)
    socket.assign({"start": params["start"], "q": params.get("q", ""), "user": session.get("user", "?")})
    if socket.connected()
      lv.schedule(socket, "tick", 30)
    end
  end
  fun handle_event(event, payload, socket)
    if event == "inc"
      socket.assign("n", socket.get("n") + 1)
    elif event == "save"
      socket.assign("title", payload["title"])
    elif event == "go"
      socket.redirect("/elsewhere")
    end
    socket
  end
  fun handle_info(msg, socket)
    if msg == "tick"
      socket.assign("n", 100)
    end
    socket
  end
  fun terminate(reason, socket)
    terminated.push(reason)
  end
  {"state": {"n": 0, "title": ""}, "render": render, "mount": mount, "handle_event": handle_event,
   "handle_info": handle_info, "terminate": terminate}
end)

lv.mount("/tick/:start", TickView, session: fun (request) {"user": "ann"} end)

# Live navigation: two mounts sharing a session function (a live navigation between
# them stays on the socket) and one with its own (reached by a page load).
fun shop_session(request) {"user": "ann"} end
let NavView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<p>kind=<%= kind %> page=<%= page %></p>""", assigns)
  end
  fun handle_params(params, uri, socket)
    socket.assign({"kind": params["kind"], "page": params.get("page", "1"), "uri": uri})
    if params.get("page", "") == "boom"
      raise ValueErr.new("no such page")
    end
  end
  fun handle_event(event, payload, socket)
    if event == "next"
      socket.push_patch("/items/" .. socket.get("kind") .. "?page=" .. (socket.get("page").to_int() + 1).str())
    elif event == "go"
      socket.push_navigate(payload["to"])
    end
  end
  {"state": {"kind": "", "page": "", "uri": ""}, "render": render, "handle_params": handle_params,
   "handle_event": handle_event}
end)
let OtherView = lv.component(fun ()
  fun render(assigns) lv.template("<p>other view, user=<%= user %></p>", assigns) end
  fun mount(params, session, socket) socket.assign("user", session["user"]) end
  {"state": {"user": ""}, "render": render, "mount": mount}
end)
lv.mount("/items/:kind", NavView, session: shop_session)
lv.mount("/other", OtherView, session: shop_session)
lv.mount("/private", OtherView, session: fun (request) {"user": "admin"} end)

let server = web.start()

fun between(text, before, after)
  text.split(before)[1].split(after)[0]
end

fun page(path)
  let response = web.test_request("GET", server.url(path))
  test.assert_eq(response["status"], 200)
  let html = response["body"]
  {"html": html, "csrf": between(html, "name=\"csrf-token\" content=\"", "\""),
   "session": between(html, "data-phx-session=\"", "\""), "id": between(html, "<div id=\"", "\"")}
end

fun connect()
  let client = ws.test_client("ws://127.0.0.1:" .. server.port.str() .. "/live/websocket?vsn=2.0.0")
  client.connect()
  client
end

fun join(client, p, csrf = nil, session = nil)
  let token = session
  if token == nil
    token = p["session"]
  end
  let csrf_token = csrf
  if csrf_token == nil
    csrf_token = p["csrf"]
  end
  client.send(json.stringify(["1", "1", "lv:" .. p["id"], "phx_join",
    {"url": "http://x/", "params": {"_csrf_token": csrf_token, "_mounts": 0}, "session": token, "static": nil}]))
  json.parse(client.receive())
end

# The next frame whose event is `event`.
fun receive_event(client, event)
  let i = 0
  while i < 20
    let frame = client.receive(2000)
    if frame == nil
      return nil
    end
    let msg = json.parse(frame)
    if msg[3] == event
      return msg
    end
    i = i + 1
  end
  nil
end

test.describe("the page", fun ()
  test.it("is a complete document with tokens, the bundle and the dead render", fun ()
    let p = page("/tick/7?q=hello")
    test.assert(p["html"].startswith("<!DOCTYPE html>"))
    test.assert(p["html"].contains("<script defer phx-track-static src=\"/assets/app.js\"></script>"))
    test.assert(p["html"].contains("data-phx-main"))
    test.assert(p["html"].contains("start=7 n=0 user=ann q=hello"), p["html"])
    test.assert(p["id"].startswith("lv"), p["id"])
    test.assert(page("/tick/8")["id"] != p["id"], "every page its own view id")
    test.assert_gt(p["csrf"].len(), 16)
  end)

  test.it("serves the bundled official client with cache headers", fun ()
    let response = web.test_request("GET", server.url("/assets/app.js"))
    test.assert_eq(response["status"], 200)
    test.assert(response["body"].contains("phx-"), "the LiveView client is in the bundle")
    test.assert_eq(response["headers"]["cache-control"], "public, max-age=3600")
  end)

  test.it("is not served for paths that do not match", fun ()
    test.assert_eq(web.test_request("GET", server.url("/tick"))["status"], 404)
    test.assert_eq(web.test_request("GET", server.url("/tick/1/2"))["status"], 404)
  end)
end)

test.describe("the socket", fun ()
  test.it("joins, answers events with minimal diffs, pushes scheduled updates", fun ()
    let p = page("/tick/3")
    let client = connect()
    let reply = join(client, p)
    test.assert_eq(reply[3], "phx_reply")
    test.assert_eq(reply[4]["status"], "ok")
    test.assert(reply[4]["response"]["rendered"].contains("s"))
    test.assert_eq(reply[4]["response"]["rendered"]["0"], "3")

    # The tick mount scheduled comes first: waiting for it keeps it from arriving between
    # an event and its reply (receive_event skips other frames).
    let pushed = receive_event(client, "diff")
    test.assert_not_nil(pushed, "a diff pushed after lv.schedule")
    test.assert_eq(pushed[4], {"1": "100"})

    client.send(json.stringify(["1", "2", "lv:" .. p["id"], "event", {"type": "click", "event": "inc", "value": {"value": ""}}]))
    let diff = receive_event(client, "phx_reply")
    test.assert_eq(diff[1], "2")
    test.assert_eq(diff[4]["response"], {"diff": {"1": "101"}})

    client.send(json.stringify(["1", "3", "lv:" .. p["id"], "event", {"type": "form", "event": "save", "value": "title=Hello+there%21"}]))
    test.assert_eq(receive_event(client, "phx_reply")[4]["response"], {"diff": {"4": "Hello there!"}})

    client.send(json.stringify([nil, "9", "phoenix", "heartbeat", {}]))
    test.assert_eq(receive_event(client, "phx_reply")[4], {"status": "ok", "response": {}})

    client.send(json.stringify(["1", "4", "lv:" .. p["id"], "event", {"type": "click", "event": "go", "value": {}}]))
    test.assert_eq(receive_event(client, "phx_reply")[4]["response"], {"redirect": {"to": "/elsewhere"}})

    let before = terminated.len()
    client.send(json.stringify(["1", "5", "lv:" .. p["id"], "phx_leave", {}]))
    receive_event(client, "phx_reply")
    test.assert_eq(terminated.len(), before + 1)
    test.assert_eq(terminated[terminated.len() - 1], "leave")
    client.close()
  end)

  test.it("refuses a forged session, a wrong CSRF token and a token for another id", fun ()
    let p = page("/tick/1")
    let client = connect()
    # One character of the signed payload changed (never to itself: the timestamp part
    # of the token may already hold an "x").
    let swap = "x"
    if p["session"].slice(10, 11) == "x"
      swap = "y"
    end
    let forged = p["session"].slice(0, 10) .. swap .. p["session"].slice(11, p["session"].len())
    test.assert_eq(join(client, p, nil, forged)[4], {"status": "error", "response": {"reason": "stale"}})
    test.assert_eq(join(client, p, "wrong-csrf")[4], {"status": "error", "response": {"reason": "stale"}})
    let other = page("/tick/2")
    let swapped = {"id": p["id"], "csrf": other["csrf"], "session": other["session"]}
    test.assert_eq(join(client, swapped)[4], {"status": "error", "response": {"reason": "unauthorized"}})
    client.close()
  end)

  test.it("refuses a session token older than token_max_age with stale, as Phoenix", fun ()
    lv.configure({"token_max_age": 1})
    let p = page("/tick/1")
    # Tokens carry whole seconds: 2 s of wall time make any token of max age 1 expired.
    web.pump(2100)
    let client = connect()
    test.assert_eq(join(client, p)[4], {"status": "error", "response": {"reason": "stale"}})
    lv.configure({"token_max_age": nil})
    test.assert_eq(lv.limits()["token_max_age"], 1209600, "back to two weeks")
    test.assert_eq(join(client, p)[4]["status"], "ok", "the same token within the default age")
    client.close()
  end)

  test.it("checks the static token when one is sent: forged is stale, another page's unauthorized", fun ()
    let p = page("/tick/1")
    let static_token = between(p["html"], "data-phx-static=\"", "\"")
    fun join_static(client, token)
      client.send(json.stringify(["1", "1", "lv:" .. p["id"], "phx_join",
        {"url": "http://x/", "params": {"_csrf_token": p["csrf"]}, "session": p["session"], "static": token}]))
      json.parse(client.receive())[4]
    end
    let client = connect()
    test.assert_eq(join_static(client, "x" .. static_token)["response"], {"reason": "stale"})
    let other = between(page("/tick/2")["html"], "data-phx-static=\"", "\"")
    test.assert_eq(join_static(client, other)["response"], {"reason": "unauthorized"})
    test.assert_eq(join_static(client, static_token)["status"], "ok")
    client.close()
  end)

  test.it("closes a connection that sends an oversized frame", fun ()
    let client = connect()
    client.send("x" * 300000)
    test.assert_nil(client.receive(2000))
    test.assert_eq(client.close_code(), 1009)
  end)

  test.it("terminates the view when the connection closes", fun ()
    let p = page("/tick/5")
    let client = connect()
    test.assert_eq(join(client, p)[4]["status"], "ok")
    let before = terminated.len()
    client.close()
    web.pump(100)
    test.assert_eq(terminated.len(), before + 1)
    test.assert_eq(terminated[terminated.len() - 1], "disconnect")
  end)
end)

fun join_at(client, p, key, url)
  let payload = {"params": {"_csrf_token": p["csrf"], "_mounts": 0}, "session": p["session"], "static": nil}
  payload[key] = url
  client.send(json.stringify(["1", "1", "lv:" .. p["id"], "phx_join", payload]))
  json.parse(client.receive())[4]
end

fun push(client, p, ref, event, payload)
  client.send(json.stringify(["1", ref, "lv:" .. p["id"], event, payload]))
  receive_event(client, "phx_reply")[4]
end

test.describe("live navigation", fun ()
  test.it("runs handle_params with route and query params for the dead render and the join", fun ()
    let p = page("/items/tea?page=3")
    test.assert(p["html"].contains("kind=tea page=3"), p["html"])
    let client = connect()
    # The client's URL wins over the page's (it changes with every patch).
    let reply = join_at(client, p, "url", server.url("/items/tea?page=4"))
    test.assert_eq(reply["status"], "ok", reply.str())
    test.assert_eq([reply["response"]["rendered"]["0"], reply["response"]["rendered"]["1"]], ["tea", "4"])
    client.close()
  end)

  test.it("a raising handle_params is logged; the view joins with its assigns from before the call", fun ()
    let p = page("/items/tea")
    let client = connect()
    let reply = join_at(client, p, "url", server.url("/items/tea?page=boom"))
    test.assert_eq(reply["status"], "ok", reply.str())
    test.assert_eq([reply["response"]["rendered"]["0"], reply["response"]["rendered"]["1"]], ["", ""])
    test.assert_eq(push(client, p, "2", "live_patch", {"url": server.url("/items/tea?page=2")}),
      {"status": "ok", "response": {"diff": {"0": "tea", "1": "2"}}}, "and keeps working")
    client.close()
  end)

  test.it("answers a live_patch from a patch link with handle_params' diff", fun ()
    let p = page("/items/tea")
    let client = connect()
    test.assert_eq(join_at(client, p, "url", server.url("/items/tea"))["status"], "ok")
    test.assert_eq(push(client, p, "2", "live_patch", {"url": server.url("/items/tea?page=5")}),
      {"status": "ok", "response": {"diff": {"1": "5"}}})
    test.assert_eq(push(client, p, "3", "live_patch", {"url": server.url("/other")}),
      {"status": "ok", "response": {"redirect": {"to": server.url("/other")}}}, "another mount: a page load")
    test.assert_eq(push(client, p, "4", "live_patch", {})["response"], {"reason": "live_patch without a url"})
    client.close()
  end)

  test.it("push_patch replies with the diff and live_patch; push_navigate with live_redirect", fun ()
    let p = page("/items/tea?page=2")
    let client = connect()
    test.assert_eq(join_at(client, p, "url", server.url("/items/tea?page=2"))["status"], "ok")
    test.assert_eq(push(client, p, "2", "event", {"type": "click", "event": "next", "value": {}}),
      {"status": "ok", "response": {"diff": {"1": "3"}, "live_patch": {"kind": "push", "to": "/items/tea?page=3"}}})
    test.assert_eq(push(client, p, "3", "event", {"type": "click", "event": "go", "value": {"to": "/other"}}),
      {"status": "ok", "response": {"live_redirect": {"kind": "push", "to": "/other"}}})
    client.close()
  end)

  test.it("joins the navigated-to view on the same socket when the session function is the same, else refuses", fun ()
    let p = page("/items/tea")
    let client = connect()
    let reply = join_at(client, p, "redirect", server.url("/other"))
    test.assert_eq(reply["status"], "ok", reply.str())
    test.assert_eq(reply["response"]["rendered"]["0"], "ann", "the page's signed session")
    test.assert_eq(join_at(client, p, "redirect", server.url("/private")), {"status": "error", "response": {"reason": "unauthorized"}})
    test.assert_eq(join_at(client, p, "redirect", server.url("/nowhere")), {"status": "error", "response": {"reason": "unauthorized"}})
    client.close()
  end)
end)

server.stop()
