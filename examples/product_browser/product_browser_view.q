# The seed's component composition (QEP-054 §LiveView Component Composition): a
# SearchComponent embedded in ProductBrowserView with lv.live_component; in-memory
# products where the seed searches a database. Mounted by app.q here and by
# examples/showcase/app.q.
use "std/web/liveview" as lv

# Reusable search component
pub let SearchComponent = lv.component(fun ()
  let state = {
    "query": "",
    "results": [],
    "loading": false
  }

  fun render(assigns)
    lv.template("""
      <div class="search">
        <input
          type="text"
          value="<%= query %>"
          phx-change="search"
          phx-debounce="500"
          placeholder="Search..." />

        <% if loading %>
          <div class="spinner">Searching...</div>
        <% end %>

        <ul class="results">
          <% for result in results %>
            <li phx-click="select" phx-value-id="<%= result.id %>">
              <%= result.title %>
            </li>
          <% end %>
        </ul>
      </div>
    """, assigns)
  end

  fun handle_event(event, payload, socket)
    if event == "search"
      socket.assign("query", payload["value"])
      socket.assign("loading", true)

      # Perform search (async in real impl)
      let results = search_database(payload["value"])
      socket.assign("results", results)
      socket.assign("loading", false)

    elif event == "select"
      # Notify parent component
      lv.send(socket.parent(), "item_selected", {
        "id": payload["id"]
      })
    end

    return socket
  end

  return {
    "state": state,
    "render": render,
    "handle_event": handle_event
  }
end)

# Parent component using SearchComponent
pub let ProductBrowserView = lv.component(fun ()
  let state = {
    "selected_product": nil,
    "details": nil
  }

  fun render(assigns)
    lv.template("""
      <div class="browser">
        <h1>Product Browser</h1>

        <%= lv.live_component(SearchComponent, id: "search") %>

        <% if selected_product %>
          <div class="details">
            <h2><%= details.name %></h2>
            <p><%= details.description %></p>
            <p class="price">$<%= details.price %></p>
          </div>
        <% end %>
      </div>
    """, assigns)
  end

  fun handle_info(msg, socket)
    if msg["event"] == "item_selected"
      let product_id = msg["payload"]["id"]
      let details = load_product_details(product_id)

      socket.assign("selected_product", product_id)
      socket.assign("details", details)
    end

    return socket
  end

  return {
    "state": state,
    "render": render,
    "handle_info": handle_info
  }
end)

# In-memory catalogue.
let products = [
  {"id": "1", "title": "Green tea", "name": "Green tea", "description": "Sencha, 100 g", "price": 6},
  {"id": "2", "title": "Black tea", "name": "Black tea", "description": "Assam, 250 g", "price": 9},
  {"id": "3", "title": "Coffee beans", "name": "Coffee beans", "description": "Arabica, 500 g", "price": 14}
]

fun search_database(query)
  let found = []
  for p in products
    if query != "" and p["title"].lower().contains(query.lower())
      found.push({"id": p["id"], "title": p["title"]})
    end
  end
  found
end

fun load_product_details(product_id)
  for p in products
    if p["id"] == product_id
      return p
    end
  end
  nil
end
