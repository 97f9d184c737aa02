# std/web/middleware helpers on plain request/response dicts.
use "std/test"
use "std/web/middleware/security" as security
use "std/web/middleware/static_cache" as cache

test.module("std/web/middleware")

test.describe("security_headers", fun ()
  test.it("adds the four headers and keeps ones the app set", fun ()
    let after = security.security_headers()["after"]
    let response = after({"path": "/"}, {"status": 200, "headers": {"x-frame-options": "SAMEORIGIN"}})
    test.assert_eq(response["headers"]["X-Content-Type-Options"], "nosniff")
    test.assert_eq(response["headers"]["Referrer-Policy"], "strict-origin-when-cross-origin")
    test.assert_eq(response["headers"]["x-frame-options"], "SAMEORIGIN")
    test.assert_false(response["headers"].contains("X-Frame-Options"))
  end)
end)

test.describe("static_cache", fun ()
  test.it("sets Cache-Control only for listed extensions", fun ()
    let after = cache.static_cache(60)["after"]
    test.assert_eq(after({"path": "/a.css"}, {"status": 200})["headers"]["Cache-Control"], "public, max-age=60")
    test.assert_nil(after({"path": "/page"}, {"status": 200}).get("headers", nil))
  end)

  test.it("no_cache forbids storing", fun ()
    test.assert_eq(cache.no_cache()["after"]({"path": "/"}, {"status": 200})["headers"]["Cache-Control"], "no-store")
  end)
end)

test.describe("cors", fun ()
  use "std/web/middleware/cors" as cors

  test.it("allows every listed origin, not only the last", fun ()
    let after = cors.allow_origins(["https://a.example", "https://b.example"])["after"]
    for origin in ["https://a.example", "https://b.example"]
      let response = after({"headers": {"origin": origin}}, {"status": 200})
      test.assert_eq(response["headers"]["Access-Control-Allow-Origin"], origin)
      test.assert_eq(response["headers"]["Vary"], "Origin")
    end
    test.assert_nil(after({"headers": {"origin": "https://evil.example"}}, {"status": 200}).get("headers", nil))
  end)

  test.it("any origin is *, echoed when credentials are allowed", fun ()
    let open = cors.allow_all()["after"]({"headers": {"origin": "https://x.example"}}, {"status": 200})
    test.assert_eq(open["headers"]["Access-Control-Allow-Origin"], "*")
    test.assert_eq(open["headers"]["Access-Control-Allow-Methods"], "GET, POST, PUT, DELETE")
    let credentialed = cors.create_cors(credentials: true)["after"]({"headers": {"origin": "https://x.example"}}, {"status": 200})
    test.assert_eq(credentialed["headers"]["Access-Control-Allow-Origin"], "https://x.example")
    test.assert_eq(credentialed["headers"]["Access-Control-Allow-Credentials"], "true")
  end)

  test.it("answers a pre-flight from an allowed origin with 204, and leaves others alone", fun ()
    let before = cors.allow_origins(["https://a.example"])["before"]
    let answer = before({"method": "OPTIONS", "headers": {"origin": "https://a.example"}})
    test.assert_eq(answer["status"], 204)
    test.assert_eq(answer["headers"]["Access-Control-Allow-Headers"], "Content-Type, Authorization")
    test.assert_nil(before({"method": "OPTIONS", "headers": {"origin": "https://evil.example"}}))
    test.assert_nil(before({"method": "GET", "headers": {"origin": "https://a.example"}}))
  end)
end)
