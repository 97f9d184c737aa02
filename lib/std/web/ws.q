"""
std/web/ws: raw WebSockets (QEP-054 Layer 1).

  use "std/web" as web
  use "std/web/ws" as ws

  web.websocket("/ws", fun (socket)
    socket.on_message(fun (data) socket.send("Echo: " .. data) end)
  end)

The function given to web.websocket runs once per new connection, before any of its
messages; it registers the handlers (or closes the socket, e.g. with 4401). The socket:

  socket.id()                      connection id (UUID v4 text)
  socket.send(message)             Str -> text frame, Bytes -> binary, Array/Dict -> JSON
                                   text; true when queued, false when the socket is gone
  socket.send_bytes(data)          a binary frame from Bytes
  socket.close(code = 1000, reason = "")
  socket.state()                   "open", "closing" (close started) or "closed"
  socket.get(key, default = nil)   metadata: any Quest value, kept while the socket is
  socket.set(key, value)           open (get is nil once it has closed)
  socket.remote_ip()  socket.path()  socket.headers() (lower-case names)  socket.query()
  socket.on_open(fun () ...)       after the setup function
  socket.on_message(fun (data) ...)  data: Str for text frames, Bytes for binary
  socket.on_close(fun (code, reason) ...)  once; the peer's code, 1006 if the link dropped
  socket.on_error(fun (error) ...) error: a Str ("Type: message") when a handler raised
                                   or the connection misbehaved

Handlers run one at a time on the interpreter; an exception in one is logged with the
connection id and the Quest stack, passed to on_error, and the socket carries on. The
handlers and the socket's metadata are released when the connection closes.
"""
use "_native/ws" as _ws

# Queue `message` for the connection `connection_id`; false when there is none.
pub fun send_to(connection_id, message)
  _ws.send_to(connection_id, message)
end

# Queue `message` (serialized once) on every connection of `path`; returns how many.
pub fun broadcast(path, message)
  _ws.broadcast(path, message)
end

# Queue `message` on the connections of `path` for which predicate(socket) is truthy;
# returns how many. The predicate runs on the interpreter, once per socket.
pub fun broadcast_if(path, predicate, message)
  _ws.broadcast_if(path, predicate, message)
end

# The open sockets of `path` (every path when nil), in the order they opened.
pub fun get_connections(path = nil)
  if path == nil
    return _ws.get_connections()
  end
  _ws.get_connections(path)
end

# How many sockets are open (all paths).
pub fun connection_count() _ws.connection_count() end

# A real WebSocket client for tests, against a server of this process (web.start) or
# any other. Methods: connect(timeout_ms = 5000) (raises IOErr when refused: status()
# is then the HTTP status; a handshake the server closes at once, as a handler refusing
# with 4401 does, connects and leaves state() "closed"), send(message), send_bytes(data), receive(timeout_ms = 5000)
# (Str or Bytes; nil on timeout or once closed), close(code = 1000, reason = ""),
# state(), close_code(), close_reason(). Waiting calls run the interpreter's pending
# handlers, so in-process servers answer.
#
# The seed's own test writes its URL as "ws://localhost:#{server.port}/ws", but Quest
# strings do not interpolate "#{...}": such a URL is taken to mean the newest server
# started in this process with web.start() (qep/ws.md).
pub fun test_client(url, headers = nil)
  _ws.test_client(_resolve_test_url(url), headers)
end

fun _resolve_test_url(url)
  let marker = url.index_of("#{")
  if marker < 0
    return url
  end
  use "std/web" as web
  let port = web.last_started_port()
  if port == nil
    raise ValueErr.new("ws.test_client: " .. url .. " names a port with #{...}, which Quest does not interpolate, and no web.start() server is running")
  end
  let rest = url.slice(marker, url.len())
  let close = rest.index_of("}")
  url.slice(0, marker) .. port.str() .. rest.slice(close + 1, rest.len())
end
