"""
std/web/middleware/cors: Access-Control-Allow-* headers for app responses, and answers
to pre-flight requests (which upstream's helper left unanswered).

  use "std/web/middleware/cors" as cors
  let policy = cors.create_cors(origins: ["https://app.example"], credentials: true)
  web.middleware(policy["before"])   # answers OPTIONS pre-flights with 204
  web.after(policy["after"])         # adds the headers to every other answer

Every listed origin is allowed (upstream kept only the last one); "*" allows any origin,
and with credentials the request's own origin is echoed, since browsers refuse "*" then.
"""

pub fun create_cors(origins = ["*"], methods = ["GET", "POST", "PUT", "DELETE"], headers = ["Content-Type", "Authorization"], credentials = false)
  fun allowed_origin(request)
    let origin = request["headers"].get("origin", nil)
    if origin == nil
      return nil
    end
    if origins.contains("*")
      if credentials
        return origin
      end
      return "*"
    end
    if origins.contains(origin)
      return origin
    end
    nil
  end

  fun add_headers(request, response)
    let origin = allowed_origin(request)
    if origin == nil
      return response
    end
    if response.get("headers", nil) == nil
      response["headers"] = {}
    end
    response["headers"]["Access-Control-Allow-Origin"] = origin
    response["headers"]["Access-Control-Allow-Methods"] = methods.join(", ")
    response["headers"]["Access-Control-Allow-Headers"] = headers.join(", ")
    if credentials
      response["headers"]["Access-Control-Allow-Credentials"] = "true"
    end
    if origin != "*"
      response["headers"]["Vary"] = "Origin"
    end
    response
  end

  fun preflight(request)
    if request["method"] != "OPTIONS" or allowed_origin(request) == nil
      return nil
    end
    add_headers(request, {"status": 204, "body": ""})
  end

  {"before": preflight, "after": add_headers}
end

# Any origin, the default methods and headers.
pub fun allow_all() create_cors() end

# Exactly these origins.
pub fun allow_origins(list) create_cors(origins: list) end
