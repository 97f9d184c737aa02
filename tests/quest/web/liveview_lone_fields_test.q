# A <textarea> or <select> with phx-change outside any <form> (the seed's editor writes
# `<textarea phx-change="update_content">`) is wrapped in a form, as a lone <input> is:
# the official client throws for form events of fields outside a form.
use "std/test"
use "std/web/liveview" as lv

fun view_of(source)
  lv.component(fun ()
    fun render(assigns) lv.template(source, assigns) end
    {"state": {"text": "hello"}, "render": render}
  end)
end

test.describe("lone fields with phx-change", fun ()
  test.it("a textarea is wrapped up to its end tag and named value", fun ()
    let html = lv.test_mount(view_of("<div><textarea phx-change=\"edit\"><%= text %></textarea><p>after</p></div>")).render()
    test.assert_contains(html, "<form style=\"display:contents\" onsubmit=\"return false\"><textarea name=\"value\" phx-change=\"edit\">hello</textarea></form><p>after</p>")
  end)

  test.it("a select keeps its own name and its options stay inside the form", fun ()
    let html = lv.test_mount(view_of("<select name=\"size\" phx-change=\"pick\"><option>S</option><option>M</option></select>")).render()
    test.assert_contains(html, "onsubmit=\"return false\"><select name=\"size\" phx-change=\"pick\"><option>S</option><option>M</option></select></form>")
  end)

  test.it("a textarea inside a form of its own is left alone", fun ()
    let html = lv.test_mount(view_of("<form phx-change=\"v\"><textarea name=\"t\" phx-change=\"edit\"></textarea></form>")).render()
    test.assert(not html.contains("display:contents"), html)
  end)
end)
