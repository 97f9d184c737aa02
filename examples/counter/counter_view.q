# The seed's CounterView (QEP-054 §Layer 3), as written there. Mounted by app.q here
# and by examples/showcase/app.q.
use "std/web/liveview" as lv

# Define LiveView component
pub let CounterView = lv.component(fun ()
  # Initial state
  let state = {"count": 0}

  # Render function
  fun render(assigns)
    lv.template("""
      <div>
        <h1>Count: <%= count %></h1>
        <button phx-click="increment">+</button>
        <button phx-click="decrement">-</button>
        <button phx-click="reset">Reset</button>
      </div>
    """, assigns)
  end

  # Event handlers
  fun handle_event(event, payload, socket)
    if event == "increment"
      socket.assign("count", socket.get("count") + 1)
    elif event == "decrement"
      socket.assign("count", socket.get("count") - 1)
    elif event == "reset"
      socket.assign("count", 0)
    end
    return socket
  end

  return {
    "state": state,
    "render": render,
    "handle_event": handle_event
  }
end)
