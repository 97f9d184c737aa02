#include "oracle_scenarios.hpp"

#include <algorithm>
#include <random>

namespace live_oracle {
namespace {

Step assigns(std::string json) { return Step{std::move(json), {}, std::nullopt, {}}; }

Scenario counter() {
  // The seed's counter view, verbatim.
  return {"counter",
          R"(
            <div>
                <h1>Count: <%= count %></h1>
                <button phx-click="increment">+</button>
                <button phx-click="decrement">-</button>
                <button phx-click="reset">Reset</button>
            </div>
        )",
          {},
          {assigns(R"({"count":0})"), assigns(R"({"count":1})"), assigns(R"({"count":2})"),
           assigns(R"({"count":2})"), assigns(R"({"count":-1})"), assigns(R"({"count":0})")}};
}

Scenario if_else_toggling() {
  return {"if_else_toggling",
          R"(<section class="<%= on ? 'on' : 'off' %>">
  <% if on %><p class="on">On <%= n %></p><% elif n > 3 %><b>Big <%= n %> & <%= label %></b><% else %><i>Off</i><% end %>
  <%== note %>
</section>)",
          {},
          {assigns(R"({"on":false,"n":1,"label":"x","note":"<em>hi</em>"})"),
           assigns(R"({"on":true,"n":1,"label":"x","note":"<em>hi</em>"})"),
           assigns(R"({"on":true,"n":2,"label":"x","note":"<em>hi</em>"})"),
           assigns(R"({"on":false,"n":5,"label":"<y>","note":"<em>hi</em>"})"),
           assigns(R"({"on":false,"n":6,"label":"<y>","note":"<em>hi</em>"})"),
           assigns(R"({"on":false,"n":6,"label":"z\"q","note":"<strong>bye</strong>"})"),
           assigns(R"({"on":false,"n":0,"label":"z","note":""})"),
           assigns(R"({"on":true,"n":0,"label":"z","note":""})")}};
}

Scenario list_with_duplicates() {
  return {"list_with_duplicates",
          R"(<ul id="list"><% for x in xs %>
  <li class="item"><%= x %></li><% end %>
</ul><p><%= xs.len() %> items</p>)",
          {},
          {assigns(R"({"xs":["a","b","a"]})"),
           assigns(R"({"xs":["a","b","a","c"]})"),           // append
           assigns(R"({"xs":["a","a","b","a","c"]})"),       // prepend a duplicate
           assigns(R"({"xs":["a","a","a","c"]})"),           // delete from the middle
           assigns(R"({"xs":["c","a","a","a"]})"),           // reorder
           assigns(R"({"xs":["c","a","b","a","a"]})"),       // insert in the middle
           assigns(R"({"xs":["a","a","b","a","c"]})"),       // reverse
           assigns(R"({"xs":["a","<b>","a","c"]})"),         // replace one (escaped)
           assigns(R"({"xs":["a"]})"),                       // delete many
           assigns(R"({"xs":[]})"),                          // clear
           assigns(R"({"xs":["z","z"]})")}};                 // refill
}

Scenario for_inside_if() {
  return {"for_inside_if",
          R"(<div class="todo"><% if show %>
  <ul><% for it in items %><li id="todo-<%= it.id %>"><%= it.name %><% if it.done %> <span class="done">done</span><% else %> <button phx-click="done" phx-value-id="<%= it.id %>">Done</button><% end %></li><% end %></ul>
<% else %><p>Hidden (<%= items.len() %>)</p><% end %></div>)",
          {},
          {assigns(R"({"show":true,"items":[{"id":1,"name":"Milk","done":false},{"id":2,"name":"Eggs","done":true}]})"),
           assigns(R"({"show":true,"items":[{"id":1,"name":"Milk","done":true},{"id":2,"name":"Eggs","done":true}]})"),
           assigns(R"({"show":true,"items":[{"id":3,"name":"Jam","done":false},{"id":1,"name":"Milk","done":true},{"id":2,"name":"Eggs","done":true}]})"),
           assigns(R"({"show":false,"items":[{"id":3,"name":"Jam","done":false}]})"),
           assigns(R"({"show":true,"items":[{"id":3,"name":"Jam","done":false}]})"),
           assigns(R"({"show":true,"items":[{"id":2,"name":"Eggs","done":false},{"id":3,"name":"Jam & toast","done":false}]})"),
           assigns(R"({"show":true,"items":[]})")}};
}

Scenario nested_loops_and_dicts() {
  Step join = assigns(R"({"groups":{"fruit":["apple","pear"],"veg":["leek"]},"who":"ann"})");
  join.title = "Groups";
  Step rename = assigns(R"({"groups":{"fruit":["apple","pear","fig"],"veg":["leek"]},"who":"bob"})");
  rename.title = "Groups (bob)";
  rename.events = {{"highlight", R"({"id":"fruit"})"}};
  return {"nested_loops_and_dicts",
          R"(<dl><% for name, members in groups %><dt><%= name %></dt><dd><% for m in members %><span><%= m %>/<%= who %></span><% end %></dd><% end %></dl>)",
          {},
          {join, rename,
           assigns(R"({"groups":{"veg":["leek","kale"],"fruit":["apple","pear","fig"]},"who":"bob"})"),
           assigns(R"({"groups":{"veg":["leek","kale"]},"who":"bob"})"),
           assigns(R"({"groups":{},"who":"bob"})")}};
}

Scenario component_update() {
  const std::string card = R"(<div id="card-<%= id %>" class="card <%= cls %>">
  <h2><%= title %></h2><% for t in tags %><em><%= t %></em><% if t == 'y' %><b>why</b><% end %><% end %>
</div>)";
  auto step = [](std::string root, std::string one, std::string two) {
    Step s = assigns(std::move(root));
    s.component_assigns = {{1, std::move(one)}, {2, std::move(two)}};
    return s;
  };
  return {"component_update",
          R"(<main><%= component(1) %><% if second %><%= component(2) %><% end %><p><%= status %></p></main>)",
          {{1, card}, {2, card}},
          {step(R"({"second":false,"status":"ok"})", R"({"id":1,"cls":"a","title":"One","tags":["x"]})",
                R"({"id":2,"cls":"b","title":"Two","tags":[]})"),
           step(R"({"second":false,"status":"ok"})", R"({"id":1,"cls":"a","title":"One!","tags":["x","y"]})",
                R"({"id":2,"cls":"b","title":"Two","tags":[]})"),
           step(R"({"second":true,"status":"two"})", R"({"id":1,"cls":"a","title":"One!","tags":["x","y"]})",
                R"({"id":2,"cls":"b","title":"Two","tags":[]})"),
           step(R"({"second":true,"status":"two"})", R"({"id":1,"cls":"hot","title":"One!","tags":["y"]})",
                R"({"id":2,"cls":"b","title":"2","tags":["z"]})"),
           step(R"({"second":false,"status":"one"})", R"({"id":1,"cls":"hot","title":"One!","tags":["y"]})",
                R"({"id":2,"cls":"b","title":"2","tags":["z"]})")}};
}

// Many random edits of a list with duplicates, nodes inside entries, a nested loop and
// an outer name read inside the loop. The generator is seeded: the same steps every run.
Scenario random_edits() {
  std::mt19937 random(20261122);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const std::vector<std::string> names = {"a", "b", "c", "<d>", "e & f"};
  auto random_item = [&] {
    std::string tags = "[";
    for (int t = 0, n = pick(3); t < n; ++t) tags += std::string(t ? "," : "") + "\"" + names[pick(3)] + "\"";
    return "{\"name\":\"" + names[pick(static_cast<int>(names.size()))] + "\",\"done\":" +
           (pick(2) ? "true" : "false") + ",\"tags\":" + tags + "]}";
  };
  std::vector<std::string> items = {random_item(), random_item(), random_item()};
  bool show = true;
  bool semicolon = false;
  auto snapshot = [&] {
    std::string list = "[";
    for (std::size_t i = 0; i < items.size(); ++i) list += (i ? "," : "") + items[i];
    return assigns("{\"show\":" + std::string(show ? "true" : "false") + ",\"sep\":\"" + (semicolon ? ";" : ",") + "\",\"items\":" +
                   list + "]}");
  };
  std::vector<Step> steps = {snapshot()};
  for (int step = 0; step < 200; ++step) {
    switch (pick(9)) {
      case 0: items.insert(items.begin() + pick(static_cast<int>(items.size()) + 1), random_item()); break;
      case 1: if (!items.empty()) items.erase(items.begin() + pick(static_cast<int>(items.size()))); break;
      case 2: if (!items.empty()) items[pick(static_cast<int>(items.size()))] = random_item(); break;
      case 3: std::reverse(items.begin(), items.end()); break;
      case 4: std::shuffle(items.begin(), items.end(), random); break;
      case 5: if (!items.empty()) items.push_back(items[pick(static_cast<int>(items.size()))]); break;
      case 6: show = !show; break;
      case 7: semicolon = !semicolon; break;
      default: if (items.size() > 1) std::swap(items[0], items[items.size() - 1]); break;
    }
    if (items.size() > 12) items.resize(6);
    steps.push_back(snapshot());
  }
  return {"random_edits",
          R"(<% if show %><ol><% for it in items %>
  <li class="<%= it.done ? 'done' : 'open' %>"><%= it.name %><%= sep %><% if it.done %><s>done</s><% elif it.tags.empty() %><i>no tags</i><% else %><% for t in it.tags %><em><%= t %></em><% end %><% end %></li><% end %>
</ol><% else %><p><%= items.len() %> hidden</p><% end %>)",
          {},
          std::move(steps)};
}

// Components referenced from inside a loop, updated and reordered.
Scenario components_in_a_loop() {
  const std::string chip = R"(<span class="chip"><%= label %></span>)";
  auto step = [](std::string root, std::string one, std::string two, std::string three) {
    Step s = assigns(std::move(root));
    s.component_assigns = {{1, std::move(one)}, {2, std::move(two)}, {3, std::move(three)}};
    return s;
  };
  return {"components_in_a_loop",
          R"(<nav><% for cid in chips %><%= component(cid) %><% end %></nav>)",
          {{1, chip}, {2, chip}, {3, chip}},
          {step(R"({"chips":[1,2]})", R"({"label":"one"})", R"({"label":"two"})", R"({"label":"three"})"),
           step(R"({"chips":[2,1]})", R"({"label":"one"})", R"({"label":"two"})", R"({"label":"three"})"),
           step(R"({"chips":[2,1,3]})", R"({"label":"uno"})", R"({"label":"two"})", R"({"label":"three"})"),
           step(R"({"chips":[3]})", R"({"label":"uno"})", R"({"label":"dos"})", R"({"label":"tres"})")}};
}

}  // namespace

std::vector<Scenario> all_scenarios() {
  return {counter(), if_else_toggling(), list_with_duplicates(), for_inside_if(), nested_loops_and_dicts(),
          component_update(), random_edits(), components_in_a_loop()};
}

}  // namespace live_oracle
