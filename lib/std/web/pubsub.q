"""
std/web/pubsub: topic broadcasts to channel sockets and Quest functions.

  use "std/web/pubsub" as pubsub

  pubsub.subscribe(fun (message) puts(message["event"]) end, "alerts")
  pubsub.subscribe(socket, "alerts")       # a channel socket: pushed on its own topic
  pubsub.broadcast("alerts", "fire", {"floor": 3})

Each broadcast is serialized once and fanned out natively. A channel socket subscribed
to a topic receives its broadcasts as pushes on the socket's own topic (phoenix.js only
reads frames of topics it joined), with no trip through the interpreter; its
subscriptions end when it leaves. A function receives {"event", "payload", "topic"} on
the interpreter. Channel topics are pubsub topics too: broadcast("room:1", ...) reaches
the clients joined to room:1.

Between nodes: [std.web.pubsub] adapter = "redis" and url = "redis://127.0.0.1:6379" in
quest.toml (or configure({"adapter": "redis", "url": ...}) before the first channel or
broadcast) carry every broadcast to every other node once, in publish order per node.
"""
use "_native/pubsub" as _pubsub

# Returns a subscription id (for unsubscribe(id)). A LiveView socket (std/web/liveview)
# gets broadcasts in its view's handle_info, as lv.subscribe does.
pub fun subscribe(target, topic)
  if target.is("Socket")
    use "std/web/liveview" as lv
    return lv.subscribe(target, topic)
  end
  _pubsub.subscribe(target, topic)
end

# unsubscribe(id) or unsubscribe(target, topic); returns how many subscriptions ended.
pub fun unsubscribe(target, topic = nil)
  if topic == nil
    return _pubsub.unsubscribe(target)
  end
  _pubsub.unsubscribe(target, topic)
end

# Returns how many subscribers on this node it reached.
pub fun broadcast(topic, event, payload = nil) _pubsub.broadcast(topic, event, payload) end

# As broadcast, except socket's own channel on that topic.
pub fun broadcast_from(socket, topic, event, payload = nil)
  _pubsub.broadcast_from(socket, topic, event, payload)
end

# Several events as ONE frame per subscriber: event "batch" with payload
# {"events": [{"event", "payload"}, ...]}. events: [[event, payload], ...] or
# [{"event": e, "payload": p}, ...].
pub fun broadcast_batch(topic, events) _pubsub.broadcast_batch(topic, events) end

# Pushes event to the channel sockets joined to topic on this node for which
# predicate(socket) is truthy; returns how many.
pub fun broadcast_if(topic, predicate, event, payload = nil)
  _pubsub.broadcast_if(topic, predicate, event, payload)
end

# broadcast, then runs the function subscribers it reached before returning (tests).
pub fun test_broadcast(topic, event, payload = nil) _pubsub.test_broadcast(topic, event, payload) end

# {"adapter": "local"|"redis", "url", "channel", "node_id"}, or the same as named
# arguments (configure(adapter: redis_pubsub, url: "redis://...") with
# std/web/pubsub/redis); before the first channel or broadcast.
pub fun configure(options = nil, adapter = nil, url = nil, channel = nil, node_id = nil)
  let merged = {}
  if options != nil
    merged = options
  end
  if adapter != nil
    if adapter.is("Str")
      merged["adapter"] = adapter
    else
      merged["adapter"] = adapter.ADAPTER
    end
  end
  if url != nil merged["url"] = url end
  if channel != nil merged["channel"] = channel end
  if node_id != nil merged["node_id"] = node_id end
  _pubsub.configure(merged)
end
pub fun adapter() _pubsub.adapter() end
# Redis link counters ({node_id, published, received, dropped, queued,
# publisher_connected, subscribed}), nil with the local adapter.
pub fun redis_stats() _pubsub.redis_stats() end
