"""
std/web/channels: Phoenix Channels from Quest (QEP-054 Layer 2).

  use "std/web/channels" as channels

  channels.channel("room:*", fun (socket, topic, params)
    socket.on_join(fun (payload)
      if payload.get("user") == nil
        return {"error": "user is required"}     # refused: {"reason": "user is required"}
      end
      socket.set("user", payload["user"])
      {"messages": []}                            # the ok reply
    end)
    socket.on("new_message", fun (payload)
      channels.broadcast(topic, "new_message", {"user": socket.get("user"), "text": payload["text"]})
      {"status": "sent"}                          # ok reply; {"error": ...} error; nil none
    end)
    socket.on_leave(fun () puts(socket.get("user") .. " left") end)
  end)

The endpoint is served on "/ws" ("/ws/websocket" is what `new Socket("/ws")` of the
phoenix client connects to) by every server web.start / web.run / `quest serve` starts.
`params` are the socket's connect params (the query of the WebSocket URL, minus vsn).

The function given to channel runs once per phx_join of a matching topic, before any of
that channel's messages; it registers the handlers. The socket:

  socket.id()                 connection id (one per WebSocket, shared by its channels)
  socket.topic()  socket.join_ref()  socket.joined()
  socket.get(key, default = nil)  socket.set(key, value)   per channel, any Quest value
  socket.push(event, payload)     to this client on this topic (held until the join is ok)
  socket.broadcast(event, payload)  socket.broadcast_from(event, payload)  on its topic
  socket.on_join(fun (payload))   Dict -> ok reply; {"error": reason} -> refused with
                                  {"reason": reason} (a Dict reason is sent as is); nil ->
                                  ok {}; an exception -> refused {"reason": "join crashed"}
                                  and logged with its Quest stack
  socket.on(event, fun (payload)) Dict -> ok reply; {"error": reason} -> error reply;
                                  nil -> no reply; an exception -> error reply
                                  {"reason": "internal error"}, logged. "*" catches any
                                  event without its own handler; no handler at all ->
                                  error reply {"reason": "unknown event"}
  socket.on_leave(fun ())         once: phx_leave, disconnect, rejoin or crash

Handlers run one at a time on the interpreter. Per connection: at most max_channels
channels (then "too many channels joined") and rate_limit frames per second with a
burst of rate_burst (over it: error reply "rate limit exceeded", then close 4029).
Configure in quest.toml ([std.web.channels] path, max_channels, rate_limit, rate_burst,
max_frame_bytes, reply_timeout_ms, presence_window_ms, presence_max_window_ms) or with
configure() before the first channel.
"""
use "_native/channels" as _channels
use "std/web/ws" as ws
use "std/encoding/json"

# Declare the channels of a topic pattern ("room:*" or an exact topic).
pub fun channel(pattern, handler)
  _channels.channel(pattern, handler)
end

# To every subscriber of topic (this node and, with Redis, every node); returns how
# many local subscribers it reached.
pub fun broadcast(topic, event, payload = nil)
  _channels.broadcast(topic, event, payload)
end

# As broadcast, except socket's own channel on that topic.
pub fun broadcast_from(socket, topic, event, payload = nil)
  _channels.broadcast_from(socket, topic, event, payload)
end

# Endpoint options (see above); raises once a channel or broadcast exists.
pub fun configure(options) _channels.configure(options) end

# Where the endpoint is mounted ("/ws" unless configured); clients connect to
# endpoint_path() .. "/websocket".
pub fun endpoint_path() _channels.endpoint_path() end

# Open channel connections (all nodes' local count: this process only).
pub fun connection_count() _channels.connection_count() end

# ---------------------------------------------------------------- test client

# An in-process Phoenix V2 client for tests, over a real WebSocket (ws.test_client).
# Every waiting call runs the interpreter's pending handlers, so servers started with
# web.start in the same script answer.
pub type PhoenixTestClient
  pub ws
  pub next_ref: Int
  pub inbox: Array
  pub join_refs: Dict

  fun _ref()
    self.next_ref = self.next_ref + 1
    self.next_ref.str()
  end

  # Sends [join_ref, ref, topic, event, payload]; returns the ref.
  fun send_frame(topic, event, payload = nil, join_ref = nil)
    let ref = self._ref()
    if join_ref == nil
      join_ref = self.join_refs.get(topic)
    end
    if payload == nil
      payload = {}
    end
    self.ws.send(json.stringify([join_ref, ref, topic, event, payload]))
    ref
  end

  # The next message as {join_ref, ref, topic, event, payload}; nil on timeout or close.
  fun receive(timeout_ms = 2000)
    if self.inbox.len() > 0
      return self.inbox.shift()
    end
    self._read(timeout_ms)
  end

  fun _read(timeout_ms)
    let text = self.ws.receive(timeout_ms)
    if text == nil
      return nil
    end
    let frame = json.parse(text)
    {"join_ref": frame[0], "ref": frame[1], "topic": frame[2], "event": frame[3], "payload": frame[4]}
  end

  # Waits for the phx_reply to `ref` (other messages are kept for receive);
  # returns {status, response}, or nil on timeout.
  fun await_reply(ref, timeout_ms = 2000)
    let i = 0
    while i < self.inbox.len()
      let m = self.inbox[i]
      if m["event"] == "phx_reply" and m["ref"] == ref
        self.inbox.remove_at(i)
        return m["payload"]
      end
      i = i + 1
    end
    while true
      let m = self._read(timeout_ms)
      if m == nil
        return nil
      end
      if m["event"] == "phx_reply" and m["ref"] == ref
        return m["payload"]
      end
      self.inbox.push(m)
    end
  end

  # phx_join; returns the reply {status: "ok"|"error", response}.
  fun join(topic, payload = nil, timeout_ms = 2000)
    let ref = self._ref()
    self.join_refs[topic] = ref
    if payload == nil
      payload = {}
    end
    self.ws.send(json.stringify([ref, ref, topic, "phx_join", payload]))
    self.await_reply(ref, timeout_ms)
  end

  fun leave(topic, timeout_ms = 2000)
    let ref = self.send_frame(topic, "phx_leave")
    self.await_reply(ref, timeout_ms)
  end

  # An event with a ref; returns its reply (nil when the server sends none in time).
  fun push(topic, event, payload = nil, timeout_ms = 2000)
    let ref = self.send_frame(topic, event, payload)
    self.await_reply(ref, timeout_ms)
  end

  # The next message of `event` (on `topic` when given), skipping and keeping others;
  # nil on timeout.
  fun expect(event, topic = nil, timeout_ms = 2000)
    let i = 0
    while i < self.inbox.len()
      let m = self.inbox[i]
      if m["event"] == event and (topic == nil or m["topic"] == topic)
        self.inbox.remove_at(i)
        return m
      end
      i = i + 1
    end
    while true
      let m = self._read(timeout_ms)
      if m == nil
        return nil
      end
      if m["event"] == event and (topic == nil or m["topic"] == topic)
        return m
      end
      self.inbox.push(m)
    end
  end

  fun close() self.ws.close() end
  fun state() self.ws.state() end
  fun close_code() self.ws.close_code() end
end

# Connects to `url` (e.g. server.ws_url("/ws/websocket")) with connect params.
pub fun test_client(url, params = nil, timeout_ms = 5000)
  let query = "vsn=2.0.0"
  if params != nil
    for key in params.keys()
      query = query .. "&" .. key .. "=" .. params[key].str()
    end
  end
  let sep = "?"
  if url.contains("?")
    sep = "&"
  end
  let client = ws.test_client(url .. sep .. query)
  client.connect(timeout_ms)
  PhoenixTestClient.new(ws: client, next_ref: 0, inbox: [], join_refs: {})
end
