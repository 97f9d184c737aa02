# [std.web.channels] and [std.web.pubsub] in quest.toml, read from the app's folder:
# each fixture app runs in a child `quest` with that folder as its working directory.
use "std/test"
use "std/process" as process
use "std/sys"

test.module("std/web/channels quest.toml")

let quest = sys.executable
fun run_fixture(name)
  let dir = "tests/quest/web/fixtures/" .. name
  process.run([quest, "app.q"], {"cwd": dir, "timeout": 30})
end

test.describe("quest.toml", fun ()
  test.it("sets the endpoint path, max channels and the adapter", fun ()
    let result = run_fixture("channels_toml")
    test.assert_eq(result.code(), 0, result.stderr())
    test.assert_eq(result.stdout().trim(), "/live local ok,ok,too many channels joined")
  end)

  test.it("a key of the wrong type is an error naming the file and key", fun ()
    let result = run_fixture("channels_bad_toml")
    test.assert(result.code() != 0)
    test.assert_contains(result.stderr(), "quest.toml: [std.web.channels] max_channels has the wrong type")
  end)

  test.it("a presence timeout not above the heartbeat is an error naming both keys", fun ()
    let result = run_fixture("channels_bad_presence_timeout")
    test.assert(result.code() != 0)
    test.assert_contains(result.stderr(), "[std.web.pubsub] presence_timeout_ms (500) must exceed a positive presence_heartbeat_ms (500)")
  end)
end)
