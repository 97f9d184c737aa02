# The app navigation.test.js drives: a paged list with a patch link and a push_patch
# button (handle_params), a push_navigate button to a second view sharing the session
# function, and the second view with a button that works once navigated to.
use "std/web/liveview" as lv

fun shop_session(request) {"user": "ann"} end

let ListView = lv.component(fun ()
  fun render(assigns)
    lv.template("""
      <p id="page">page=<%= page %></p>
      <a id="patch-link" href="/list?page=<%= next %>" data-phx-link="patch" data-phx-link-state="push">next page</a>
      <button id="patch-button" phx-click="jump">jump to 10</button>
      <button id="navigate-button" phx-click="details">details</button>
    """, assigns)
  end
  fun handle_params(params, uri, socket)
    let page = params.get("page", "1").to_int()
    socket.assign({"page": page, "next": page + 1})
  end
  fun handle_event(event, payload, socket)
    if event == "jump"
      socket.push_patch("/list?page=10")
    elif event == "details"
      socket.push_navigate("/details")
    end
  end
  {"state": {"page": 1, "next": 2}, "render": render, "handle_params": handle_params, "handle_event": handle_event}
end)

let DetailsView = lv.component(fun ()
  fun render(assigns)
    lv.template("""<p id="details">details for <%= user %>, clicks=<%= clicks %></p><button id="click" phx-click="click">click</button>""", assigns)
  end
  fun mount(params, session, socket) socket.assign("user", session["user"]) end
  fun handle_event(event, payload, socket) socket.assign("clicks", socket.get("clicks") + 1) end
  {"state": {"user": "", "clicks": 0}, "render": render, "mount": mount, "handle_event": handle_event}
end)

lv.mount("/list", ListView, session: shop_session)
lv.mount("/details", DetailsView, session: shop_session)
