"""
std/web/router: path routing for std/web.

  use "std/web/router" {Router}
  let api = Router.new()
  api.get("/users/{id<int>}", fun (request) {status: 200, json: {id: request["params"]["id"]}} end)
  web.route("/api", api)

Patterns are split on "/" (empty segments ignored). `{name}` captures one segment,
`{name<int>}` / `{name<float>}` convert it (no match when they cannot), `{name<uuid>}`
checks the shape, `{name<path>}` (last only) captures the rest joined by "/".
Captured values are percent-decoded into request["params"].

Order: routes without parameters first; then fewer parameters first; at equal counts,
more static segments first; then registration order. HEAD requests match GET routes.
"""
use "std/encoding/url" as url

pub fun parse_pattern(pattern)
  let segments = []
  let parts = pattern.split("/").filter(fun (p) p != "" end)
  let i = 0
  while i < parts.len()
    let part = parts[i]
    if part.startswith("{") and part.endswith("}")
      let inner = part.slice(1, part.len() - 1)
      let type_name = "str"
      if inner.contains("<") and inner.endswith(">")
        let open = inner.index_of("<")
        type_name = inner.slice(open + 1, inner.len() - 1)
        inner = inner.slice(0, open)
      end
      if type_name == "path" and i != parts.len() - 1
        raise ValueErr.new("parse_pattern: {" .. inner .. "<path>} must be the last segment of " .. pattern)
      end
      segments.push({"kind": "param", "name": inner, "type": type_name})
    else
      segments.push({"kind": "static", "text": part})
    end
    i = i + 1
  end
  segments
end

fun _looks_like_uuid(text)
  text.len() == 36 and text.split("-").map(fun (p) p.len() end) == [8, 4, 4, 4, 12]
end

# The converted value of one captured segment, or [false] when it does not fit.
fun _convert(text, type_name)
  let decoded = url.decode_component(text)
  if type_name == "int"
    try
      return [true, decoded.to_int()]
    catch e
      return [false]
    end
  elif type_name == "float"
    try
      return [true, decoded.to_float()]
    catch e
      return [false]
    end
  elif type_name == "uuid"
    if not _looks_like_uuid(decoded)
      return [false]
    end
  end
  [true, decoded]
end

# The params Dict when `path` matches `segments`, else nil.
pub fun match_path(segments, path)
  let parts = path.split("/").filter(fun (p) p != "" end)
  let params = {}
  let i = 0
  while i < segments.len()
    let segment = segments[i]
    if segment["kind"] == "param" and segment["type"] == "path"
      if i >= parts.len()
        return nil
      end
      params[segment["name"]] = url.decode_component(parts.slice(i, parts.len()).join("/"))
      return params
    end
    if i >= parts.len()
      return nil
    end
    if segment["kind"] == "static"
      if parts[i] != segment["text"]
        return nil
      end
    else
      let converted = _convert(parts[i], segment["type"])
      if not converted[0]
        return nil
      end
      params[segment["name"]] = converted[1]
    end
    i = i + 1
  end
  if parts.len() != segments.len()
    return nil
  end
  params
end

fun _priority(segments)
  let params = segments.filter(fun (s) s["kind"] == "param" end).len()
  if params == 0
    return 0
  end
  1000 * params - (segments.len() - params)
end

pub type Router
  pub routes: Array = []

  fun add(method, pattern, handler)
    let segments = parse_pattern(pattern)
    let route = {"method": method, "pattern": pattern, "segments": segments,
      "priority": _priority(segments), "handler": handler}
    # Stable insertion by priority.
    let at = self.routes.len()
    while at > 0 and self.routes[at - 1]["priority"] > route["priority"]
      at = at - 1
    end
    self.routes.insert(at, route)
    self
  end

  fun get(pattern, handler) self.add("GET", pattern, handler) end
  fun post(pattern, handler) self.add("POST", pattern, handler) end
  fun put(pattern, handler) self.add("PUT", pattern, handler) end
  fun delete(pattern, handler) self.add("DELETE", pattern, handler) end
  fun patch(pattern, handler) self.add("PATCH", pattern, handler) end

  # The handler's response, or not_found(request) (nil when not_found is nil).
  fun _dispatch(request, not_found)
    let method = request["method"]
    for route in self.routes
      if route["method"] == method or (method == "HEAD" and route["method"] == "GET")
        let params = match_path(route["segments"], request["path"])
        if params != nil
          request["params"] = params
          return route["handler"](request)
        end
      end
    end
    if not_found == nil
      return nil
    end
    not_found(request)
  end

  # As a middleware: the response, or the request itself on a miss.
  fun dispatch(request)
    let result = self._dispatch(request, nil)
    if result == nil
      return request
    end
    result
  end
end

pub fun dispatch_router(router, request)
  router._dispatch(request, nil)
end
