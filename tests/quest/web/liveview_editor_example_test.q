# examples/editor (the seed's collaborative editor, Use Case 2) with lv.test_mount: two
# writers on one document see each other join, an edit by one replaces the other's
# content (never echoed back to the writer), a later writer loads the saved text.
use "std/test"
use "std/web" as web
use "std/web/liveview" as lv
use "std/web/pubsub" as pubsub
use "examples/editor/editor_view" as editor

test.module("LiveView example: editor")

fun writer(doc, user_id, name)
  let view = lv.test_mount(editor.EditorView, {"doc_id": doc}, {"user_id": user_id, "username": name})
  web.pump(50)  # the user_joined broadcast of mount
  view
end

test.describe("editor", fun ()
  test.it("the textarea is sent inside a form and named value (payload[\"value\"])", fun ()
    let html = writer("d0", "w0", "Solo").render()
    test.assert_contains(html, "<form style=\"display:contents\" onsubmit=\"return false\"><textarea name=\"value\"")
    test.assert_contains(html, "></textarea></form>")
    test.assert_contains(html, "<h2>Document d0</h2>")
  end)

  test.it("an edit reaches the other writer and the joins are announced", fun ()
    let ann = writer("d1", "w-ann", "Ann")
    let bob = writer("d1", "w-bob", "Bob")
    test.assert_contains(ann.render(), "Bob", "ann saw bob join")
    test.assert_contains(bob.render(), "Bob", "bob sees himself")
    ann.change("update_content", {"value": "Hello from Ann"})
    web.pump(50)
    test.assert_contains(bob.render(), ">Hello from Ann</textarea>")
    test.assert_eq(ann.assigns()["content"], "Hello from Ann")
    test.assert_eq(ann.assigns()["cursors"].keys().sorted(), ["w-ann", "w-bob"])
    let later = writer("d1", "w-cy", "Cy")
    test.assert_contains(later.render(), ">Hello from Ann</textarea>", "the saved document")
  end)

  test.it("another document is not touched, and user_left removes a writer", fun ()
    let a = writer("d2", "w-a", "A")
    let b = writer("d3", "w-b", "B")
    a.change("update_content", {"value": "only d2"})
    web.pump(50)
    test.assert(not b.render().contains("only d2"))
    pubsub.test_broadcast("doc:d2", "user_left", {"user_id": "w-a"})
    test.assert_eq(a.assigns()["cursors"].keys(), [])
  end)

  test.it("each page load gets its own writer, named by ?name=", fun ()
    let s1 = editor.session_for({"query": {"name": "Zoe"}})
    let s2 = editor.session_for({"query": {}})
    test.assert_eq(s1["username"], "Zoe")
    test.assert_neq(s1["user_id"], s2["user_id"])
  end)
end)
