"""
std/web: HTTP and WebSockets served by one interpreter.

Declare what to serve, then serve it:

  use "std/web" as web
  web.static("/public", "./public")
  web.websocket("/ws", fun (socket) ... end)          # see std/web/ws
  fun handle_request(request) {status: 200, body: "Hello"} end
  web.run()                   # `quest app.q`; or leave it out and `quest serve app.q`

There is ONE interpreter: module-level state (`let users = {}`) is shared by every
request and every socket. Handlers run one at a time on that interpreter; a handler
that runs longer than the budget (5 s by default, set_handler_budget or
[std.web] handler_budget_ms) is interrupted with an InterruptErr and answered 500.

Request pipeline (each step may answer):
  static mounts (served natively: no middleware) -> CORS pre-flight -> middlewares
  (before_request) in order -> redirects -> handle_request -> after middlewares ->
  default headers. nil from handle_request, or no handle_request, is a 404; on_error
  handlers are consulted for 404 and 500. See qep/ws.md and the serve semantics note
  for the request and response dicts.
"""
use "_native/web" as _web

# ---------------------------------------------------------------- status codes
pub let HTTP_CONTINUE = 100
pub let HTTP_SWITCHING_PROTOCOLS = 101
pub let HTTP_OK = 200
pub let HTTP_CREATED = 201
pub let HTTP_ACCEPTED = 202
pub let HTTP_NO_CONTENT = 204
pub let HTTP_MOVED_PERMANENTLY = 301
pub let HTTP_FOUND = 302
pub let HTTP_SEE_OTHER = 303
pub let HTTP_NOT_MODIFIED = 304
pub let HTTP_TEMPORARY_REDIRECT = 307
pub let HTTP_PERMANENT_REDIRECT = 308
pub let HTTP_BAD_REQUEST = 400
pub let HTTP_UNAUTHORIZED = 401
pub let HTTP_FORBIDDEN = 403
pub let HTTP_NOT_FOUND = 404
pub let HTTP_METHOD_NOT_ALLOWED = 405
pub let HTTP_CONFLICT = 409
pub let HTTP_GONE = 410
pub let HTTP_PAYLOAD_TOO_LARGE = 413
pub let HTTP_UNSUPPORTED_MEDIA_TYPE = 415
pub let HTTP_IM_A_TEAPOT = 418
pub let HTTP_UNPROCESSABLE_ENTITY = 422
pub let HTTP_TOO_MANY_REQUESTS = 429
pub let HTTP_INTERNAL_SERVER_ERROR = 500
pub let HTTP_NOT_IMPLEMENTED = 501
pub let HTTP_BAD_GATEWAY = 502
pub let HTTP_SERVICE_UNAVAILABLE = 503
pub let HTTP_GATEWAY_TIMEOUT = 504
pub let HTTP_NETWORK_AUTHENTICATION_REQUIRED = 511

# ---------------------------------------------------------------- app state
let _middlewares = []
let _after_middlewares = []
let _error_handlers = {}
let _redirects = {}
let _default_headers = {}
let _routers = []
let _cors = nil

# ---------------------------------------------------------------- declarations

# Serve the files under fs_path at url_path (GET/HEAD; a directory's index.html;
# no escaping the directory). A missing file falls through to the app.
pub fun static(url_path, fs_path)
  _web.static(url_path, fs_path)
end

# A WebSocket endpoint. `handler(socket)` runs for each new connection before any
# message (std/web/ws documents the socket). `authorize(request)`, when given, runs
# before the handshake: true accepts, false or nil refuses with 401, a response dict
# refuses with its status, headers and body.
pub fun websocket(path, handler, authorize = nil)
  _web.websocket(path, handler, authorize)
end

# fn(request) -> a response dict (answers), another Dict (becomes the request) or nil.
pub fun middleware(fn) _middlewares.push(fn) end
pub fun before_request(fn) _middlewares.push(fn) end
# fn(request, response) -> the response to send.
pub fun after(fn) _after_middlewares.push(fn) end
pub fun after_request(fn) _after_middlewares.push(fn) end

# fn(request, message) -> a response dict, for status 404 (no route) or 500 (a handler
# raised; message is "Type: text"). Status 0 is the fallback for both. Without one, a
# raising handler gets, in development, an HTML page with the error and its Quest stack
# (escaped), in production a plain "Internal Server Error"; both log the error.
# An on_error(500) answer wins in both environments.
pub fun on_error(status, fn)
  _error_handlers[status.str()] = fn
end

# "development" (the default, as `mix phx.server` and `rails server`) or "production":
# QUEST_ENV, else [std.web] env in quest.toml. Development shows errors to the user (the
# HTTP error page, the LiveView error overlay); production only logs them. `quest serve`
# logs it once at startup ("[web] environment: development (default)").
pub fun env() _web.env() end

pub fun redirect(from_path, target, status = 302)
  if not from_path.startswith("/")
    raise ValueErr.new("redirect: from path must start with '/', got '" .. from_path .. "'")
  end
  _redirects[from_path] = [target, status]
end

# Headers added to every app response that does not set them (case-insensitive).
pub fun set_default_headers(headers)
  _default_headers = headers
end

# CORS for app responses: listed origins (or "*") get Access-Control-Allow-* headers,
# and OPTIONS pre-flight requests are answered 204. Every listed origin is allowed.
pub fun set_cors(origins = ["*"], methods = ["GET", "POST", "PUT", "DELETE"], headers = ["Content-Type", "Authorization"], credentials = false)
  _cors = {"origins": origins, "methods": methods, "headers": headers, "credentials": credentials}
end
pub fun disable_cors() _cors = nil end

# Mount a std/web/router Router under base_path ("/api" matches "/api" and "/api/...",
# never "/apix"). Handlers see the path relative to the mount.
pub fun route(base_path, router)
  if not base_path.startswith("/")
    raise ValueErr.new("route: base_path must start with '/', got '" .. base_path .. "'")
  end
  _routers.push({"base_path": base_path, "router": router})
end
pub fun get_registered_routers() _routers end

pub fun set_handler_budget(milliseconds) _web.set_handler_budget(milliseconds) end

# ---------------------------------------------------------------- serving

# A server started by start(): `port` is the bound port; stop() closes its sockets
# (1001) and runs their on_close handlers.
pub type Server
  pub host: Str
  pub port: Int
  pub handle: Int

  fun stop()
    _web.stop(self.handle)
  end

  fun url(path = "/")
    "http://" .. self.host .. ":" .. self.port.str() .. path
  end

  fun ws_url(path = "/")
    "ws://" .. self.host .. ":" .. self.port.str() .. path
  end
end

# Serves everything declared so far without blocking (for tests): port 0 picks a free
# port. Requests are handled whenever the interpreter waits (ws test clients,
# test_request, pump).
pub fun start(host = "127.0.0.1", port = 0, log = false)
  let started = _web.start(host, port, log)
  _last_started_port = started[1]
  Server.new(host: host, port: started[1], handle: started[0])
end

# The port of the newest web.start() server, nil before any (see ws.test_client).
let _last_started_port = nil
pub fun last_started_port() _last_started_port end

# Serves until SIGINT/SIGTERM, then returns nil. run(), run("0.0.0.0"), run(8080),
# run("h", 8080), run(host: "h", port: 8080). Defaults: [std.web] in quest.toml, then
# 127.0.0.1:3000. Under `quest serve`, its flags win.
pub fun run(host = nil, port = nil)
  if host != nil and host.is("Int")
    port = host
    host = nil
  end
  _web.run(host, port)
end

# Collects reference cycles, then returns how many heap objects are alive (leak tests).
pub fun live_objects() _web.live_objects() end

# Runs pending handlers for `milliseconds` (tests).
pub fun pump(milliseconds = 0) _web.pump(milliseconds) end

# A real HTTP request from a test to a server started in this process:
# returns {status, headers (lower-case names), body}.
pub fun test_request(method, url, body = nil, headers = nil, timeout_ms = 10000)
  _web.test_request(method, url, body, headers, timeout_ms)
end

# ---------------------------------------------------------------- the pipeline

fun _is_response(value)
  value != nil and value.is("Dict") and value.contains("status")
end

fun _header_set(response, name)
  let headers = response.get("headers", nil)
  if headers == nil
    return false
  end
  let wanted = name.lower()
  for key in headers.keys()
    if key.lower() == wanted
      return true
    end
  end
  false
end

fun _add_header(response, name, value)
  if response.get("headers", nil) == nil
    response["headers"] = {}
  end
  if not _header_set(response, name)
    response["headers"][name] = value
  end
end

fun _origin_allowed(origin)
  _cors["origins"].contains("*") or _cors["origins"].contains(origin)
end

fun _cors_headers(request, response)
  let origin = request["headers"].get("origin", nil)
  if origin == nil or not _origin_allowed(origin)
    return response
  end
  let allow = origin
  if _cors["origins"].contains("*") and not _cors["credentials"]
    allow = "*"
  end
  _add_header(response, "Access-Control-Allow-Origin", allow)
  if _cors["credentials"]
    _add_header(response, "Access-Control-Allow-Credentials", "true")
  end
  if allow != "*"
    _add_header(response, "Vary", "Origin")
  end
  response
end

fun _preflight(request)
  let response = {"status": 204, "headers": {
    "Access-Control-Allow-Methods": _cors["methods"].join(", "),
    "Access-Control-Allow-Headers": _cors["headers"].join(", "),
    "Access-Control-Max-Age": "600"
  }}
  _cors_headers(request, response)
end

fun _mount_path(path, base)
  if base == "/"
    return path
  end
  if path == base
    return "/"
  end
  if path.startswith(base .. "/")
    return path.slice(base.len(), path.len())
  end
  nil
end

fun _dispatch_routers(request)
  for mount in _routers
    let relative = _mount_path(request["path"], mount["base_path"])
    if relative != nil
      let full_path = request["path"]
      request["path"] = relative
      let result = nil
      try
        result = mount["router"]._dispatch(request, nil)
      ensure
        request["path"] = full_path
      end
      if _is_response(result)
        return result
      end
    end
  end
  nil
end

fun _not_found(request)
  let handler = _error_handlers.get("404", _error_handlers.get("0", nil))
  if handler != nil
    let response = handler(request, "Not Found")
    if _is_response(response)
      return response
    end
  end
  {"status": 404, "body": "Not Found", "headers": {"Content-Type": "text/plain; charset=utf-8"}}
end

fun _answer(request, handler)
  if _cors != nil and request["method"] == "OPTIONS" and request["headers"].contains("access-control-request-method")
    return _preflight(request)
  end
  for fn in _middlewares
    let result = fn(request)
    if _is_response(result)
      return result
    elif result != nil and result.is("Dict")
      request = result
    end
  end
  if _redirects.contains(request["path"])
    let target = _redirects[request["path"]]
    return {"status": target[1], "headers": {"Location": target[0]}, "body": ""}
  end
  let response = _dispatch_routers(request)
  if response == nil and handler != nil
    response = handler(request)
  end
  if response == nil
    return _not_found(request)
  end
  response
end

fun _dispatch(request, handler)
  let response = _answer(request, handler)
  for fn in _after_middlewares
    response = fn(request, response)
  end
  if not _is_response(response)
    raise ValueErr.new("a response must be a Dict with an Int 'status', got " .. response.str())
  end
  if _cors != nil
    response = _cors_headers(request, response)
  end
  for name in _default_headers.keys()
    _add_header(response, name, _default_headers[name])
  end
  response
end

fun _on_error(request, message)
  let handler = _error_handlers.get("500", _error_handlers.get("0", nil))
  if handler == nil
    return nil
  end
  handler(request, message)
end


# ---------------------------------------------------------------- events and timers

# Server-Sent Events at `path`: handler(stream, request) runs for each GET; the stream
# stays open after it returns. stream.send(data, event: nil, id: nil, retry: nil)
# (Dict/Array data is sent as JSON), stream.comment(text), stream.close(),
# stream.is_open(), stream.last_event_id(), stream.on_close(fun () ...). A comment
# is written every keep_alive_ms to keep the connection alive.
#
# web.sse(path, topic: "news") instead streams a pub/sub topic: every
# pubsub.broadcast(topic, event, payload) becomes one event named `event` with the
# payload as JSON data, to every client connected at the time.
pub fun sse(path, handler = nil, keep_alive_ms = 15000, topic = nil)
  if topic != nil and handler != nil
    raise ArgErr.new("web.sse: give a handler or topic:, not both")
  end
  if topic != nil
    handler = _topic_stream(topic)
  end
  if handler == nil
    raise ArgErr.new("web.sse: a handler or topic: is required")
  end
  _web.sse(path, handler, keep_alive_ms)
end

# The handler of a topic-backed stream: one pub/sub subscription per client, ended with
# the stream, so nothing outlives a client that left.
fun _topic_stream(topic)
  fun (stream, request)
    use "std/web/pubsub" as pubsub
    let subscription = pubsub.subscribe(fun (message)
      stream.send(message["payload"], event: message["event"])
    end, topic)
    stream.on_close(fun ()
      pubsub.unsubscribe(subscription)
    end)
  end
end

# fn() once after `milliseconds` / every `milliseconds`; returns an id for clear_timer.
pub fun set_timeout(milliseconds, fn) _web.set_timeout(milliseconds, fn) end
pub fun set_interval(milliseconds, fn) _web.set_interval(milliseconds, fn) end
pub fun clear_timer(id) _web.clear_timer(id) end

_web.set_dispatcher(_dispatch, _on_error)
