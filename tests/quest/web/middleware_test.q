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
