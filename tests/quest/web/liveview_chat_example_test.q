# examples/live_chat (the seed's ChatView) with lv.test_mount: two viewers of one room,
# a message typed and sent by one reaches both through pub/sub; other rooms stay quiet;
# a later viewer loads the history.
use "std/test"
use "std/web" as web
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub
use "examples/live_chat/chat_view" as chat

test.module("LiveView example: chat")

fun viewer(room, user_id, name)
  lv.test_mount(chat.ChatView, {"room_id": room}, chat.register_user(user_id, name))
end

test.describe("chat", fun ()
  test.it("a sent message reaches every viewer of the room and clears the sender's input", fun ()
    let ann = viewer("r1", "u-ann", "Ann")
    let bob = viewer("r1", "u-bob", "Bob")
    let other = viewer("r2", "u-eve", "Eve")
    ann.change("update_message", {"message": "hello bob", "_target": "message"})
    test.assert_eq(ann.assigns()["current_message"], "hello bob")
    test.assert_contains(ann.render(), "value=\"hello bob\"")
    ann.submit("send_message", {"message": "hello bob"})
    test.assert_eq(ann.assigns()["current_message"], "")
    web.pump(50)
    for v in [ann, bob]
      let html = v.render()
      test.assert_contains(html, "<strong>Ann:</strong>")
      test.assert_contains(html, "hello bob")
    end
    test.assert(not other.render().contains("hello bob"), "room r2 does not see r1's messages")
    test.assert_contains(ann.render(), "value=\"\"")
  end)

  test.it("a viewer who arrives later sees the room's history, once", fun ()
    let first = viewer("r3", "u-1", "One")
    first.change("update_message", {"message": "earlier"})
    first.submit("send_message", {})
    web.pump(50)
    let later = viewer("r3", "u-2", "Two")
    let html = later.render()
    test.assert_contains(html, "earlier")
    test.assert_eq(html.split("earlier").len(), 2, "the history shows the message once")
    pubsub.test_broadcast("room:r3", "new_message", {"user_id": "u-x", "username": "X", "text": "pushed"})
    test.assert_contains(later.render(), "pushed")
    test.assert_eq(first.render().split("earlier").len(), 2, "the sender's own list has it once")
  end)

  test.it("each page load gets its own user, named by ?name=", fun ()
    let a = chat.session_for({"query": {"name": "Zed"}})
    let b = chat.session_for({"query": {}})
    test.assert_neq(a["user_id"], b["user_id"])
    let view = lv.test_mount(chat.ChatView, {"room_id": "r4"}, a)
    view.change("update_message", {"message": "hi"})
    view.submit("send_message", {})
    web.pump(50)
    test.assert_contains(view.render(), "<strong>Zed:</strong>")
  end)
end)
