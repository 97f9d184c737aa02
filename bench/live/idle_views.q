# RSS per idle counter view (its Quest state, renderer and client mirror), measured
# in-process with lv.test_mount (no sockets). Printed, never asserted. Bounded: N views.
# Run: QUEST_INCLUDE=lib build/bin/quest bench/live/idle_views.q [N]
use "std/web/liveview" as lv
use "std/io" as io
use "std/sys" as sys
use "std/time" as time

let CounterView = lv.component(fun ()
  fun render(assigns)
    lv.template("<div><h1>Count: <%= count %></h1><button phx-click=\"increment\">+</button></div>", assigns)
  end
  fun handle_event(event, payload, socket)
    socket.assign("count", socket.get("count") + 1)
    socket
  end
  {"state": {"count": 0}, "render": render, "handle_event": handle_event}
end)

fun rss_kb()
  for line in io.read("/proc/self/status").split("\n")
    if line.startswith("VmRSS:")
      return line.replace("VmRSS:", "").replace("kB", "").trim().to_int()
    end
  end
  0
end

let n = 1000
if sys.argv.len() > 1
  n = sys.argv[1].to_int()
end
let views = []
views.push(lv.test_mount(CounterView))
let before = rss_kb()
let i = 1
while i < n
  views.push(lv.test_mount(CounterView))
  i = i + 1
end
let after = rss_kb()
puts("views: " .. n.str() .. "  RSS per idle view: " .. ((after - before) * 1024 / (n - 1)).str() .. " B")

let start = time.ticks_ms()
let clicks = 0
for v in views
  v.click("increment")
  clicks = clicks + 1
end
let elapsed = time.ticks_ms() - start
puts("clicks: " .. clicks.str() .. " in " .. elapsed.str() .. " ms (handler + diff, in-process)")
puts("one-field click diff: " .. views[0].last_diff() .. " (" .. views[0].last_diff().len().str() .. " B)")
