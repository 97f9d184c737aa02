# The seed's DashboardView (QEP-054 §LiveView with Live Data) with in-memory metrics
# where the seed reads PostgreSQL. Every 5 s lv.schedule refreshes the numbers.
# Mounted by app.q here and by examples/showcase/app.q.
use "std/web/liveview" as lv
use "std/time" as time

# In-memory metrics: a small deterministic walk instead of a database.
let readings = {"tick": 0}

fun fetch_metrics(conn)
  readings["tick"] = readings["tick"] + 1
  let t = readings["tick"]
  return [
    {"name": "CPU", "value": 40 + (t * 7) % 50, "trend": "up", "change": t % 9},
    {"name": "Memory", "value": 60 + (t * 3) % 30, "trend": "down", "change": -(t % 5)},
    {"name": "Requests/s", "value": 1000 + (t * 37) % 400, "trend": "up", "change": t % 13}
  ]
end

let db = {"connect": fun (url) url end}

pub let DashboardView = lv.component(fun ()
  let conn = db["connect"]("memory://metrics")

  let state = {
    "metrics": fetch_metrics(conn),
    "last_updated": time.now()
  }

  fun render(assigns)
    lv.template("""
      <div class="dashboard">
        <h1>System Dashboard</h1>
        <p>Last updated: <%= last_updated.format("%H:%M:%S") %></p>

        <div class="metrics">
          <% for metric in metrics %>
            <div class="metric">
              <h3><%= metric.name %></h3>
              <p class="value"><%= metric.value %></p>
              <span class="trend <%= metric.trend %>">
                <%= metric.change %>%
              </span>
            </div>
          <% end %>
        </div>
      </div>
    """, assigns)
  end

  # Lifecycle hooks
  fun mount(params, session, socket)
    # Schedule periodic update
    lv.schedule(socket, "refresh", 5000)  # Every 5 seconds
    return socket
  end

  fun handle_info(msg, socket)
    if msg == "refresh"
      # Fetch fresh data
      socket.assign("metrics", fetch_metrics(conn))
      socket.assign("last_updated", time.now())

      # Schedule next update
      lv.schedule(socket, "refresh", 5000)
    end

    return socket
  end

  return {
    "state": state,
    "render": render,
    "mount": mount,
    "handle_info": handle_info
  }
end)
