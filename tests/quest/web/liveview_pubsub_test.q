# pubsub.subscribe(socket, topic) with a LiveView socket, as the seed's ChatView does in
# mount: broadcasts reach handle_info and the view re-renders.
use "std/test"
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub

let ChatView = lv.component(fun ()
  let state = {"messages": []}
  fun mount(params, session, socket)
    pubsub.subscribe(socket, "room:" .. params["room_id"])
    return socket
  end
  fun render(assigns)
    lv.template("""<ul><% for m in messages %><li><%= m.text %></li><% end %></ul>""", assigns)
  end
  fun handle_info(msg, socket)
    if msg["event"] == "new_message"
      let messages = socket.get("messages")
      messages.push(msg["payload"])
      socket.assign("messages", messages)
    end
    return socket
  end
  return {"state": state, "mount": mount, "render": render, "handle_info": handle_info}
end)

test.describe("pubsub to a LiveView", fun ()
  test.it("pubsub.subscribe(socket, topic) in mount reaches handle_info", fun ()
    let view = lv.test_mount(ChatView, {"room_id": "7"})
    pubsub.test_broadcast("room:7", "new_message", {"text": "hi there"})
    test.assert_contains(view.render(), "hi there")
  end)
end)
