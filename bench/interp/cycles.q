# Cyclic garbage: every iteration builds a component (two nested funs stored in the frame
# they capture, returned in a dict), a self-referencing dict and an array that holds
# itself, and drops them. Only a cycle collector frees any of it.
fun component(name)
  let state = {"n": 0}
  fun render()
    name .. state["n"].str()
  end
  fun bump()
    state["n"] = state["n"] + 1
    render()
  end
  {"render": render, "bump": bump}
end

let last = ""
let total = 0
for i in 0 until 200000
  let c = component("c")
  last = c["bump"]()
  let d = {"i": i}
  d["self"] = d
  let a = [i]
  a.push(a)
  total = total + d["self"]["i"] + a[1][0]
end
puts(last)
puts(total)
