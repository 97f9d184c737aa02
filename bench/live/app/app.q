# The server side of bench/live/run: a counter view (idle, latency, saturate, bytes) and
# a dashboard view subscribed to a pub/sub topic (broadcast). GET /bench/broadcast calls
# pubsub.broadcast once: every dashboard view's handle_info runs and its diff is pushed.
# quest.toml next to this file lifts the per-socket rate limit and the connection cap.
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub

let CounterView = lv.component(fun ()
  fun render(assigns)
    lv.template("<div><h1>Count: <%= count %></h1><button phx-click=\"inc\">+</button></div>", assigns)
  end
  fun handle_event(event, payload, socket)
    socket.assign("count", socket.get("count") + 1)
  end
  {"state": {"count": 0}, "render": render, "handle_event": handle_event}
end)

let DashboardView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<div class="metrics"><div class="metric">CPU <%= cpu %>%</div><div class="metric">Requests <%= requests %>/s</div></div>""", assigns)
  end
  fun mount(params, session, socket)
    if socket.connected()
      pubsub.subscribe(socket, "bench:metrics")
    end
  end
  fun handle_info(msg, socket)
    socket.assign({"cpu": msg["payload"]["cpu"], "requests": msg["payload"]["requests"]})
  end
  {"state": {"cpu": 0, "requests": 0}, "render": render, "mount": mount, "handle_info": handle_info}
end)

lv.mount("/counter", CounterView)
lv.mount("/dashboard", DashboardView)

let sent = {"n": 0}

fun handle_request(request)
  if request["path"] == "/bench/broadcast"
    sent["n"] = sent["n"] + 1
    let reached = pubsub.broadcast("bench:metrics", "update", {"cpu": sent["n"] % 100, "requests": 1000 + sent["n"]})
    return {"status": 200, "body": reached.str()}
  end
  {"status": 404, "body": "Not found"}
end
