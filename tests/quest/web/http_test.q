# std/web over real HTTP: the request dict handle_request receives, the response dict
# it returns, static files, 404/500, and upstream's std/web helpers (middleware, after,
# redirect, default headers, on_error, CORS, router). The requests are real
# (web.test_request), against a server started in this process.
use "std/test"
use "std/web" as web
use "std/web/router" {Router}
use "std/encoding/json"

test.module("std/web (HTTP)")

let seen = {"request": nil}

web.static("/public", "tests/quest/web/fixtures/public")

let api = Router.new()
api.get("/users/{id<int>}", fun (request) {"status": 200, "json": {"id": request["params"]["id"], "path": request["path"]}} end)
api.post("/users", fun (request) {"status": 201, "body": "created"} end)
web.route("/api", api)

web.middleware(fun (request)
  if request["path"] == "/blocked"
    return {"status": 403, "body": "blocked by middleware"}
  end
  request["seen_by_middleware"] = true
  request
end)
web.after(fun (request, response)
  if request["path"] == "/after"
    response["headers"] = {"X-After": "yes"}
  end
  response
end)
web.redirect("/old", "/new", 301)
web.set_default_headers({"X-Powered-By": "Quest"})
web.set_cors(origins: ["http://a.example", "http://b.example"], credentials: true)
web.on_error(404, fun (request, message)
  if request["path"] == "/custom-404"
    return {"status": 404, "body": "custom not found: " .. request["path"]}
  end
  nil
end)
web.on_error(500, fun (request, message)
  if request["path"] == "/custom-500"
    return {"status": 500, "body": "custom: " .. message}
  end
  nil
end)

fun handle_request(request)
  let path = request["path"]
  seen["request"] = request
  if path == "/" or path == "/echo"
    return {"status": 200, "body": "Hello"}
  elif path == "/json"
    return {"status": 200, "json": {"a": [1, 2.5, "x", nil, true]}, "headers": {"X-Extra": "1"}}
  elif path == "/typed"
    return {"status": 200, "body": "plain", "headers": {"Content-Type": "text/plain"}}
  elif path == "/bytes"
    return {"status": 200, "body": b"\xff\x01"}
  elif path == "/cookies"
    return {"status": 200, "body": "c", "cookies": {"a": "1", "b": {"value": "2", "path": "/", "http_only": true, "max_age": 60}}}
  elif path == "/raise" or path == "/custom-500"
    raise ValueErr.new("handler exploded")
  elif path == "/bad-response"
    return {"body": "no status"}
  elif path == "/after"
    return {"status": 200, "body": "after"}
  elif path == "/middleware"
    return {"status": 200, "body": request.get("seen_by_middleware", false).str()}
  elif path == "/form"
    return {"status": 200, "json": request["form"]}
  end
  nil
end

let server = web.start()

fun get(path, headers = nil)
  web.test_request("GET", server.url(path), nil, headers)
end

test.describe("request dict", fun ()
  test.it("has every key of the serve contract", fun ()
    get("/echo?x=1&y=a+b&z=%41&flag", {"Cookie": "sid=abc; theme=dark", "User-Agent": "quest-test", "Referer": "http://r/", "X-Multi": "v"})
    let r = seen["request"]
    test.assert_eq(r["method"], "GET")
    test.assert_eq(r["path"], "/echo")
    test.assert_eq(r["query_string"], "x=1&y=a+b&z=%41&flag")
    test.assert_eq(r["query"], {"x": "1", "y": "a b", "z": "A", "flag": ""})
    test.assert_eq(r["headers"]["x-multi"], "v")
    test.assert_eq(r["cookies"], {"sid": "abc", "theme": "dark"})
    test.assert_eq(r["client_ip"], "127.0.0.1")
    test.assert_eq(r["version"], "HTTP/1.1")
    test.assert_eq(r["scheme"], "http")
    test.assert_eq(r["host"], "127.0.0.1:" .. server.port.str())
    test.assert_eq(r["user_agent"], "quest-test")
    test.assert_eq(r["referer"], "http://r/")
    test.assert_eq(r["content_type"], "")
    test.assert_eq(r["content_length"], 0)
    test.assert_eq(r["body"], "")
  end)

  test.it("carries the body, its type and length", fun ()
    web.test_request("POST", server.url("/echo"), "{\"k\": 1}", {"Content-Type": "application/json"})
    let r = seen["request"]
    test.assert_eq(r["method"], "POST")
    test.assert_eq(r["body"], "{\"k\": 1}")
    test.assert_eq(r["content_type"], "application/json")
    test.assert_eq(r["content_length"], 8)
  end)

  test.it("decodes urlencoded forms into request form", fun ()
    let response = web.test_request("POST", server.url("/form"), "name=Ada+L&x=%26&x=last", {"Content-Type": "application/x-www-form-urlencoded"})
    test.assert_eq(json.parse(response["body"]), {"name": "Ada L", "x": "last"})
  end)

  test.it("parses multipart/form-data into fields and files, as upstream", fun ()
    let body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello; world\r\n" ..
      "--XyZ\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"a b.txt\"\r\nContent-Type: text/csv\r\n\r\nx,y\r\n1,2\r\n" ..
      "--XyZ\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"r.bin\"\r\n\r\n--X\r\n" ..
      "--XyZ--\r\n"
    web.test_request("POST", server.url("/echo"), body, {"Content-Type": "multipart/form-data; boundary=\"XyZ\""})
    let parsed = seen["request"]["body"]
    test.assert_eq(parsed["fields"], {"title": "Hello; world"})
    test.assert_eq(parsed["files"].len(), 2)
    let upload = parsed["files"][0]
    test.assert_eq(upload["name"], "upload")
    test.assert_eq(upload["filename"], "a b.txt")
    test.assert_eq(upload["mime_type"], "text/csv")
    test.assert_eq(upload["size"], 8)
    test.assert_eq(upload["data"], b"x,y\r\n1,2")
    test.assert_eq(parsed["files"][1]["mime_type"], "text/plain")
    test.assert_eq(parsed["files"][1]["data"], b"--X")
  end)

  test.it("answers a malformed multipart body with 400, and serves on", fun ()
    let response = web.test_request("POST", server.url("/echo"), "--XyZ\r\nno headers end", {"Content-Type": "multipart/form-data; boundary=XyZ"})
    test.assert_eq(response["status"], 400)
    test.assert_contains(response["body"], "multipart")
    test.assert_eq(get("/")["status"], 200)
  end)

  test.it("gives a binary body as Bytes", fun ()
    web.test_request("POST", server.url("/echo"), b"\xff\xfe")
    test.assert_eq(seen["request"]["body"], b"\xff\xfe")
  end)
end)

test.describe("response dict", fun ()
  test.it("defaults a Str body to text/html", fun ()
    let response = get("/")
    test.assert_eq(response["status"], 200)
    test.assert_eq(response["body"], "Hello")
    test.assert_eq(response["headers"]["content-type"], "text/html; charset=utf-8")
  end)

  test.it("keeps application/json for json even with headers", fun ()
    let response = get("/json")
    test.assert_eq(response["headers"]["content-type"], "application/json")
    test.assert_eq(response["headers"]["x-extra"], "1")
    test.assert_eq(response["body"], "{\"a\":[1,2.5,\"x\",null,true]}")
  end)

  test.it("keeps a Content-Type the handler set", fun ()
    test.assert_eq(get("/typed")["headers"]["content-type"], "text/plain")
  end)

  test.it("sends Bytes bodies as octet-stream", fun ()
    let response = get("/bytes")
    test.assert_eq(response["headers"]["content-type"], "application/octet-stream")
    test.assert_eq(response["body"], b"\xff\x01")
  end)

  test.it("turns cookies into one Set-Cookie header each", fun ()
    let lines = get("/cookies")["headers"]["set-cookie"].split("\n")
    test.assert_eq(lines, ["a=1", "b=2; Max-Age=60; Path=/; HttpOnly"])
  end)
end)

test.describe("errors", fun ()
  test.it("answers 404 when handle_request returns nil", fun ()
    let response = get("/nothing-here")
    test.assert_eq(response["status"], 404)
    test.assert_eq(response["body"], "Not Found")
  end)

  # ctest runs the suites with QUEST_ENV unset: development. The production answer (a
  # plain 500) is tested in liveview_errors_test.q, whose apps run with QUEST_ENV.
  test.it("in development answers 500 with the error page when the handler raises", fun ()
    test.assert_eq(web.env(), "development")
    let response = get("/raise")
    test.assert_eq(response["status"], 500)
    test.assert(response["headers"]["content-type"].startswith("text/html"))
    test.assert_contains(response["body"], "<h1 id=\"quest-error-type\">")
    test.assert_contains(response["body"], "exploded")
    test.assert_contains(response["body"], "Quest stack")
  end)

  test.it("answers 500 for a response without status", fun ()
    test.assert_eq(get("/bad-response")["status"], 500)
  end)

  test.it("lets on_error answer 404 and 500", fun ()
    test.assert_eq(get("/custom-404")["body"], "custom not found: /custom-404")
    let response = get("/custom-500")
    test.assert_eq(response["status"], 500)
    test.assert_eq(response["body"], "custom: ValueErr: handler exploded")
  end)

  test.it("keeps serving after errors", fun ()
    get("/raise")
    test.assert_eq(get("/")["body"], "Hello")
  end)
end)

test.describe("static files", fun ()
  test.it("serves a file with its content type", fun ()
    let response = get("/public/app.css")
    test.assert_eq(response["status"], 200)
    test.assert_eq(response["body"], "body { color: red; }\n")
    test.assert_contains(response["headers"]["content-type"], "text/css")
  end)

  test.it("serves index.html for the mount and nested files", fun ()
    test.assert_eq(get("/public/")["body"], "<h1>index</h1>\n")
    test.assert_eq(get("/public/sub/n.txt")["body"], "nested\n")
  end)

  test.it("never escapes the directory", fun ()
    let response = get("/public/../http_test.q")
    test.assert_neq(response["status"], 200)
  end)

  test.it("falls through to the app on a miss", fun ()
    test.assert_eq(get("/public/missing.txt")["status"], 404)
  end)
end)

test.describe("std/web helpers", fun ()
  test.it("middleware can answer or pass a changed request on", fun ()
    test.assert_eq(get("/blocked")["status"], 403)
    test.assert_eq(get("/middleware")["body"], "true")
  end)

  test.it("after middleware changes the response", fun ()
    test.assert_eq(get("/after")["headers"]["x-after"], "yes")
  end)

  test.it("redirects", fun ()
    let response = get("/old")
    test.assert_eq(response["status"], 301)
    test.assert_eq(response["headers"]["location"], "/new")
  end)

  test.it("adds default headers to app responses", fun ()
    test.assert_eq(get("/")["headers"]["x-powered-by"], "Quest")
  end)

  test.it("routes with a mounted router and typed params", fun ()
    let response = get("/api/users/42")
    test.assert_eq(json.parse(response["body"]), {"id": 42, "path": "/users/42"})
    test.assert_eq(web.test_request("POST", server.url("/api/users"), "")["status"], 201)
    test.assert_eq(get("/api/users/abc")["status"], 404)
    test.assert_eq(get("/apix/users/1")["status"], 404)
  end)
end)

test.describe("CORS", fun ()
  test.it("allows every listed origin, not only the last", fun ()
    test.assert_eq(get("/", {"Origin": "http://a.example"})["headers"]["access-control-allow-origin"], "http://a.example")
    test.assert_eq(get("/", {"Origin": "http://b.example"})["headers"]["access-control-allow-origin"], "http://b.example")
    test.assert_eq(get("/", {"Origin": "http://b.example"})["headers"]["access-control-allow-credentials"], "true")
    test.assert_nil(get("/", {"Origin": "http://evil.example"})["headers"].get("access-control-allow-origin", nil))
  end)

  test.it("answers pre-flight requests with 204", fun ()
    let response = web.test_request("OPTIONS", server.url("/anything"), nil,
      {"Origin": "http://a.example", "Access-Control-Request-Method": "PUT"})
    test.assert_eq(response["status"], 204)
    test.assert_eq(response["headers"]["access-control-allow-methods"], "GET, POST, PUT, DELETE")
    test.assert_eq(response["headers"]["access-control-allow-origin"], "http://a.example")
  end)
end)

test.describe("timers", fun ()
  test.it("set_timeout runs once, set_interval until cleared", fun ()
    let fired = []
    web.set_timeout(20, fun () fired.push("once") end)
    let id = web.set_interval(10, fun () fired.push("tick") end)
    let tries = 0
    while (fired.filter(fun (x) x == "tick" end).len() < 3 or not fired.contains("once")) and tries < 100
      web.pump(10)
      tries = tries + 1
    end
    test.assert(web.clear_timer(id))
    let count = fired.len()
    web.pump(50)
    test.assert_eq(fired.len(), count)
    test.assert_eq(fired.filter(fun (x) x == "once" end).len(), 1)
    test.assert_false(web.clear_timer(id))
  end)
end)

test.describe("HTTP constants", fun ()
  test.it("has the usual names", fun ()
    test.assert_eq(web.HTTP_OK, 200)
    test.assert_eq(web.HTTP_NOT_FOUND, 404)
    test.assert_eq(web.HTTP_IM_A_TEAPOT, 418)
    test.assert_eq(web.HTTP_NETWORK_AUTHENTICATION_REQUIRED, 511)
  end)
end)

server.stop()
