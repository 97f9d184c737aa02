# The app's environment (web.env(): QUEST_ENV, [std.web] env in quest.toml, default
# development) and what a user sees of a raising handler in each: the HTTP and LiveView
# dead-render error page (development: the error and its Quest stack, escaped; production:
# a plain 500), the LiveView error overlay's event (development only) and that the view
# keeps its assigns and keeps working in both. The apps run as child processes
# (fixtures/liveview_errors, env_*) because the environment is fixed per process.
use "std/test"
use "std/process" as process
use "std/encoding/json"
use "std/sys"

test.module("std/web/liveview (errors and the environment)")

const NASTY = "bad <script>window.pwned = 1</script> & co"
const ESCAPED = "bad &lt;script&gt;window.pwned = 1&lt;/script&gt; &amp; co"

fun run_app(folder, env)
  process.run([sys.executable, "app.q"], {"cwd": "tests/quest/web/fixtures/" .. folder, "env": env, "timeout": 60})
end

fun report(env)
  let result = run_app("liveview_errors", {"QUEST_ENV": env})
  test.assert_eq(result.code(), 0, result.stderr())
  {"report": json.parse(result.stdout().trim()), "log": result.stderr()}
end

let dev = report("development")
let prod = report("production")

test.describe("the environment", fun ()
  test.it("is development by default and production with QUEST_ENV or quest.toml", fun ()
    let plain = run_app("env_production_toml", {"QUEST_ENV": "production"})
    test.assert_eq(plain.stdout().trim(), "production")
    let from_file = run_app("env_production_toml", {"QUEST_ENV": ""})
    test.assert_eq(from_file.stdout().trim(), "production", from_file.stderr())
    let overridden = run_app("env_production_toml", {"QUEST_ENV": "development"})
    test.assert_eq(overridden.stdout().trim(), "development", "QUEST_ENV wins over quest.toml")
    test.assert_eq(dev["report"]["env"], "development")
    test.assert_eq(prod["report"]["env"], "production")
    let default_env = run_app("liveview_errors", {"QUEST_ENV": ""})
    test.assert_eq(json.parse(default_env.stdout().trim())["env"], "development", "no QUEST_ENV, no quest.toml")
  end)

  test.it("refuses any other value, naming where it came from", fun ()
    let bad_var = run_app("env_production_toml", {"QUEST_ENV": "staging"})
    test.assert(bad_var.code() != 0)
    test.assert_contains(bad_var.stderr(), "QUEST_ENV must be \"development\" or \"production\", got \"staging\"")
    let bad_file = run_app("env_bad_toml", {"QUEST_ENV": ""})
    test.assert(bad_file.code() != 0)
    test.assert_contains(bad_file.stderr(), "quest.toml: [std.web] env must be \"development\" or \"production\", got \"staging\"")
  end)
end)

test.describe("a raising HTTP handler and a raising dead render", fun ()
  test.it("in development: a 500 page with the error and its Quest stack, escaped", fun ()
    for key in ["http", "dead_mount", "dead_render"]
      let page = dev["report"][key]
      test.assert_eq(page["status"], 500, key)
      test.assert(page["type"].startswith("text/html"), key .. ": " .. page["type"])
      test.assert_contains(page["body"], ESCAPED, key)
      test.assert_not_contains(page["body"], "<script>window.pwned", key)
      test.assert_contains(page["body"], "Quest stack", key)
    end
    test.assert_contains(dev["report"]["http"]["body"], "<h1 id=\"quest-error-type\">ValueErr</h1>")
    test.assert_contains(dev["report"]["dead_mount"]["body"], "mount failed: ")
    test.assert_contains(dev["report"]["dead_mount"]["body"], "GET /failing?where=mount")
    test.assert_contains(dev["report"]["dead_mount"]["body"], "mount (")
    test.assert_contains(dev["report"]["dead_render"]["body"], "<h1 id=\"quest-error-type\">TypeErr</h1>")
    test.assert_contains(dev["report"]["dead_render"]["body"], "render (")
  end)

  test.it("in production: a plain 500 that shows nothing of the error; the log has it", fun ()
    for key in ["http", "dead_mount", "dead_render"]
      let page = prod["report"][key]
      test.assert_eq(page["status"], 500, key)
      test.assert_eq(page["body"], "Internal Server Error", key)
    end
    test.assert_contains(prod["log"], "GET /failing raised: ValueErr: mount failed: " .. NASTY)
    test.assert_contains(prod["log"], "GET /failing raised: TypeErr: render failed: ")
    test.assert_contains(prod["log"], "GET /raise raised: ValueErr: " .. NASTY)
  end)
end)

test.describe("a raising LiveView handler over the socket", fun ()
  test.it("in development: the reply carries the overlay's event; the view keeps its assigns", fun ()
    let r = dev["report"]
    test.assert_eq(r["join"], "ok")
    let events = r["boom"]["response"]["diff"]["e"]
    test.assert_eq(events.len(), 1, "only the error: the handler's own push_event was rolled back")
    test.assert_eq(events[0][0], "quest:error")
    let error = events[0][1]
    test.assert_eq([error["type"], error["message"], error["where"]], ["ValueErr", NASTY, "handle_event(boom)"])
    test.assert(error["view"].startswith("lv"), error["view"])
    test.assert_contains(error["stack"].join("\n"), "handle_event (")
    test.assert_eq(r["boom"]["response"]["diff"].len(), 1, "no slot changed: the assigns are as before")
    test.assert_eq(r["after_boom"]["response"], {"diff": {"0": "1"}}, "n went from 0 to 1: the failed call left nothing")
  end)

  test.it("in development: a raising handle_info pushes the overlay's event and nothing else", fun ()
    let push = dev["report"]["info_push"]
    test.assert_not_nil(push, "a push after the raising handle_info")
    test.assert_eq(push[3], "diff")
    test.assert_eq(push[4].keys(), ["e"])
    test.assert_eq(push[4]["e"][0][1]["where"], "handle_info")
    test.assert_eq(push[4]["e"][0][1]["message"], "info failed")
    test.assert_eq(dev["report"]["after_info"]["response"], {"diff": {"0": "3"}})
  end)

  test.it("a render that raises after an event: the event's reply says so in development only", fun ()
    let events = dev["report"]["render_break"]["response"]["diff"]["e"]
    test.assert_eq([events[0][1]["where"], events[0][1]["type"], events[0][1]["message"]], ["render", "IndexErr", "render broke"])
    test.assert_eq(prod["report"]["render_break"], {"status": "ok", "response": {}})
    for r in [dev["report"], prod["report"]]
      test.assert_eq(r["render_fix"]["status"], "ok", "the next event renders again")
    end
    test.assert_contains(prod["log"], "error in render: IndexErr: render broke")
  end)

  test.it("in development: a join whose mount raises is refused as crashed, with the event", fun ()
    let reply = dev["report"]["join_crash"]
    test.assert_eq(reply["status"], "error")
    test.assert_eq(reply["response"]["reason"], "join crashed")
    test.assert_eq(reply["response"]["events"][0][1]["message"], "mount failed: " .. NASTY)
    test.assert_eq(reply["response"]["events"][0][1]["where"], "mount")
  end)

  test.it("in production: nothing of the error is sent; the view keeps working; the log has it", fun ()
    let r = prod["report"]
    test.assert_eq(r["boom"], {"status": "ok", "response": {}})
    test.assert_eq(r["after_boom"]["response"], {"diff": {"0": "1"}})
    test.assert_nil(r["info_push"], "a raising handle_info pushes nothing")
    test.assert_eq(r["after_info"]["response"], {"diff": {"0": "3"}})
    test.assert_eq(r["join_crash"], {"status": "error", "response": {"reason": "join crashed"}})
    test.assert_contains(prod["log"], "error in handle_event(boom): ValueErr: " .. NASTY)
    test.assert_contains(prod["log"], "error in handle_info: RuntimeErr: info failed")
    test.assert_contains(prod["log"], "error in mount: ValueErr: mount failed")
  end)
end)
