# Cyclic garbage: the same shapes as cycles.q, freed by CPython's cycle collector.
# (A Python closure captures cells, not its frame, so the component dict is made to
# hold itself to keep one cycle per component, as in Quest.)
def component(name):
    state = {"n": 0}

    def render():
        return name + str(state["n"])

    def bump():
        state["n"] = state["n"] + 1
        return render()
    return {"render": render, "bump": bump, "state": state}


last = ""
total = 0
for i in range(200000):
    c = component("c")
    c["self"] = c
    last = c["bump"]()
    d = {"i": i}
    d["self"] = d
    a = [i]
    a.append(a)
    total = total + d["self"]["i"] + a[1][0]
print(last)
print(total)
