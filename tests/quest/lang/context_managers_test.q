# language/context-managers.md: with/as, _enter/_exit, _exit on exceptions and on
# return, exception priority, variable binding and restoring, nesting.
use "std/test"
use "std/sys"
use "std/io"

test.module("language/context-managers")

let events = []

type ResourceLogger
  name: Str

  fun _enter()
    events.push("Acquired: " .. self.name)
    self
  end

  fun _exit()
    events.push("Released: " .. self.name)
  end
end

type BrokenExit
  fun _enter()
    events.push("Enter")
    self
  end

  fun _exit()
    events.push("Exit")
    raise "Exit failed"
  end
end

type ValueContext
  value: Str

  fun _enter()
    self.value
  end

  fun _exit()
    events.push("exit " .. self.value)
  end
end

type Resource
  pub closed: Bool = false

  fun close()
    if not self.closed
      events.push("closed")
      self.closed = true
    end
  end

  fun _enter()
    self
  end

  fun _exit()
    self.close()
  end
end

fun return_inside_with()
  with ResourceLogger.new(name: "early")
    return "returned"
  end
  "not reached"
end

fun loop_with_break()
  for i in 0 to 5
    with ResourceLogger.new(name: "loop " .. i.str())
      if i == 1
        break
      end
    end
  end
end

test.describe("with", fun ()
  test.before(fun ()
    events.clear()
  end)

  test.it("calls _enter and _exit around the body", fun ()
    with ResourceLogger.new(name: "db")
      events.push("Working...")
    end
    test.assert_eq(events, ["Acquired: db", "Working...", "Released: db"])
  end)

  test.it("binds the value of _enter() with as", fun ()
    let seen = nil
    with ValueContext.new(value: "inner") as v
      seen = v
    end
    test.assert_eq(seen, "inner")
    test.assert_eq(events, ["exit inner"])
  end)

  test.it("calls _exit when the body raises, and the error propagates", fun ()
    let caught = nil
    try
      with ResourceLogger.new(name: "database")
        events.push("Working...")
        raise "Something failed"
      end
    catch e
      caught = "Caught: " .. e.message()
    end
    test.assert_eq(events, ["Acquired: database", "Working...", "Released: database"])
    test.assert_eq(caught, "Caught: Something failed")
  end)

  test.it("an error in _exit replaces the body's error", fun ()
    let caught = nil
    try
      with BrokenExit.new()
        events.push("Body")
        raise "Body failed"
      end
    catch e
      caught = e.message()
    end
    test.assert_eq(events, ["Enter", "Body", "Exit"])
    test.assert_eq(caught, "Exit failed")
  end)

  test.it("calls _exit when the body returns", fun ()
    test.assert_eq(return_inside_with(), "returned")
    test.assert_eq(events, ["Acquired: early", "Released: early"])
  end)

  test.it("calls _exit when the body breaks out of a loop", fun ()
    loop_with_break()
    test.assert_eq(events, ["Acquired: loop 0", "Released: loop 0", "Acquired: loop 1", "Released: loop 1"])
  end)

  test.it("the as variable does not outlive the block", fun ()
    with ValueContext.new(value: "temp") as scoped_value
      events.push(scoped_value)
    end
    test.assert_raises(fun () scoped_value end, "NameErr")
  end)

  test.it("restores a shadowed variable after the block", fun ()
    let x = "outer"
    let inside = nil
    with ValueContext.new(value: "inner") as x
      inside = x
    end
    test.assert_eq(inside, "inner")
    test.assert_eq(x, "outer")
  end)

  test.it("nests, exiting in reverse order", fun ()
    with ResourceLogger.new(name: "outer")
      with ResourceLogger.new(name: "inner")
        events.push("body")
      end
    end
    test.assert_eq(events, ["Acquired: outer", "Acquired: inner", "body", "Released: inner", "Released: outer"])
  end)

  test.it("works with manual and automatic cleanup APIs", fun ()
    let res = Resource.new()
    with res as r
      test.assert_eq(r.closed, false)
    end
    test.assert_eq(res.closed, true)
    res.close()
    test.assert_eq(events, ["closed"])
  end)

  test.it("a redirect guard restores output at the end of the block", fun ()
    let buffer = io.StringIO.new()
    with sys.redirect_stream(sys.stdout, buffer) as guard
      puts("Captured in with block")
    end
    test.assert_eq(buffer.get_value(), "Captured in with block\n")
  end)

  test.it("rejects an object without _enter", fun ()
    test.assert_raises(fun ()
      with 42
        events.push("never")
      end
    end)
    test.assert_eq(events, [])
  end)
end)
