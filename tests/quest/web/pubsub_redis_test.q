# std/web/pubsub with the Redis adapter configured from Quest (the seed's
# pubsub.configure(adapter: redis_pubsub, url: ...)), against a real redis-server this
# suite starts on a loopback port of its own; redis-cli SUBSCRIBE watches the channel.
use "std/test"
use "std/web" as web
use "std/web/channels" as channels
use "std/web/pubsub" as pubsub
use "std/web/pubsub/redis" as redis_pubsub
use "std/process" as process
use "std/time" as time

test.module("std/web/pubsub redis")

fun redis_ping(port)
  let r = process.run(["redis-cli", "-p", port.str(), "PING"], {"timeout": 5})
  r.success() and r.stdout().trim() == "PONG"
end

# A redis-server on a port nothing answers on yet (a few tries, then a clear error).
fun start_redis()
  let attempt = 0
  while attempt < 10
    let port = 20000 + (time.ticks_ms() * 7 + attempt * 131) % 30000
    if not redis_ping(port)
      let server = process.spawn(["redis-server", "--port", port.str(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
      let waited = 0
      while waited < 50
        if redis_ping(port)
          return {"server": server, "port": port}
        end
        web.pump(100)
        waited = waited + 1
      end
      server.kill()
      server.wait()
    end
    attempt = attempt + 1
  end
  raise RuntimeErr.new("could not start redis-server on a free loopback port")
end


let redis = start_redis()
let port = redis["port"]
let watcher = process.spawn(["redis-cli", "-p", port.str(), "SUBSCRIBE", "quest_live_test"])
web.pump(300)

pubsub.configure(adapter: redis_pubsub, url: "redis://127.0.0.1:" .. port.str(), channel: "quest_live_test")
channels.channel("room:*", fun (socket, topic, params) nil end)
let server = web.start()

test.describe("redis adapter from Quest", fun ()
  test.it("is selected and connected", fun ()
    test.assert_eq(pubsub.adapter(), "redis")
    let stats = pubsub.redis_stats()
    test.assert(stats["publisher_connected"])
    test.assert(stats["subscribed"])
    test.assert(stats["node_id"].len() > 0)
  end)

  test.it("publishes every broadcast to the Redis channel, local clients still served", fun ()
    let c = channels.test_client(server.ws_url("/ws/websocket"))
    c.join("room:r")
    # The adapter also carries presence replication (heartbeats, state requests), so the
    # count is taken relative to what it published before this broadcast.
    let before = pubsub.redis_stats()["published"]
    test.assert_eq(pubsub.broadcast("room:r", "headline", {"title": "from quest"}), 1)
    test.assert_eq(c.expect("headline")["payload"], {"title": "from quest"})
    let waited = 0
    while pubsub.redis_stats()["published"] < before + 1 and waited < 50
      web.pump(100)
      waited = waited + 1
    end
    test.assert(pubsub.redis_stats()["published"] >= before + 1)
    test.assert_eq(pubsub.redis_stats()["dropped"], 0)
    web.pump(200)
    watcher.terminate()
    let seen = watcher.communicate()["stdout"]
    test.assert_contains(seen, "from quest")
    test.assert_contains(seen, "headline")
    c.close()
  end)

  test.it("refuses a second configure", fun ()
    test.assert_raises(ValueErr, fun () pubsub.configure(adapter: "local") end)
  end)
end)

server.stop()
redis["server"].terminate()
redis["server"].wait()
