"""
std/web/liveview: server-rendered views that send minimal diffs (QEP-054 Layer 3),
driven in the browser by the official phoenix_live_view client.

  use "std/web/liveview" as lv

  let CounterView = lv.component(fun ()
    fun render(assigns)
      lv.template("<h1>Count: <%= count %></h1><button phx-click=\"inc\">+</button>", assigns)
    end
    fun handle_event(event, payload, socket)
      socket.assign("count", socket.get("count") + 1)
      socket
    end
    {"state": {"count": 0}, "render": render, "handle_event": handle_event}
  end)
  lv.mount("/counter", CounterView)

lv.component(factory): the factory runs once per view instance and returns
  {"state", "render", "mount", "handle_event", "handle_info", "terminate"} (all but
  render optional; state is deep-copied per instance).
lv.template(source, assigns): compiled once by content; expressions are Quest
  expressions evaluated in the calling function's scope with the assigns bound as names,
  plus `d.key` on Dicts and `c ? a : b`.
lv.mount(path, View, session: fun (request) ... end): GET path -> full page; the page
  connects by itself over the LiveView socket at /live.
The socket: assign(key, value) / assign(dict), get(key), redirect(to),
  push_patch(url, replace: false), push_navigate(url, replace: false),
  push_event(name, payload), parent(), connected(), id(), assigns().
Lifecycle: mount, handle_params(params, uri, socket) (after mount and on every patch),
  render, handle_event, handle_info, terminate.
lv.configure({...}) / lv.limits(): per-socket rate and size limits and token_max_age
  ([std.web.liveview]).
Errors: a raising handler is logged and rolled back; in development (web.env()) the
  browser shows it in an overlay, a raising dead render answers the error page.
lv.schedule(socket, msg, ms), lv.send(target, event, payload), lv.live_component(C, id: ...),
lv.layout(title: ..., head: ...), lv.test_mount(View, params, session).
"""
use "std/web" as web
use "std/encoding/json" as json
use "std/sys" as sys
use "std/io" as io
use "_native/liveview" as _lv

# Exported as the native function itself: it captures its caller's scope (the user's
# render function), which a Quest wrapper would hide.
pub let template = _lv.template

const VERSION = "1.2.12"
const TOKEN_MAX_AGE = 1209600  # two weeks, as Phoenix
# Per-socket limits and the tokens' max age (see configure): defaults, under quest.toml
# [std.web.liveview], under lv.configure(options). A human clicking or typing stays far
# below 50 events/s.
const LIMIT_DEFAULTS = {"rate_limit": 50, "max_event_bytes": 65536, "max_frame_bytes": 262144, "token_max_age": TOKEN_MAX_AGE}
const LIMIT_KEYS = ["rate_limit", "rate_burst", "hard_rate_limit", "hard_rate_burst", "max_event_bytes", "max_frame_bytes", "token_max_age"]
# The window event (phx:quest:error) the bundled assets/app.js shows as the error overlay.
const ERROR_EVENT = "quest:error"
const RATE_LIMITED_CLOSE = 4029  # as std/web/channels

let _mounts = []
let _installed = false
let _rendering = []    # stack of views whose render is running (live_component's parent)
let _layout = {"title": "Quest Live", "head": "", "socket_path": "/live"}
let _test_views = []
let _configured = {}   # what lv.configure said
let _toml_limits = nil # what quest.toml said, read at the first socket
let _env = nil         # web.env(), read at the first error

# ---------------------------------------------------------------- socket

pub type Socket
  pub st: Dict

  fun id() self.st["view"]["id"] end
  fun connected() self.st["view"]["connected"] end
  fun get(key, default = nil) self.st["view"]["assigns"].get(key, default) end
  fun assigns() self.st["view"]["assigns"] end
  fun assign(key, value = nil)
    let view = self.st["view"]
    if key.is("Dict")
      for name in key.keys()
        view["assigns"][name] = key[name]
        view["changed"][name] = true
      end
    else
      view["assigns"][key] = value
      view["changed"][key] = true
    end
    self
  end
  fun redirect(target)
    self.st["view"]["redirect"] = target
    self
  end
  # push_patch(url, replace: false): the same view at a new URL of its own mount (query
  # or route params): handle_params(params, uri, socket) runs after the current
  # handler and the browser's URL changes without a page load (history push, or
  # replace). A path mounted by another view is a push_navigate.
  fun push_patch(url, replace = false)
    self.st["view"]["navigation"] = {"kind": "patch", "to": url, "replace": replace}
    self
  end
  # push_navigate(url, replace: false): the view mounted at `url` replaces this one over
  # the same socket, without a page load, keeping the session; a mount with another
  # session function (or none at `to`) is reached by a page load instead.
  fun push_navigate(url, replace = false)
    self.st["view"]["navigation"] = {"kind": "navigate", "to": url, "replace": replace}
    self
  end
  fun push_event(name, payload = {})
    self.st["view"]["events"].push([name, payload])
    self
  end
  fun parent()
    let parent = self.st["view"]["parent"]
    if parent == nil
      return nil
    end
    parent["socket"]
  end
  fun view() self.st["view"] end
  # A function for pub/sub: fun (message) -> handle_info(message, socket), then the diff
  # is pushed to the browser. std/web/pubsub's subscribe(socket, topic) uses it.
  fun info_handler()
    let view = self.st["view"]
    fun (message)
      if view["alive"]
        _call_info(view, message)
        _push_update(view)
      end
    end
  end
  fun str() "<LiveView " .. self.st["view"]["id"] .. ">" end
end

# ---------------------------------------------------------------- declarations

pub fun component(factory)
  {"__live_view": true, "factory": factory}
end

# Page options: title, head (extra HTML in <head>: CSS links, hook scripts setting
# window.QuestLiveHooks), socket_path.
pub fun layout(title = nil, head = nil, socket_path = nil)
  if title != nil
    _layout["title"] = title
  end
  if head != nil
    _layout["head"] = head
  end
  if socket_path != nil
    _layout["socket_path"] = socket_path
  end
  _layout
end

pub fun mount(path, View, session = nil)
  _check_view(View, "mount")
  _install()
  _mounts.push({"path": path, "segments": _segments(path), "view": View, "session": session})
end

# The view mounted at `path` (as given to mount), nil when none: lets a test drive the
# views of an app module whose views are private `let`s.
pub fun mounted(path)
  let mount = _find_mount(path)
  if mount == nil
    return nil
  end
  mount["view"]
end

# The secret for session tokens (quest.toml [std.web] secret_key_base); >= 32 bytes.
pub fun set_secret(secret) _lv.set_secret(secret) end

# Limits of each LiveView socket opened from now on; options is a Dict of
#   rate_limit       frames per second served (default 50; 0: no limit)
#   rate_burst       frames at once before rate_limit applies (default 2 x rate_limit)
#     a frame over these gets the error reply {"reason": "rate limit exceeded"}; the view
#     and the socket's other frames are untouched
#   hard_rate_limit, hard_rate_burst   past these (default 4 x the soft ones) the socket
#     is closed with 4029 "rate limit exceeded"
#   max_event_bytes  a larger frame gets the error reply {"reason": "event too large"}
#     (default 64 KB)
#   max_frame_bytes  a larger frame closes the socket with 1009 (default 256 KB)
#   token_max_age    seconds a page's session and static tokens can join with (default
#     two weeks, as Phoenix); an older token is refused "stale" and the client reloads
#     the page (whole seconds >= 1)
# Keys given here win over quest.toml's [std.web.liveview]; a key given as nil goes back
# to quest.toml or the default. Returns the limits in force.
pub fun configure(options = {})
  if not options.is("Dict")
    raise TypeErr.new("configure: expected a Dict of limits")
  end
  for key in options.keys()
    if not LIMIT_KEYS.contains(key)
      raise ArgErr.new("configure: unknown key '" .. key .. "' (known: " .. LIMIT_KEYS.join(", ") .. ")")
    end
    let value = options[key]
    if value != nil and (not (value.is("Int") or value.is("Float")) or value < 0)
      raise ValueErr.new("configure: " .. key .. " must be a number >= 0, got " .. value.str())
    end
    if key == "token_max_age" and value != nil and (not value.is("Int") or value < 1)
      raise ValueErr.new("configure: token_max_age must be a whole number of seconds >= 1, got " .. value.str())
    end
  end
  for key in options.keys()
    if options[key] == nil
      _configured.delete(key)
    else
      _configured[key] = options[key]
    end
  end
  limits()
end

# The limits a new socket gets (defaults, quest.toml, configure), every key filled in.
pub fun limits()
  if _toml_limits == nil
    _toml_limits = _lv.limits_toml()
  end
  let given = {}
  for key in LIMIT_DEFAULTS.keys()
    given[key] = LIMIT_DEFAULTS[key]
  end
  for source in [_toml_limits, _configured]
    for key in source.keys()
      given[key] = source[key]
    end
  end
  let rate = given["rate_limit"]
  let burst = given.get("rate_burst", 2 * rate)
  {"rate_limit": rate, "rate_burst": burst,
   "hard_rate_limit": given.get("hard_rate_limit", 4 * rate),
   "hard_rate_burst": given.get("hard_rate_burst", 4 * burst),
   "max_event_bytes": given["max_event_bytes"], "max_frame_bytes": given["max_frame_bytes"],
   "token_max_age": given["token_max_age"]}
end

fun _check_view(View, fn)
  if View == nil or not View.is("Dict") or not View.get("__live_view", false)
    raise TypeErr.new(fn .. ": expected a view made by lv.component(factory)")
  end
end

fun _segments(path)
  let out = []
  for part in path.split("/")
    if part != ""
      out.push(part)
    end
  end
  out
end

# Route params of `path` against a mount, or nil when it does not match.
fun _match(mount, path)
  let parts = _segments(path)
  let wanted = mount["segments"]
  if parts.len() != wanted.len()
    return nil
  end
  let params = {}
  let i = 0
  while i < parts.len()
    let w = wanted[i]
    if w.startswith(":")
      params[w.slice(1, w.len())] = _lv.decode_form("v=" .. parts[i])["v"]
    elif w != parts[i]
      return nil
    end
    i = i + 1
  end
  params
end

let _bundle = nil

# The esbuild bundle of the official clients, read once; cached by browsers for an hour
# and revalidated by ETag (the build's content hash).
fun _bundle_response(request)
  if _bundle == nil
    let file = _lv.assets_dir() .. "/app.js"
    if not io.exists(file)
      return {"status": 404, "body": "LiveView client bundle missing (build target live_assets)"}
    end
    let text = io.read(file)
    _bundle = {"body": text, "etag": "\"" .. _lv.content_hash(text) .. "\""}
  end
  if request["headers"].get("if-none-match", nil) == _bundle["etag"]
    return {"status": 304, "body": "", "headers": {"ETag": _bundle["etag"]}}
  end
  {"status": 200, "body": _bundle["body"], "headers": {
    "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600",
    "ETag": _bundle["etag"]}}
end

fun _install()
  if _installed
    return nil
  end
  _installed = true
  web.middleware(fun (request)
    if request["method"] != "GET"
      return nil
    end
    if request["path"] == "/assets/app.js"
      return _bundle_response(request)
    end
    for mount in _mounts
      let params = _match(mount, request["path"])
      if params != nil
        return _page(mount, params, request)
      end
    end
    nil
  end)
  web.websocket(_layout["socket_path"] .. "/websocket", fun (socket) _on_socket(socket) end)
end

# ---------------------------------------------------------------- instances

fun _deep_copy(value)
  if value == nil
    return nil
  elif value.is("Array")
    let out = []
    for item in value
      out.push(_deep_copy(item))
    end
    return out
  elif value.is("Dict")
    let out = {}
    for key in value.keys()
      out[key] = _deep_copy(value[key])
    end
    return out
  end
  value
end

fun _new_view(View, id, params, session, parent)
  let spec = View["factory"]()
  if spec == nil or not spec.is("Dict") or spec.get("render", nil) == nil
    raise TypeErr.new("lv.component: the factory must return a Dict with a 'render' function")
  end
  let view = {
    "id": id, "spec": spec, "assigns": _deep_copy(spec.get("state", {})), "changed": {},
    "events": [], "redirect": nil, "parent": parent, "connected": false,
    "params": params, "session": session, "renderer": _lv.renderer(),
    "components": {}, "cids": {}, "next_cid": 1, "cid": nil, "ws": nil, "topic": nil,
    "join_ref": nil, "alive": true, "socket": nil, "subscriptions": [],
    "navigation": nil, "mount": nil, "uri": ""
  }
  view["socket"] = Socket.new(st: {"view": view})
  view
end

fun _log_error(view, where, e)
  let stack = ""
  try
    stack = e.stack().str()
  catch ignored
    stack = ""
  end
  web_log_line("[liveview] " .. view["id"] .. ": error in " .. where .. ": " .. e.str() .. "\n" .. stack)
end

fun web_log_line(line)
  sys.stderr.write(line .. "\n")
end

fun _development()
  if _env == nil
    try
      _env = web.env()
    catch e
      _env = "unknown"  # a bad QUEST_ENV / [std.web] env: show nothing (it is logged elsewhere)
    end
  end
  _env == "development"
end

# In development, the error goes to the browser with the next reply or push, as the
# window event phx:quest:error that assets/app.js shows as a dismissable overlay (the
# client puts every piece in as text). Production sends nothing: the log has it. Test
# views (lv.test_mount) have no browser.
fun _show_error(view, where, e)
  if not _development() or _root(view).get("test", false)
    return nil
  end
  view["events"].push([ERROR_EVENT, {"view": _root(view)["id"], "where": where,
    "type": e.type().str(), "message": e.message(), "stack": e.stack()}])
end

# Runs a handler on `view`: on an exception the assigns go back to what they were.
fun _guarded(view, where, fn)
  let before = _deep_copy(view["assigns"])
  try
    fn()
    return true
  catch e
    _log_error(view, where, e)
    view["assigns"] = before
    view["changed"] = {}
    view["events"] = []
    view["redirect"] = nil
    view["navigation"] = nil
    _show_error(view, where, e)
    return false
  end
end

fun _mount_view(view)
  let mount_fn = view["spec"].get("mount", nil)
  if mount_fn != nil
    return _guarded(view, "mount", fun () mount_fn(view["params"], view["session"], view["socket"]) end)
  end
  true
end

fun _render_template(view)
  let tpl = view["spec"]["render"](view["assigns"])
  if not _lv.is_template(tpl)
    raise TypeErr.new("render must return lv.template(...), got " .. tpl.str())
  end
  tpl
end

# Runs `fn(template)` with `view` as the parent of the components rendered meanwhile.
fun _with_render(view, fn)
  _rendering.push(view)
  try
    return fn(_render_template(view))
  ensure
    _rendering.pop()
  end
end

fun _root(view)
  let v = view
  while v["cid"] != nil
    v = v["parent"]
  end
  v
end

# The HTML of the view now (dead render, test render()).
fun _html(view) _with_render(view, fun (tpl) view["renderer"].html(tpl) end) end

fun _take_events(view)
  let events = view["events"]
  view["events"] = []
  for cid in view["cids"].keys()
    let c = view["cids"][cid]
    for e in c["events"]
      events.push(e)
    end
    c["events"] = []
  end
  events
end

fun _join_json(view)
  view["changed"] = {}
  _with_render(view, fun (tpl) view["renderer"].join(tpl, _take_events(view)) end)
end

fun _diff_json(view)
  let changed = view["changed"].keys()
  view["changed"] = {}
  _with_render(view, fun (tpl) view["renderer"].update(tpl, changed, _take_events(view)) end)
end

# <%= lv.live_component(Component, id: "x") %>: the component with that id in the view
# being rendered (created and mounted the first time), rendered as `c` in the diff.
pub fun live_component(Component, id = nil)
  _check_view(Component, "live_component")
  if id == nil
    raise ArgErr.new("live_component: id is required")
  end
  if _rendering.len() == 0
    raise RuntimeErr.new("live_component: only inside a template")
  end
  let root = _root(_rendering[_rendering.len() - 1])
  let key = id.str()
  let c = root["components"].get(key, nil)
  let first = false
  if c == nil
    c = _new_view(Component, root["id"] .. ":" .. key, root["params"], root["session"], root)
    c["cid"] = root["next_cid"]
    c["connected"] = root["connected"]
    root["next_cid"] = root["next_cid"] + 1
    root["components"][key] = c
    root["cids"][c["cid"].str()] = c
    _mount_view(c)
    first = true
  end
  let changed = nil
  if not first
    changed = c["changed"].keys()
  end
  c["changed"] = {}
  _rendering.push(c)
  try
    let tpl = _lv.component_template(_render_template(c), c["cid"])
    return {"__live_cid": c["cid"], "__live_template": tpl, "__live_changed": changed}
  ensure
    _rendering.pop()
  end
end

# ---------------------------------------------------------------- messages to views

fun _call_event(view, event, value, cid)
  let target = view
  if cid != nil
    target = view["cids"].get(cid.str(), nil)
    if target == nil
      return false
    end
  end
  let handler = target["spec"].get("handle_event", nil)
  if handler == nil
    return false
  end
  _guarded(target, "handle_event(" .. event .. ")", fun () handler(event, value, target["socket"]) end)
end

fun _call_info(view, msg)
  let handler = view["spec"].get("handle_info", nil)
  if handler == nil
    return false
  end
  _guarded(view, "handle_info", fun () handler(msg, view["socket"]) end)
end

fun _call_terminate(view, reason)
  if not view["alive"]
    return nil
  end
  view["alive"] = false
  _end_subscriptions(view)
  for key in view["components"].keys()
    _call_terminate(view["components"][key], reason)
  end
  let handler = view["spec"].get("terminate", nil)
  if handler != nil
    _guarded(view, "terminate", fun () handler(reason, view["socket"]) end)
  end
end

# After handle_info on a connected view: push the diff (or the redirect).
fun _push_update(view)
  let root = _root(view)
  if root["ws"] == nil or not root["alive"]
    return nil
  end
  let target = _take_redirect(root)
  if target != nil
    _send(root, nil, "redirect", json.stringify({"to": target}))
    return nil
  end
  let nav = _apply_navigation(root)
  if nav != nil and nav.contains("live_redirect")
    _send(root, nil, "live_redirect", json.stringify(nav["live_redirect"]))
    return nil
  end
  let diff = _diff_json(root)
  if diff != "{}"
    _send(root, nil, "diff", diff)
  end
  if nav != nil
    _send(root, nil, "live_patch", json.stringify(nav["live_patch"]))
  end
end

# ---------------------------------------------------------------- URLs and navigation

# {"path", "query"} of an absolute or relative URL (the fragment dropped).
fun _split_url(url)
  let rest = url
  let scheme = rest.index_of("://")
  if scheme >= 0
    rest = rest.slice(scheme + 3, rest.len())
    let slash = rest.index_of("/")
    if slash < 0
      rest = "/"
    else
      rest = rest.slice(slash, rest.len())
    end
  end
  let hash = rest.index_of("#")
  if hash >= 0
    rest = rest.slice(0, hash)
  end
  let q = rest.index_of("?")
  if q < 0
    return {"path": rest, "query": ""}
  end
  {"path": rest.slice(0, q), "query": rest.slice(q + 1, rest.len())}
end

# Route params of `url` for `mount` (nil when its path does not match; any path when
# mount is nil, as for test views), plus its query string; route params win.
fun _url_params(mount, url)
  let parts = _split_url(url)
  let params = {}
  if mount != nil
    params = _match(mount, parts["path"])
    if params == nil
      return nil
    end
  end
  if parts["query"] != ""
    let query = _lv.decode_form(parts["query"])
    for key in query.keys()
      if not params.contains(key)
        params[key] = query[key]
      end
    end
  end
  params
end

# [mount, params] of the first mount matching url's path, or nil.
fun _mount_for_url(url)
  for mount in _mounts
    let params = _url_params(mount, url)
    if params != nil
      return [mount, params]
    end
  end
  nil
end

# `to` made absolute against `base` (the view's current URI) when it is a path.
fun _absolute(base, path)
  let scheme = base.index_of("://")
  if not path.startswith("/") or scheme < 0
    return path
  end
  let slash = base.slice(scheme + 3, base.len()).index_of("/")
  if slash < 0
    return base .. path
  end
  base.slice(0, scheme + 3 + slash) .. path
end

fun _call_params(view, params, uri)
  view["uri"] = uri
  let handler = view["spec"].get("handle_params", nil)
  if handler == nil
    return true
  end
  _guarded(view, "handle_params", fun () handler(params, uri, view["socket"]) end)
end

fun _take_navigation(view)
  let nav = view["navigation"]
  view["navigation"] = nil
  for cid in view["cids"].keys()
    let c = view["cids"][cid]
    if nav == nil and c["navigation"] != nil
      nav = c["navigation"]
    end
    c["navigation"] = nil
  end
  nav
end

# Runs a pending push_patch's handle_params (a few in a row at most, when handle_params
# patches again) and returns what the client must be told: {"live_patch": {kind, to}},
# {"live_redirect": {kind, to}} or nil.
fun _apply_navigation(root)
  let told = nil
  let rounds = 0
  let nav = _take_navigation(root)
  while nav != nil and rounds < 4
    let kind = "push"
    if nav["replace"]
      kind = "replace"
    end
    let params = nil
    if nav["kind"] == "patch"
      params = _url_params(root["mount"], nav["to"])
    end
    if params == nil
      return {"live_redirect": {"kind": kind, "to": nav["to"]}}
    end
    _call_params(root, params, _absolute(root["uri"], nav["to"]))
    told = {"live_patch": {"kind": kind, "to": nav["to"]}}
    rounds = rounds + 1
    nav = _take_navigation(root)
  end
  told
end

fun _take_redirect(view)
  let target = view["redirect"]
  view["redirect"] = nil
  for cid in view["cids"].keys()
    let c = view["cids"][cid]
    if target == nil and c["redirect"] != nil
      target = c["redirect"]
    end
    c["redirect"] = nil
  end
  target
end

# lv.schedule(socket, msg, ms): handle_info(msg, socket) once after `ms`.
pub fun schedule(socket, msg, ms)
  let view = socket.view()
  web.set_timeout(ms, fun ()
    if view["alive"] and (_root(view)["ws"] != nil or _root(view).get("test", false))
      _call_info(view, msg)
      _push_update(view)
    end
  end)
end

# lv.subscribe(socket, topic): pub/sub broadcasts on `topic` reach the view's
# handle_info({"event", "payload", "topic"}) and the diff is pushed; the subscription
# ends with the view. Needs std/web/pubsub (Layer 2).
pub fun subscribe(socket, topic)
  use "std/web/pubsub" as pubsub
  let view = socket.view()
  let id = pubsub.subscribe(socket.info_handler(), topic)
  view["subscriptions"].push(id)
  id
end

fun _end_subscriptions(view)
  if view["subscriptions"].len() == 0
    return nil
  end
  use "std/web/pubsub" as pubsub
  for id in view["subscriptions"]
    pubsub.unsubscribe(id)
  end
  view["subscriptions"] = []
end

# lv.send(target, event, payload): target's handle_info({"event", "payload"}), now.
pub fun send(target, event, payload = {})
  if target == nil
    raise ArgErr.new("send: no target (socket.parent() of a root view is nil)")
  end
  let view = target.view()
  if not view["alive"]
    return false
  end
  _call_info(view, {"event": event, "payload": payload})
  true
end

# ---------------------------------------------------------------- the page

fun _escape_attr(text)
  text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;")
end

fun _page(mount, params, request)
  let query = request.get("query", {})
  for key in query.keys()
    if not params.contains(key)
      params[key] = query[key]
    end
  end
  let session = {}
  let session_fn = mount["session"]
  if session_fn != nil
    let made = session_fn(request)
    if made != nil
      session = made
    end
  end
  let id = _lv.view_id()
  let csrf = _lv.random_token(24)
  let view = _new_view(mount["view"], id, params, session, nil)
  view["mount"] = mount
  let uri = "http://" .. request["headers"].get("host", "localhost") .. request["path"]
  if request.get("query_string", "") != ""
    uri = uri .. "?" .. request["query_string"]
  end
  # Not guarded: an exception here is the HTTP request's, answered as any raising HTTP
  # handler is (on_error, else the development error page or a plain 500).
  let mount_fn = view["spec"].get("mount", nil)
  if mount_fn != nil
    mount_fn(view["params"], view["session"], view["socket"])
  end
  view["uri"] = uri
  let params_fn = view["spec"].get("handle_params", nil)
  if params_fn != nil
    params_fn(params, uri, view["socket"])
  end
  # A redirect or navigation from mount / handle_params: the browser goes there now.
  let target = _take_redirect(view)
  let nav = _take_navigation(view)
  if target == nil and nav != nil
    target = nav["to"]
  end
  if target != nil
    _call_terminate(view, "dead_render")
    return {"status": 302, "body": "", "headers": {"Location": target, "Cache-Control": "no-store"}}
  end
  let body = _html(view)
  _call_terminate(view, "dead_render")
  let token = _lv.sign("session", json.stringify({
    "id": id, "path": mount["path"], "params": params, "session": session, "csrf": csrf
  }))
  let static_token = _lv.sign("static", json.stringify({"id": id}))
  let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" ..
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" ..
    "<meta name=\"csrf-token\" content=\"" .. csrf .. "\">\n" ..
    "<title>" .. _escape_attr(_layout["title"]) .. "</title>\n" .. _layout["head"] ..
    "<script defer phx-track-static src=\"/assets/app.js\"></script>\n</head>\n" ..
    "<body data-live-socket=\"" .. _escape_attr(_layout["socket_path"]) .. "\">\n" ..
    "<div id=\"" .. id .. "\" data-phx-main data-phx-session=\"" .. token ..
    "\" data-phx-static=\"" .. static_token .. "\">" .. body .. "</div>\n</body>\n</html>\n"
  {"status": 200, "body": html, "headers": {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}}
end

fun _find_mount(path)
  for mount in _mounts
    if mount["path"] == path
      return mount
    end
  end
  nil
end

# ---------------------------------------------------------------- the socket at /live

fun _frame(join_ref, ref, topic, event, payload_json)
  "[" .. json.stringify(join_ref) .. "," .. json.stringify(ref) .. "," .. json.stringify(topic) .. "," ..
    json.stringify(event) .. "," .. payload_json .. "]"
end

fun _reply(ws, msg, status, response_json)
  ws.send(_frame(msg[0], msg[1], msg[2], "phx_reply", "{\"status\":\"" .. status .. "\",\"response\":" .. response_json .. "}"))
end

fun _send(view, ref, event, payload_json)
  view["ws"].send(_frame(view["join_ref"], ref, view["topic"], event, payload_json))
end

fun _on_socket(ws)
  let joined = {}  # topic -> view
  let limit = limits()
  let budget = _lv.frame_budget(limit["rate_limit"], limit["rate_burst"], limit["hard_rate_limit"], limit["hard_rate_burst"])
  let throttled = false  # logged once per run of refused frames, not once per frame
  ws.on_message(fun (data)
    if data.is("Bytes")
      web_log_line("[liveview] closing a socket: binary frame (LiveView speaks JSON text)")
      ws.close(1003, "binary frames are not supported")
      return nil
    end
    if data.len() > limit["max_frame_bytes"]
      web_log_line("[liveview] closing a socket: frame of " .. data.len().str() .. " bytes over max_frame_bytes " .. limit["max_frame_bytes"].str())
      ws.close(1009, "message too big")
      return nil
    end
    let verdict = budget.take()
    if verdict == 2
      web_log_line("[liveview] closing a socket: over hard_rate_limit " .. limit["hard_rate_limit"].str() .. "/s")
      ws.close(RATE_LIMITED_CLOSE, "rate limit exceeded")
      return nil
    end
    let msg = nil
    try
      msg = json.parse(data)
    catch e
      ws.close(1003, "bad frame")
      return nil
    end
    if not msg.is("Array") or msg.len() != 5
      ws.close(1003, "bad frame")
      return nil
    end
    if verdict == 1
      if not throttled
        web_log_line("[liveview] refusing frames over rate_limit " .. limit["rate_limit"].str() .. "/s (error replies)")
        throttled = true
      end
      return _refuse(ws, msg, "rate limit exceeded")
    end
    throttled = false
    if data.len() > limit["max_event_bytes"]
      web_log_line("[liveview] refused a frame of " .. data.len().str() .. " bytes over max_event_bytes " .. limit["max_event_bytes"].str())
      return _refuse(ws, msg, "event too large")
    end
    let topic = msg[2]
    let event = msg[3]
    let payload = msg[4]
    if topic == "phoenix" and event == "heartbeat"
      _reply(ws, msg, "ok", "{}")
    elif event == "phx_join"
      _join(ws, joined, msg)
    elif event == "phx_leave"
      let view = joined.get(topic, nil)
      if view != nil
        joined.delete(topic)
        _call_terminate(view, "leave")
      end
      _reply(ws, msg, "ok", "{}")
    else
      let view = joined.get(topic, nil)
      if view == nil
        ws.send(_frame(msg[0], msg[1], topic, "phx_reply", "{\"status\":\"error\",\"response\":{\"reason\":\"unmatched topic\"}}"))
      elif event == "event"
        _event(ws, view, msg)
      elif event == "live_patch"
        _live_patch(ws, view, msg)
      else
        _reply(ws, msg, "ok", "{}")
      end
    end
  end)
  ws.on_close(fun (code, reason)
    for topic in joined.keys()
      let view = joined[topic]
      _call_terminate(view, "disconnect")
    end
  end)
end

fun _refuse(ws, msg, reason)
  _reply(ws, msg, "error", json.stringify({"reason": reason}))
end

# A join whose mount or render raised: refused as Phoenix refuses a crashed join (the
# official client marks the page phx-error and reloads it after a few seconds, with
# backoff: never a tight reload loop), with the error overlay's event in development.
fun _crashed(ws, msg, view)
  let reply = {"reason": "join crashed"}
  let events = _take_events(view)
  if events.len() > 0
    reply["events"] = events
  end
  _call_terminate(view, "crash")
  _reply(ws, msg, "error", json.stringify(reply))
end

fun _join(ws, joined, msg)
  let payload = msg[4]
  let topic = msg[2]
  if not payload.is("Dict") or not topic.startswith("lv:")
    return _refuse(ws, msg, "unauthorized")
  end
  let max_age = limits()["token_max_age"]
  let verified = _lv.verify("session", payload.get("session", "").str(), max_age)
  if verified[0] == nil
    web_log_line("[liveview] join refused: session token " .. verified[1])
    return _refuse(ws, msg, "stale")
  end
  let data = json.parse(verified[0])
  # The static token (data-phx-static) is optional, as in Phoenix; one that is sent must
  # be valid, young enough and the page's.
  let static_token = payload.get("static", nil)
  if static_token != nil
    let checked = _lv.verify("static", static_token.str(), max_age)
    if checked[0] == nil
      web_log_line("[liveview] join refused: static token " .. checked[1])
      return _refuse(ws, msg, "stale")
    end
    if json.parse(checked[0])["id"] != data["id"]
      return _refuse(ws, msg, "unauthorized")
    end
  end
  let params = payload.get("params", {})
  if not params.is("Dict") or params.get("_csrf_token", nil) != data["csrf"]
    web_log_line("[liveview] join refused: bad CSRF token")
    return _refuse(ws, msg, "stale")
  end
  if "lv:" .. data["id"] != topic
    return _refuse(ws, msg, "unauthorized")
  end
  let mount = _find_mount(data["path"])
  if mount == nil
    return _refuse(ws, msg, "unauthorized")
  end
  # Which view at which params: the client's URL (after a live patch or navigation it
  # is no longer the page's). A live navigation (payload "redirect") may only reach a
  # mount with the same session function as the page's, since the session it carries
  # was built by that function; otherwise the client loads the page.
  let mount_params = data["params"]
  let redirect = payload.get("redirect", nil)
  let url = redirect
  if url == nil
    url = payload.get("url", nil)
  end
  let uri = ""
  if url != nil and url.is("Str")
    uri = url
    let target = _mount_for_url(url)
    if target != nil and (target[0]["path"] == mount["path"] or target[0]["session"] == mount["session"])
      mount = target[0]
      mount_params = target[1]
    elif redirect != nil
      return _refuse(ws, msg, "unauthorized")
    end
  elif redirect != nil
    return _refuse(ws, msg, "unauthorized")
  end
  let old = joined.get(topic, nil)
  if old != nil
    joined.delete(topic)
    _call_terminate(old, "rejoin")
  end
  let view = _new_view(mount["view"], data["id"], mount_params, data["session"], nil)
  view["mount"] = mount
  view["connected"] = true
  view["ws"] = ws
  view["topic"] = topic
  view["join_ref"] = msg[0]
  if not _mount_view(view)
    return _crashed(ws, msg, view)
  end
  # A raising handle_params is logged and the view joins with the assigns mount gave.
  _call_params(view, mount_params, uri)
  let target = _take_redirect(view)
  if target != nil
    return _reply(ws, msg, "error", json.stringify({"redirect": {"to": target}}))
  end
  let nav = _apply_navigation(view)
  if nav != nil and nav.contains("live_redirect")
    return _reply(ws, msg, "error", json.stringify(nav))
  end
  let rendered = nil
  try
    rendered = _join_json(view)
  catch e
    _log_error(view, "render", e)
    _show_error(view, "render", e)
    return _crashed(ws, msg, view)
  end
  joined[topic] = view
  let patch = ""
  if nav != nil
    patch = ",\"live_patch\":" .. json.stringify(nav["live_patch"])
  end
  _reply(ws, msg, "ok", "{\"rendered\":" .. rendered .. patch .. ",\"liveview_version\":\"" .. VERSION .. "\"}")
end

# The value of an event as a handler sees it: forms decoded into a Dict.
fun _event_value(payload)
  let value = payload.get("value", {})
  if payload.get("type", nil) == "form" and value.is("Str")
    let form = _lv.decode_form(value)
    let fields = []
    for key in form.keys()
      if not key.startswith("_unused_") and not key.startswith("_target")
        fields.push(key)
      end
    end
    # A lone input (phx-change on the input itself): its value as payload["value"].
    if fields.len() == 1 and not form.contains("value")
      form["value"] = form[fields[0]]
    end
    let meta = payload.get("meta", nil)
    if meta != nil and meta.is("Dict") and meta.get("_target", nil) != nil
      form["_target"] = meta["_target"]
    end
    return form
  end
  if value == nil
    return {}
  end
  value
end

fun _event(ws, view, msg)
  let payload = msg[4]
  if not payload.is("Dict") or not payload.get("event", nil).is("Str")
    return _reply(ws, msg, "ok", "{}")
  end
  _call_event(view, payload["event"], _event_value(payload), payload.get("cid", nil))
  _reply_after_handler(ws, view, msg)
end

# The client followed a patch link (<a data-phx-link="patch">) or went back/forward
# within the view: handle_params with the URL's params; a URL of another mount is
# answered with a page load.
fun _live_patch(ws, view, msg)
  let payload = msg[4]
  let url = nil
  if payload.is("Dict")
    url = payload.get("url", nil)
  end
  if url == nil or not url.is("Str")
    return _refuse(ws, msg, "live_patch without a url")
  end
  let params = _url_params(view["mount"], url)
  if params == nil
    return _reply(ws, msg, "ok", json.stringify({"redirect": {"to": url}}))
  end
  _call_params(view, params, url)
  _reply_after_handler(ws, view, msg)
end

# The reply to an event or a live_patch once its handler ran: a redirect, a live
# navigation, or the diff (with the live_patch a push_patch asked for).
fun _reply_after_handler(ws, view, msg)
  let target = _take_redirect(view)
  if target != nil
    return _reply(ws, msg, "ok", json.stringify({"redirect": {"to": target}}))
  end
  let nav = _apply_navigation(view)
  if nav != nil and nav.contains("live_redirect")
    return _reply(ws, msg, "ok", json.stringify(nav))
  end
  let diff = "{}"
  try
    diff = _diff_json(view)
  catch e
    _log_error(view, "render", e)
    _show_error(view, "render", e)
    let events = _take_events(view)
    if events.len() > 0
      diff = "{\"e\":" .. json.stringify(events) .. "}"
    end
  end
  let parts = []
  if diff != "{}"
    parts.push("\"diff\":" .. diff)
  end
  if nav != nil
    parts.push("\"live_patch\":" .. json.stringify(nav["live_patch"]))
  end
  _reply(ws, msg, "ok", "{" .. parts.join(",") .. "}")
end

# ---------------------------------------------------------------- tests

pub type TestView
  pub st: Dict

  fun render() _html(self.st["view"]) end
  fun assigns() self.st["view"]["assigns"] end
  fun redirected_to() self.st["redirected"] end
  # Where the last push_patch / push_navigate went (nil when none).
  fun patched_to() self.st["patched"] end
  fun navigated_to() self.st["navigated"] end
  fun socket() self.st["view"]["socket"] end
  # The diff the last event produced (JSON text, "{}" when nothing changed).
  fun last_diff() self.st["diff"] end
  fun _after()
    let view = self.st["view"]
    let target = _take_redirect(view)
    if target != nil
      self.st["redirected"] = target
    end
    let nav = _apply_navigation(view)
    if nav != nil and nav.contains("live_patch")
      self.st["patched"] = nav["live_patch"]["to"]
    elif nav != nil
      self.st["navigated"] = nav["live_redirect"]["to"]
    end
    self.st["diff"] = _diff_json(view)
    self
  end
  # As a patch link to `url` followed in the browser: handle_params with its query
  # (and route params when the view came from lv.mounted).
  fun patch(url)
    let view = self.st["view"]
    let params = _url_params(view["mount"], url)
    if params == nil
      raise ArgErr.new("patch: " .. url .. " is not a URL of this view's mount")
    end
    _call_params(view, params, url)
    self._after()
  end
  fun click(event, value = {}, cid = nil)
    _call_event(self.st["view"], event, value, cid)
    self._after()
  end
  fun change(event, form = {}) self.click(event, form) end
  fun submit(event, form = {}) self.click(event, form) end
  fun keyup(event, key, value = nil) self.click(event, {"key": key, "value": value}) end
  fun send_info(msg)
    _call_info(self.st["view"], msg)
    self._after()
  end
  # The component mounted with `id` (its socket), for events sent to it.
  fun component(id) self.st["view"]["components"][id.str()]["socket"] end
  fun click_component(id, event, value = {})
    let c = self.st["view"]["components"][id.str()]
    self.click(event, value, c["cid"])
  end
  fun join_json() _join_json(self.st["view"]) end
  fun stop() _call_terminate(self.st["view"], "shutdown") end
end

# A connected view in this process, without a browser: the same render and diff path.
pub fun test_mount(View, params = {}, session = {})
  _check_view(View, "test_mount")
  let view = _new_view(View, "phx-test-" .. _lv.random_token(8), params, session, nil)
  view["connected"] = true
  view["test"] = true
  view["uri"] = "http://localhost/"
  if _mount_view(view)
    _call_params(view, params, view["uri"])
  end
  let t = TestView.new(st: {"view": view, "redirected": nil, "patched": nil, "navigated": nil, "diff": nil})
  t.st["redirected"] = _take_redirect(view)
  let nav = _apply_navigation(view)
  if nav != nil and nav.contains("live_patch")
    t.st["patched"] = nav["live_patch"]["to"]
  elif nav != nil
    t.st["navigated"] = nav["live_redirect"]["to"]
  end
  t.st["diff"] = _join_json(view)
  _test_views.push(t)
  t
end
