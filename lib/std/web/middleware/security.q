"""
std/web/middleware/security: common security headers for app responses.

  use "std/web/middleware/security" as security
  web.after(security.security_headers()["after"])
"""

let _headers = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "X-XSS-Protection": "1; mode=block",
  "Referrer-Policy": "strict-origin-when-cross-origin"
}

# {after}: adds each header the response does not set already.
pub fun security_headers()
  {"after": fun (request, response)
    if response.get("headers", nil) == nil
      response["headers"] = {}
    end
    let present = response["headers"].keys().map(fun (k) k.lower() end)
    for name in _headers.keys()
      if not present.contains(name.lower())
        response["headers"][name] = _headers[name]
      end
    end
    response
  end}
end

pub fun create_security_middleware() security_headers() end
