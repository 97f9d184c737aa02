"""
std/web/presence: who is on a topic, in the phoenix.js Presence shape.

  use "std/web/presence" as presence

  socket.on_join(fun (payload)
    presence.track(socket, topic, {"user_id": payload["user"], "online_at": time.now()})
    {}
  end)

The key is meta["user_id"] when present (its text), else the socket id; one key holds
several metas (one user, two tabs). The joiner gets "presence_state" right after its ok
reply, and every change is pushed as a coalesced "presence_diff" (one per topic per
window: [std.web.channels] presence_window_ms, 30 ms by default, doubling while changes
keep coming up to presence_max_window_ms, 2 s, so a join storm costs each client a few
frames): phoenix.js `Presence.onSync` works with no more server code. A channel's
presences are untracked when it leaves or disconnects. With the Redis adapter presence
is replicated across nodes; a node silent for presence_timeout_ms is dropped.
"""
use "_native/presence" as _presence

# Tracks socket on topic with meta (a Dict); returns the meta's phx_ref. Raises ValueErr
# when this socket already tracks that key on that topic.
pub fun track(socket, topic, meta) _presence.track(socket, topic, meta) end

# Replaces the meta this socket tracks on topic; returns the new phx_ref, nil if none.
pub fun update(socket, topic, meta) _presence.update(socket, topic, meta) end

# Stops tracking socket on topic; true when something was tracked.
pub fun untrack(socket, topic) _presence.untrack(socket, topic) end

# {key: {"metas": [meta, ...]}} of the presences live on topic now (metas carry phx_ref).
pub fun list(topic) _presence.list(topic) end
