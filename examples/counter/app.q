# The seed's CounterView on /counter (the view: counter_view.q).
# Run: quest serve examples/counter/app.q  then open http://127.0.0.1:3000/counter
use "std/web/liveview" as lv
use "./counter_view" as counter

# Mount LiveView at route
lv.mount("/counter", counter.CounterView)

fun handle_request(request)
  # Fallback for non-LiveView routes
  {"status": 404, "body": "Not found"}
end
