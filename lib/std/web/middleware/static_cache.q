"""
std/web/middleware/static_cache: Cache-Control for app responses whose path ends with a
listed extension (files served by web.static are answered natively and not touched).

  use "std/web/middleware/static_cache" as cache
  web.after(cache.static_cache(86400)["after"])
"""

let _default_extensions = [".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".woff", ".woff2", ".ttf"]

pub fun static_cache(max_age = 3600, extensions = nil)
  let listed = extensions
  if listed == nil
    listed = _default_extensions
  end
  {"after": fun (request, response)
    let path = request["path"]
    if listed.any(fun (ext) path.endswith(ext) end)
      if response.get("headers", nil) == nil
        response["headers"] = {}
      end
      response["headers"]["Cache-Control"] = "public, max-age=" .. max_age.str()
    end
    response
  end}
end

pub fun cache_one_day() static_cache(86400) end
pub fun cache_one_week() static_cache(604800) end
pub fun no_cache()
  {"after": fun (request, response)
    if response.get("headers", nil) == nil
      response["headers"] = {}
    end
    response["headers"]["Cache-Control"] = "no-store"
    response
  end}
end
