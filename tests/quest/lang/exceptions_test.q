# language/exceptions.md: try/catch/ensure, raise (string, typed, re-raise), typed
# catch clauses, the built-in exception types, exception object methods, and the
# errors the runtime itself raises.
use "std/test"

test.module("language/exceptions")

type Plain
  pub v: Int
end

fun raise_and_catch_rethrow(kind)
  match kind
  in "index"
    raise IndexErr.new("i")
  in "type"
    raise TypeErr.new("t")
  in "value"
    raise ValueErr.new("v")
  else
    raise KeyErr.new("k")
  end
end

fun raise_and_catch(kind)
  try
    match kind
    in "index"
      raise IndexErr.new("index out of bounds: 10")
    in "type"
      raise TypeErr.new("expected str, got int")
    in "value"
      raise ValueErr.new("value must be positive")
    in "other"
      raise KeyErr.new("key 'config' not found")
    end
  catch e: IndexErr
    return "index: " .. e.message()
  catch e: TypeErr
    return "type: " .. e.message()
  catch e: Err
    return "other: " .. e.type()
  end
  "none"
end

fun with_ensure(log, fail)
  try
    log.push("body")
    if fail
      raise "boom"
    end
    log.push("after")
  catch e
    log.push("caught " .. e.message())
  ensure
    log.push("ensure")
  end
end

fun returns_through_ensure(log)
  try
    return "from try"
  ensure
    log.push("ensure ran")
  end
end

fun caught_type(fn)
  try
    fn()
  catch e
    return e.type()
  end
  "nothing raised"
end

test.describe("try/catch", fun ()
  test.it("catches a raised string as RuntimeErr", fun ()
    let got = nil
    try
      raise "Something went wrong"
    catch e
      got = [e.type(), e.message()]
    end
    test.assert_eq(got, ["RuntimeErr", "Something went wrong"])
  end)

  test.it("picks the first matching typed catch", fun ()
    test.assert_eq(raise_and_catch("index"), "index: index out of bounds: 10")
    test.assert_eq(raise_and_catch("type"), "type: expected str, got int")
    test.assert_eq(raise_and_catch("value"), "other: ValueErr")
    test.assert_eq(raise_and_catch("other"), "other: KeyErr")
    test.assert_eq(raise_and_catch("none"), "none")
  end)

  test.it("lets a non-matching typed catch pass the error on", fun ()
    let outer = nil
    try
      try
        raise ValueErr.new("inner")
      catch e: IndexErr
        outer = "wrong handler"
      end
    catch e: ValueErr
      outer = "outer caught " .. e.message()
    end
    test.assert_eq(outer, "outer caught inner")
  end)

  test.it("Err catches every built-in type", fun ()
    for kind in ["index", "type", "value", "other"]
      let caught = false
      try
        raise_and_catch_rethrow(kind)
      catch e: Err
        caught = true
      end
      test.assert(caught, kind)
    end
  end)

  test.it("re-raises with a bare raise", fun ()
    let log = []
    try
      try
        raise ValueErr.new("original")
      catch e
        log.push("logged " .. e.message())
        raise
      end
    catch e
      log.push(e.type() .. ": " .. e.message())
    end
    test.assert_eq(log, ["logged original", "ValueErr: original"])
  end)

  test.it("ensure always runs", fun ()
    let ok = []
    with_ensure(ok, false)
    test.assert_eq(ok, ["body", "after", "ensure"])
    let failed = []
    with_ensure(failed, true)
    test.assert_eq(failed, ["body", "caught boom", "ensure"])
  end)

  test.it("ensure runs when try returns", fun ()
    let log = []
    test.assert_eq(returns_through_ensure(log), "from try")
    test.assert_eq(log, ["ensure ran"])
  end)

  test.it("ensure runs when break or continue leaves the try", fun ()
    let log = []
    for i in 0 to 3
      try
        if i == 1
          continue
        end
        if i == 2
          break
        end
      ensure
        log.push(i)
      end
    end
    test.assert_eq(log, [0, 1, 2])
  end)

  test.it("an error raised in ensure replaces the body's error", fun ()
    let got = nil
    try
      try
        raise "first"
      ensure
        raise "from ensure"
      end
    catch e
      got = e.message()
    end
    test.assert_eq(got, "from ensure")
  end)

  test.it("try/ensure without catch still propagates", fun ()
    let log = []
    try
      try
        raise "fails"
      ensure
        log.push("cleanup")
      end
    catch e
      log.push("caught")
    end
    test.assert_eq(log, ["cleanup", "caught"])
  end)

  test.it("an error raised in catch replaces the first", fun ()
    let got = nil
    try
      try
        raise IndexErr.new("first")
      catch e
        raise TypeErr.new("second")
      end
    catch e
      got = e.type() .. ": " .. e.message()
    end
    test.assert_eq(got, "TypeErr: second")
  end)
end)

test.describe("built-in exception types", fun ()
  test.it("each type can be created, raised and caught by its name", fun ()
    let names = []
    for pair in [
      ["Err", fun () raise Err.new("m") end],
      ["IndexErr", fun () raise IndexErr.new("m") end],
      ["TypeErr", fun () raise TypeErr.new("m") end],
      ["ValueErr", fun () raise ValueErr.new("m") end],
      ["ArgErr", fun () raise ArgErr.new("m") end],
      ["AttrErr", fun () raise AttrErr.new("m") end],
      ["NameErr", fun () raise NameErr.new("m") end],
      ["RuntimeErr", fun () raise RuntimeErr.new("m") end],
      ["IOErr", fun () raise IOErr.new("m") end],
      ["ImportErr", fun () raise ImportErr.new("m") end],
      ["KeyErr", fun () raise KeyErr.new("m") end]
    ]
      test.assert_eq(caught_type(pair[1]), pair[0])
      names.push(pair[0])
    end
    test.assert_eq(names.len(), 11)
  end)

  test.it("typed catch matches exactly, with no deeper hierarchy", fun ()
    let got = nil
    try
      try
        raise KeyErr.new("k")
      catch e: IndexErr
        got = "IndexErr caught a KeyErr"
      end
    catch e: KeyErr
      got = "KeyErr"
    end
    test.assert_eq(got, "KeyErr")
  end)
end)

test.describe("exception objects", fun ()
  test.it("expose type, message, str", fun ()
    try
      raise IndexErr.new("index out of bounds: 10")
    catch e
      test.assert_eq(e.type(), "IndexErr")
      test.assert_eq(e.message(), "index out of bounds: 10")
      test.assert_contains(e.str(), "index out of bounds: 10")
    end
  end)

  test.it("carry the line and file where they were raised", fun ()
    let raised_line = nil
    try
      raised_line = __line__ + 1
      raise ValueErr.new("here")
    catch e
      test.assert_eq(e.line(), raised_line)
      test.assert(e.file().endswith("exceptions_test.q"), e.file())
    end
  end)

  test.it("carry a stack as an array of strings", fun ()
    try
      raise_and_catch_rethrow("index")
    catch e
      let stack = e.stack()
      test.assert_type(stack, "Array")
      for frame in stack
        test.assert_type(frame, "Str")
      end
    end
  end)

  test.it("have no cause unless one was given", fun ()
    try
      raise KeyErr.new("k")
    catch e
      test.assert_nil(e.cause())
    end
  end)

  test.it("exception types reject a wrong constructor call", fun ()
    test.assert_raises(fun () IndexErr.new() end)
  end)
end)

test.describe("errors raised by the runtime", fun ()
  test.it("array index out of range is an IndexErr", fun ()
    let arr = [1, 2, 3]
    test.assert_eq(caught_type(fun () arr[10] end), "IndexErr")
    test.assert_eq(caught_type(fun () arr.get(-10) end), "IndexErr")
  end)

  test.it("string index out of range is an IndexErr", fun ()
    test.assert_eq(caught_type(fun () "abc"[5] end), "IndexErr")
  end)

  test.it("an unknown method is an AttrErr", fun ()
    test.assert_eq(caught_type(fun () 5.no_such_method() end), "AttrErr")
    test.assert_eq(caught_type(fun () "s".no_such_method() end), "AttrErr")
    test.assert_eq(caught_type(fun () [].no_such_method() end), "AttrErr")
  end)

  test.it("an undefined name is a NameErr", fun ()
    test.assert_eq(caught_type(fun () undefined_thing + 1 end), "NameErr")
    test.assert_eq(caught_type(fun () undefined_function() end), "NameErr")
  end)

  test.it("wrong argument count is an ArgErr", fun ()
    let two = fun (a, b) a + b end
    test.assert_eq(caught_type(fun () two(1) end), "ArgErr")
    test.assert_eq(caught_type(fun () "abc".slice(1) end), "ArgErr")
  end)

  test.it("an operator on incompatible types is a TypeErr", fun ()
    test.assert_eq(caught_type(fun () [1] - 1 end), "TypeErr")
    test.assert_eq(caught_type(fun () 5 - "a" end), "TypeErr")
  end)

  test.it("integer division by zero is a RuntimeErr", fun ()
    test.assert_raises(fun () 1 / 0 end, "RuntimeErr")
    test.assert_raises(fun () 1 % 0 end, "RuntimeErr")
  end)

  test.it("integer overflow is a RuntimeErr", fun ()
    let big = 9223372036854775807
    test.assert_raises(fun () big + 1 end, "RuntimeErr")
    test.assert_raises(fun () big * 2 end, "RuntimeErr")
    test.assert_raises(fun () (0 - big) - 2 end, "RuntimeErr")
  end)

  test.it("a bad string conversion is an error", fun ()
    test.assert_raises(fun () "abc".to_int() end)
    test.assert_raises(fun () "12.5".to_int() end)
  end)

  test.it("raising a non-exception struct is a TypeErr", fun ()
    test.assert_eq(caught_type(fun () raise Plain.new(v: 1) end), "TypeErr")
  end)
end)

# Upstream: e.type() is the exception type itself, which prints, concatenates and
# compares with a Str as its name.
test.describe("exception types are values", fun ()
  test.it("e.type() equals the type", fun ()
    let seen = []
    for kind in [Err, IndexErr, TypeErr, ValueErr, KeyErr, ArgErr, AttrErr, NameErr, RuntimeErr, IOErr, ImportErr]
      try
        raise kind.new("m")
      catch e
        seen.push(e.type() == kind)
      end
    end
    test.assert_eq(seen.filter(fun (x) x end).len(), 11)
  end)

  test.it("a raised string and a runtime error have RuntimeErr and IndexErr types", fun ()
    test.assert_eq(caught_type(fun () raise "plain" end), RuntimeErr)
    test.assert_eq(caught_type(fun () [1][5] end), IndexErr)
    test.assert(caught_type(fun () [1][5] end) != KeyErr, "different types differ")
  end)

  test.it("prints and concatenates as its name", fun ()
    let t = caught_type(fun () raise ValueErr.new("v") end)
    test.assert_eq(t.str(), "ValueErr")
    test.assert_eq("got " .. t, "got ValueErr")
    test.assert_eq(IndexErr.str(), "IndexErr")
    test.assert_eq([t].str(), "[ValueErr]")
  end)

  test.it("equals its name as a Str, both ways", fun ()
    let t = caught_type(fun () raise KeyErr.new("k") end)
    test.assert(t == "KeyErr", "type == name")
    test.assert("KeyErr" == t, "name == type")
    test.assert(t != "IndexErr", "other names differ")
  end)

  test.it("the exception's own str() is Type: message", fun ()
    test.assert_eq(IndexErr.new("out").str(), "IndexErr: out")
  end)
end)

test.describe("catch clause types are checked before the try block runs", fun ()
  test.it("a type without impl Error is a TypeErr, and the block never runs", fun ()
    let ran = false
    let got = nil
    try
      try
        ran = true
      catch e: Plain
        got = "caught"
      end
    catch outer
      got = outer.type().str() .. ": " .. outer.message()
    end
    test.assert_eq(ran, false)
    test.assert(got.startswith("TypeErr: "), got)
    test.assert(got.contains("Plain"), got)
  end)

  test.it("built-in exception types pass the check", fun ()
    let got = nil
    try
      raise KeyErr.new("k")
    catch e: IndexErr
      got = "index"
    catch e: KeyErr
      got = "key"
    end
    test.assert_eq(got, "key")
  end)
end)

test.describe("stack traces of short recursions", fun ()
  test.it("list every frame (a long run collapses after ten)", fun ()
    fun dive(depth)
      if depth == 0
        raise RuntimeErr.new("bottom")
      end
      dive(depth - 1)
    end
    let short = nil
    try
      dive(5)
    catch e
      short = e.stack()
    end
    test.assert_eq(short.filter(fun (l) l.contains("at dive") end).len(), 6)
    let deep = nil
    try
      dive(60)
    catch e
      deep = e.stack()
    end
    test.assert_eq(deep.filter(fun (l) l.contains("at dive") end).len(), 11)
    test.assert(deep.join(" ").contains("previous frame repeated 50 more times"), deep.join(" "))
  end)
end)
