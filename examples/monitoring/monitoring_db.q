# An in-memory stand-in for the PostgreSQL database the seed's Use Case 1 dashboard
# reads (`db.connect(url)`, `conn.cursor()`, `cursor.execute(sql)`, `fetch_one()`,
# `fetch_all()`): it answers the dashboard's two queries only. Nothing marks an alert
# dismissed: the seed's view drops it from its own list, and the next refresh (2 s)
# brings it back, as the seed's code does against a real table. The metrics are a small
# deterministic walk (one step per metrics query); the alerts are a table of three.
# Nothing here parses SQL beyond telling the two queries apart.

let samples = {"tick": 0}

let alerts = [
  {"id": "a1", "severity": "critical", "title": "CPU above 90%", "message": "web-2 for 3 minutes",
    "dismissed": false, "created_at": 3},
  {"id": "a2", "severity": "warning", "title": "Disk 85% full", "message": "/var on db-1",
    "dismissed": false, "created_at": 2},
  {"id": "a3", "severity": "info", "title": "Deploy finished", "message": "release 42 on every node",
    "dismissed": false, "created_at": 1}
]

fun next_metrics()
  samples["tick"] = samples["tick"] + 1
  let t = samples["tick"]
  {
    "cpu": 55 + (t * 17) % 45, "memory": 40 + (t * 7) % 50,
    "requests_per_sec": 800 + (t * 131) % 900, "active_users": 20 + (t * 11) % 60
  }
end

fun open_alerts()
  let out = []
  for a in alerts
    if not a["dismissed"]
      out.push({"id": a["id"], "severity": a["severity"], "title": a["title"], "message": a["message"]})
    end
  end
  out
end

pub type Cursor
  pub rows: Array

  fun execute(sql)
    if sql.contains("FROM metrics")
      self.rows = [next_metrics()]
    elif sql.contains("FROM alerts")
      self.rows = open_alerts()
    else
      raise ValueErr.new("monitoring_db: only the dashboard's metrics and alerts queries exist, not: " .. sql)
    end
    self
  end
  fun fetch_one()
    if self.rows.len() == 0
      return nil
    end
    self.rows[0]
  end
  fun fetch_all() self.rows end
end

pub type Connection
  pub url: Str

  fun cursor() Cursor.new(rows: []) end
end

pub fun connect(url) Connection.new(url: url) end
