# Forward references: a function may call a sibling declared later in the same body,
# at any depth, because upstream looks names up when the call runs. Calling one before
# its declaration has executed is a NameErr.
use "std/test"

test.module("language/forward references")

fun top_caller()
  top_callee() .. "!"
end

fun top_callee()
  "top"
end

fun component()
  let state = {"metrics": nil}
  fun mount()
    refresh_metrics()
    cpu_class(state["metrics"])
  end
  fun refresh_metrics()
    state["metrics"] = 93
  end
  fun cpu_class(cpu)
    if cpu > 90 "high" else "low" end
  end
  mount()
end

fun three_levels()
  fun level1()
    fun level2()
      level3() * 2
    end
    fun level3()
      21
    end
    level2()
  end
  level1()
end

fun early_call()
  let caught = nil
  try
    later()
  catch e: NameErr
    caught = e.message()
  end
  fun later()
    "now"
  end
  [caught, later()]
end

fun makes_type()
  fun build()
    Point.new(x: 1, y: 2)
  end
  type Point
    x
    y
  end
  build().x + build().y
end

type Widget
  fun render()
    fun outer_part()
      "<" .. inner_part() .. ">"
    end
    fun inner_part()
      "w"
    end
    outer_part()
  end
end

test.describe("calls to later siblings", fun ()
  test.it("module top level", fun ()
    test.assert_eq(top_caller(), "top!")
  end)

  test.it("inside a function body (the dashboard mount shape)", fun ()
    test.assert_eq(component(), "high")
  end)

  test.it("nested three levels deep", fun ()
    test.assert_eq(three_levels(), 42)
  end)

  test.it("inside a method of a type", fun ()
    test.assert_eq(Widget.new().render(), "<w>")
  end)

  test.it("a type declared later in the body", fun ()
    test.assert_eq(makes_type(), 3)
  end)

  test.it("inside an if block and a loop body", fun ()
    let seen = []
    if true
      fun first() second() + 1 end
      fun second() 41 end
      seen.push(first())
    end
    for i in 1 to 2
      fun scaled() factor(i) end
      fun factor(n) n * 10 end
      seen.push(scaled())
    end
    test.assert_eq(seen, [42, 10, 20])
  end)

  test.it("a component factory lambda returning its handlers (the seed's dashboard)", fun ()
    let make = fun ()
      let state = {"cpu": 0}
      fun mount(socket)
        refresh_metrics(socket)
        socket
      end
      fun render()
        "<div class=" .. cpu_class(state["cpu"]) .. ">"
      end
      fun refresh_metrics(socket)
        state["cpu"] = socket["cpu"]
      end
      fun cpu_class(cpu)
        if cpu > 90
          "critical"
        elif cpu > 70
          "warning"
        else
          "normal"
        end
      end
      {"mount": mount, "render": render}
    end
    let view = make()
    view["mount"]({"cpu": 75})
    test.assert_eq(view["render"](), "<div class=warning>")
    let other = make()
    other["mount"]({"cpu": 95})
    test.assert_eq(other["render"](), "<div class=critical>")
    test.assert_eq(view["render"](), "<div class=warning>")
  end)

  test.it("a lambda calling a later local function", fun ()
    let call = fun () helper() end
    fun helper() "helped" end
    test.assert_eq(call(), "helped")
  end)
end)

test.describe("before the declaration has run", fun ()
  test.it("is a NameErr", fun ()
    let result = early_call()
    test.assert(result[0].contains("later"), "message names the function: " .. result[0].str())
    test.assert_eq(result[1], "now")
  end)

  test.it("is a NameErr again on each new frame", fun ()
    test.assert_eq(early_call()[1], "now")
    test.assert_raises(NameErr, fun ()
      fun probe()
        not_yet()
      end
      probe()
      fun not_yet() 1 end
    end)
  end)
end)
