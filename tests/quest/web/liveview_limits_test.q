# The LiveView socket's per-socket limits over real sockets: frames over the rate get
# an error reply and change nothing, a flood past the hard rate closes that socket with
# 4029, an oversized event gets an error reply, an oversized frame closes with 1009;
# a bystander socket on the same server keeps round-tripping through all of it.
# quest.toml's [std.web.liveview] is read by child apps in fixtures/liveview_*toml/.
use "std/test"
use "std/web" as web
use "std/web/ws" as ws
use "std/web/liveview" as lv
use "std/encoding/json"
use "std/process" as process
use "std/sys"

test.module("std/web/liveview (limits)")

let CountView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<p>n=<%= n %></p><button phx-click="inc">+</button>""", assigns)
  end
  fun handle_event(event, payload, socket)
    socket.assign("n", socket.get("n") + 1)
  end
  {"state": {"n": 0}, "render": render, "handle_event": handle_event}
end)
lv.mount("/count", CountView)

let server = web.start()

fun between(text, before, after)
  text.split(before)[1].split(after)[0]
end

# A joined LiveView over a real socket: {"client", "topic"}.
fun open_view()
  let html = web.test_request("GET", server.url("/count"))["body"]
  let id = between(html, "<div id=\"", "\"")
  let client = ws.test_client("ws://127.0.0.1:" .. server.port.str() .. "/live/websocket?vsn=2.0.0")
  client.connect()
  client.send(json.stringify(["1", "1", "lv:" .. id, "phx_join", {"url": "http://x/",
    "params": {"_csrf_token": between(html, "name=\"csrf-token\" content=\"", "\"")},
    "session": between(html, "data-phx-session=\"", "\""), "static": nil}]))
  let reply = json.parse(client.receive())
  test.assert_eq(reply[4]["status"], "ok", reply.str())
  {"client": client, "topic": "lv:" .. id}
end

fun send_click(view, ref, extra = "")
  view["client"].send(json.stringify(["1", ref, view["topic"], "event",
    {"type": "click", "event": "inc", "value": {"pad": extra}}]))
end

# Click and read the reply to that click: its payload.
fun click(view, ref, extra = "")
  send_click(view, ref, extra)
  let frame = view["client"].receive(5000)
  test.assert_not_nil(frame, "a reply to event " .. ref)
  let msg = json.parse(frame)
  test.assert_eq(msg[1], ref)
  msg[4]
end

fun diff_n(reply)
  test.assert_eq(reply["status"], "ok", reply.str())
  reply["response"]["diff"]["0"]
end

fun all_limits(options)
  let base = {"rate_limit": 0, "rate_burst": 0, "hard_rate_limit": 0, "hard_rate_burst": 0,
    "max_event_bytes": 65536, "max_frame_bytes": 262144}
  for key in options.keys()
    base[key] = options[key]
  end
  lv.configure(base)
end

test.describe("rate limit", fun ()
  test.it("answers frames over the rate with an error, applies none of them, and serves the next one in budget", fun ()
    # One token a second, three at once: a stall of a second between two sends would be
    # needed to see a fourth accepted.
    all_limits({"rate_limit": 1, "rate_burst": 3})
    let view = open_view()     # the join took one token
    let bystander = nil
    test.assert_eq(diff_n(click(view, "2")), "1")
    test.assert_eq(diff_n(click(view, "3")), "2")
    let refused = click(view, "4")
    test.assert_eq(refused, {"status": "error", "response": {"reason": "rate limit exceeded"}})
    test.assert_eq(click(view, "5")["response"]["reason"], "rate limit exceeded")
    # Another socket has its own budget (opened under the same limits).
    bystander = open_view()
    test.assert_eq(diff_n(click(bystander, "2")), "1")
    web.pump(1100)              # at least one token back
    test.assert_eq(diff_n(click(view, "6")), "3", "the refused clicks changed nothing")
    view["client"].close()
    bystander["client"].close()
  end)

  test.it("closes a socket flooding past the hard rate with 4029; a bystander keeps round-tripping", fun ()
    all_limits({"rate_limit": 1, "rate_burst": 2, "hard_rate_limit": 1, "hard_rate_burst": 6})
    let bystander = open_view()
    let flood = open_view()
    let i = 2
    while i < 12
      send_click(flood, i.str())
      i = i + 1
    end
    let statuses = []
    let frame = flood["client"].receive(5000)
    while frame != nil
      statuses.push(json.parse(frame)[4]["status"])
      frame = flood["client"].receive(5000)
    end
    test.assert_eq(flood["client"].close_code(), 4029)
    test.assert_eq(flood["client"].close_reason(), "rate limit exceeded")
    # The join and one click use the soft burst of 2; the hard burst of 6 lets 4 more
    # through as refusals; the 7th frame finds it empty and closes the socket.
    test.assert_eq(statuses, ["ok", "error", "error", "error", "error"])
    test.assert_eq(diff_n(click(bystander, "2")), "1")
    bystander["client"].close()
  end)
end)

test.describe("event size", fun ()
  test.it("answers an event over max_event_bytes with an error and serves the next one", fun ()
    all_limits({"max_event_bytes": 1000, "max_frame_bytes": 5000})
    let view = open_view()
    test.assert_eq(click(view, "2", "x" * 2000), {"status": "error", "response": {"reason": "event too large"}})
    test.assert_eq(diff_n(click(view, "3")), "1", "the refused event changed nothing")
    view["client"].close()
  end)

  test.it("closes a socket sending a frame over max_frame_bytes with 1009; a bystander is served", fun ()
    all_limits({"max_event_bytes": 1000, "max_frame_bytes": 5000})
    let bystander = open_view()
    let view = open_view()
    send_click(view, "2", "x" * 6000)
    test.assert_nil(view["client"].receive(5000))
    test.assert_eq(view["client"].close_code(), 1009)
    test.assert_eq(diff_n(click(bystander, "2")), "1")
    bystander["client"].close()
  end)

  test.it("closes a socket sending a binary frame with 1003", fun ()
    all_limits({})
    let view = open_view()
    view["client"].send_bytes("[]".bytes())
    test.assert_nil(view["client"].receive(5000))
    test.assert_eq(view["client"].close_code(), 1003)
  end)
end)

test.describe("configure", fun ()
  test.it("derives the burst and hard limits from rate_limit unless given", fun ()
    let limits = lv.configure({"rate_limit": 10, "rate_burst": nil, "hard_rate_limit": nil, "hard_rate_burst": nil})
    test.assert_eq([limits["rate_limit"], limits["rate_burst"], limits["hard_rate_limit"], limits["hard_rate_burst"]], [10, 20, 40, 80])
    test.assert_eq(lv.configure({"hard_rate_burst": 7})["hard_rate_burst"], 7)
  end)

  test.it("refuses unknown keys, negative numbers and non-numbers", fun ()
    test.assert_raises(ArgErr, fun () lv.configure({"rate": 5}) end)
    test.assert_raises(ValueErr, fun () lv.configure({"rate_limit": -1}) end)
    test.assert_raises(ValueErr, fun () lv.configure({"max_event_bytes": "big"}) end)
    test.assert_raises(TypeErr, fun () lv.configure([1]) end)
    test.assert_raises(ValueErr, fun () lv.configure({"token_max_age": 0}) end)
    test.assert_raises(ValueErr, fun () lv.configure({"token_max_age": 1.5}) end)
    test.assert_eq(lv.limits()["rate_limit"], 10, "a refused configure changes nothing")
  end)
end)

test.describe("quest.toml", fun ()
  fun run_fixture(name)
    process.run([sys.executable, "app.q"], {"cwd": "tests/quest/web/fixtures/" .. name, "timeout": 30})
  end

  test.it("[std.web.liveview] sets the limits; lv.configure still wins", fun ()
    let result = run_fixture("liveview_toml")
    test.assert_eq(result.code(), 0, result.stderr())
    test.assert_eq(result.stdout().trim(), "5 10 20 40 1234 262144 3600 | 7")
  end)

  test.it("an unknown key is an error naming the file and the key", fun ()
    let result = run_fixture("liveview_bad_toml")
    test.assert(result.code() != 0)
    test.assert_contains(result.stderr(), "quest.toml: [std.web.liveview] unknown key rate")
  end)
end)

server.stop()
