# std/sys memory functions: gc(), gc_stats(), live_objects() over the cycle collector.
use "std/test"
use "std/sys"

test.module("std/sys memory")

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

fun make_cycles(n)
  let i = 0
  while i < n
    let c = component("c")
    c["bump"]()
    let d = {}
    d["self"] = d
    i = i + 1
  end
end

test.describe("sys.gc", fun ()
  test.it("frees dropped cycles and returns how many objects it freed", fun ()
    sys.gc()
    let before = sys.gc_stats()["freed"]
    let keep = []
    keep.push(keep)
    let drop = {}
    drop["self"] = drop
    drop = nil
    let freed = sys.gc()
    test.assert_gte(freed, 1)
    test.assert_eq(sys.gc_stats()["freed"], before + freed)
    test.assert_eq(keep[0].len(), 1)
  end)
  test.it("returns 0 when there is no garbage", fun ()
    sys.gc()
    test.assert_eq(sys.gc(), 0)
  end)
  test.it("keeps a cycle that is still referenced", fun ()
    let c = component("kept")
    sys.gc()
    test.assert_eq(c["bump"](), "kept1")
    test.assert_eq(c["render"](), "kept1")
  end)
end)

test.describe("sys.live_objects", fun ()
  test.it("returns to its baseline after many factory calls and a collection", fun ()
    make_cycles(100)
    sys.gc()
    let baseline = sys.live_objects()
    make_cycles(5000)
    sys.gc()
    test.assert_lte(sys.live_objects(), baseline + 16)
  end)
  test.it("grows while a new cycle is alive", fun ()
    sys.gc()
    let baseline = sys.live_objects()
    let c = component("alive")
    sys.gc()
    test.assert_gt(sys.live_objects(), baseline)
    test.assert_eq(c["bump"](), "alive1")
  end)
end)

test.describe("sys.gc_stats", fun ()
  test.it("reports per-generation figures", fun ()
    let stats = sys.gc_stats()
    test.assert_eq(stats["collections"].len(), 3)
    test.assert_eq(stats["tracked"].len(), 3)
    test.assert_eq(stats["thresholds"], [700, 10, 10])
    test.assert_gt(stats["live_objects"], 0)
  end)
  test.it("counts collections that ran by themselves", fun ()
    let young = sys.gc_stats()["collections"][0]
    make_cycles(3000)
    test.assert_gt(sys.gc_stats()["collections"][0], young)
  end)
  test.it("a full collection counts as one of the oldest generation", fun ()
    let full = sys.gc_stats()["collections"][2]
    sys.gc()
    test.assert_eq(sys.gc_stats()["collections"][2], full + 1)
  end)
end)

test.describe("arguments", fun ()
  test.it("gc takes no arguments", fun ()
    test.assert_raises(ArgErr, fun () sys.gc(1) end)
  end)
end)
