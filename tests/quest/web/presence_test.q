# std/web/presence: track/update/untrack/list and the automatic presence_state and
# presence_diff pushes, over real sockets (channels.test_client).
use "std/test"
use "std/web" as web
use "std/web/channels" as channels
use "std/web/presence" as presence

test.module("std/web/presence")

let sockets = {}  # user -> the last socket that joined as that user

channels.channel("room:*", fun (socket, topic, params)
  socket.on_join(fun (payload)
    let user = payload.get("user")
    if user != nil
      sockets[user] = socket
      presence.track(socket, topic, {"user_id": user, "status": "online"})
    end
    {}
  end)
  socket.on("away", fun (payload)
    presence.update(socket, topic, {"status": "away"})
    {}
  end)
  socket.on("untrack", fun (payload) {"was": presence.untrack(socket, topic)} end)
  socket.on("anon", fun (payload)
    {"ref": presence.track(socket, "anon:" .. topic, {"kind": "anonymous"})}
  end)
  # The seed's own full-state broadcast.
  socket.on("resync", fun (payload)
    channels.broadcast(topic, "presence_state", presence.list(topic))
    {}
  end)
end)

let server = web.start()

fun client() channels.test_client(server.ws_url("/ws/websocket")) end

fun metas_of(state, key) state[key]["metas"] end

test.describe("presence", fun ()
  test.it("a joiner that tracks itself gets presence_state with itself", fun ()
    let a = client()
    test.assert_eq(a.join("room:p1", {"user": "ada"})["status"], "ok")
    let state = a.expect("presence_state", "room:p1")
    test.assert_eq(state["payload"].keys(), ["ada"])
    let metas = metas_of(state["payload"], "ada")
    test.assert_eq(metas.len(), 1)
    test.assert_eq(metas[0]["status"], "online")
    test.assert(metas[0]["phx_ref"].len() > 0)
    a.close()
  end)

  test.it("others get a coalesced presence_diff with the join, then the leave", fun ()
    let a = client()
    a.join("room:p2", {"user": "ada"})
    a.expect("presence_state")
    a.expect("presence_diff")  # ada's own join
    let b = client()
    b.join("room:p2", {"user": "bob"})
    let diff = a.expect("presence_diff", "room:p2")
    test.assert_eq(diff["payload"]["joins"].keys(), ["bob"])
    test.assert_eq(diff["payload"]["leaves"], {})
    b.close()
    let gone = a.expect("presence_diff", "room:p2")
    test.assert_eq(gone["payload"]["leaves"].keys(), ["bob"])
    a.close()
  end)

  test.it("list has the phoenix shape, several metas per key (two tabs)", fun ()
    let t1 = client()
    let t2 = client()
    t1.join("room:p3", {"user": "ada"})
    t2.join("room:p3", {"user": "ada"})
    let other = client()
    other.join("room:p3", {"user": "bob"})
    web.pump(20)
    let state = presence.list("room:p3")
    test.assert_eq(state.keys().sorted(), ["ada", "bob"])
    test.assert_eq(metas_of(state, "ada").len(), 2)
    test.assert_eq(metas_of(state, "bob").len(), 1)
    test.assert_eq(metas_of(state, "bob")[0]["user_id"], "bob")
    t1.close()
    web.pump(50)
    test.assert_eq(metas_of(presence.list("room:p3"), "ada").len(), 1)
    t2.close()
    other.close()
    web.pump(50)
    test.assert_eq(presence.list("room:p3"), {})
  end)

  test.it("an observer that tracks nothing still gets presence_state", fun ()
    let a = client()
    a.join("room:p4", {"user": "ada"})
    a.expect("presence_diff", "room:p4")  # ada's join is published (committed) now
    let watcher = client()
    watcher.join("room:p4")
    let state = watcher.expect("presence_state", "room:p4")
    test.assert_eq(state["payload"].keys(), ["ada"])
    a.close()
    watcher.close()
  end)

  test.it("update replaces the meta with a new phx_ref (phx_ref_prev kept)", fun ()
    let a = client()
    a.join("room:p5", {"user": "ada"})
    a.expect("presence_state")
    let before = metas_of(presence.list("room:p5"), "ada")[0]["phx_ref"]
    a.push("room:p5", "away")
    let meta = metas_of(presence.list("room:p5"), "ada")[0]
    test.assert_eq(meta["status"], "away")
    test.assert(meta["phx_ref"] != before)
    test.assert_eq(meta["phx_ref_prev"], before)
    a.close()
  end)

  test.it("untrack removes the presence; the key is the socket id without user_id", fun ()
    let a = client()
    a.join("room:p6", {"user": "ada"})
    test.assert_eq(a.push("room:p6", "untrack")["response"], {"was": true})
    test.assert_eq(presence.list("room:p6"), {})
    test.assert_eq(a.push("room:p6", "untrack")["response"], {"was": false})
    let reply = a.push("room:p6", "anon")
    test.assert_eq(reply["status"], "ok")
    let anon = presence.list("anon:room:p6")
    test.assert_eq(anon.keys().len(), 1)
    test.assert_eq(anon.keys()[0].len(), 36)
    a.close()
    web.pump(50)
    test.assert_eq(presence.list("anon:room:p6"), {})
  end)

  test.it("the seed's full presence_state broadcast has the same shape as the automatic one", fun ()
    let a = client()
    a.join("room:p7", {"user": "ada"})
    let auto = a.expect("presence_state")
    a.push("room:p7", "resync")
    let manual = a.expect("presence_state")
    test.assert_eq(manual["payload"], auto["payload"])
    a.close()
  end)

  test.it("rejects bad arguments", fun ()
    let a = client()
    a.join("room:p8", {"user": "ada"})
    test.assert_raises(TypeErr, fun () presence.track(sockets["ada"], "room:p8", [1]) end)
    test.assert_raises(TypeErr, fun () presence.track("not a socket", "room:p8", {}) end)
    test.assert_raises(ValueErr, fun () presence.track(sockets["ada"], "room:p8", {"user_id": "ada"}) end)
    a.close()
  end)
end)

server.stop()
