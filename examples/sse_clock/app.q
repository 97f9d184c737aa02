# A clock over Server-Sent Events: every second each connected browser gets the time.
# Run: quest serve examples/sse_clock/app.q, then open http://127.0.0.1:3000/
use "std/web" as web
use "std/time"

let ticks = {"count": 0}

web.sse("/clock", fun (stream, request)
  # A reconnecting EventSource tells us the last tick it saw.
  let resumed = stream.last_event_id()
  stream.send("connected", event: "hello", id: resumed)
  let timer = web.set_interval(1000, fun ()
    ticks["count"] = ticks["count"] + 1
    stream.send(time.now().str(), event: "tick", id: ticks["count"].str())
  end)
  stream.on_close(fun () web.clear_timer(timer) end)
end)

fun handle_request(request)
  if request["path"] == "/"
    return {"status": 200, "body": page()}
  end
  nil
end

fun page()
  """<!DOCTYPE html>
<html>
<body>
  <h1>Server time: <span id="clock">...</span></h1>
  <script>
    const source = new EventSource('/clock');
    source.addEventListener('tick', (event) => {
      document.getElementById('clock').textContent = event.data;
    });
  </script>
</body>
</html>"""
end
