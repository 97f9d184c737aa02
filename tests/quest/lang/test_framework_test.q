# stdlib/test.md: the std/test API used from a suite — fixtures, counters, the
# assertion family on passing input, hooks, settings validation. Failing assertions,
# skips and the closing line are checked from outside in tests/quest/cli.
use "std/test"

test.module("std/test")

test.fixture("sample_users", fun ()
  return [
    {"name": "Alice", "age": 30},
    {"name": "Bob", "age": 25}
  ]
end)

test.describe("fixtures", fun ()
  test.it("use_fixture returns fresh fixture data", fun ()
    let users = test.use_fixture("sample_users")
    test.assert_len(users, 2)
    users.push({"name": "Carol"})
    test.assert_len(test.use_fixture("sample_users"), 2)
  end)

  test.it("an unknown fixture is a KeyErr", fun ()
    test.assert_raises(fun () test.use_fixture("nope") end, "KeyErr")
  end)
end)

test.describe("counters", fun ()
  test.it("count passed tests as they finish", fun ()
    test.assert_gte(test.passed_count(), 2)
    test.assert_eq(test.failed_count(), 0)
  end)
end)

test.describe("assertions on passing input", fun ()
  test.it("the documented examples hold", fun ()
    test.assert(5 > 3)
    test.assert_eq(2 + 2, 4)
    test.assert_eq("hello".len(), 5, "Wrong string length")
    test.assert_neq(1, 2)
    test.assert_gt(101, 100)
    test.assert_lt(1, 2)
    test.assert_gte(2, 2)
    test.assert_lte(2, 2)
    test.assert_nil(nil)
    test.assert_not_nil(0, "Result should not be nil")
    test.assert_type(1, "Num")
    test.assert_type([1], "List")
    test.assert_type("s", "Str")
    test.assert_contains([1, 2, 3], 2)
    test.assert_contains("hello world", "world")
    test.assert_not_contains([1, 2], 5)
    test.assert_len("hello", 5)
    test.assert_empty([])
    test.assert_empty("")
    test.assert_not_empty([0])
    test.assert_near(3.14159265, 3.14159, 0.00001)
    test.assert_near(2.55, 2.5, 0.1)
    test.assert_true(true)
    test.assert_false(false)
  end)

  test.it("assert_raises accepts a function alone, with a name, or with a type first", fun ()
    test.assert_raises(fun () 1 / 0 end)
    test.assert_raises(fun () [][0] end, "IndexErr")
    test.assert_raises(IndexErr, fun () [][0] end)
    test.assert_raises(fun () raise ValueErr.new("v") end, Err)
  end)

  test.it("assert_matches uses std/regex", fun ()
    test.assert_matches("alice@example.com", "^[a-z]+@[a-z]+\\.[a-z]+$")
  end)

  test.it("assert_eq compares nested arrays and dicts structurally", fun ()
    test.assert_eq({"a": [1, {"b": 2}]}, {"a": [1, {"b": 2}]})
    test.assert_neq({"a": 1}, {"a": 1, "b": 2})
    test.assert_neq([1, 2], [2, 1])
  end)
end)

test.describe("hooks", fun ()
  let calls = []
  test.before_all(fun () calls.push("before_all") end)
  test.before(fun () calls.push("before") end)
  test.after(fun () calls.push("after") end)

  test.it("run before_all once, then before each test", fun ()
    test.assert_eq(calls, ["before_all", "before"])
  end)

  test.it("run after after each test", fun ()
    test.assert_eq(calls, ["before_all", "before", "after", "before"])
  end)
end)

test.describe("spies", fun ()
  test.it("record calls and pass results through", fun ()
    let adder = test.spy(fun (a, b) a + b end)
    test.assert_eq(adder(1, 2), 3)
    adder(5, 6)
    test.assert(adder.called())
    test.assert_eq(adder.call_count(), 2)
    test.assert_eq(adder.calls[0].args, [1, 2])
    test.assert(adder.called_with(5, 6))
    test.assert(not adder.called_with(9))
    adder.reset()
    test.assert_eq(adder.called(), false)
  end)

  test.it("without a function record named arguments and return nil", fun ()
    let callback = test.spy()
    test.assert_nil(callback("x", key: 1))
    test.assert_eq(callback.calls[0].kwargs["key"], 1)
  end)
end)

test.describe("benchmark", fun ()
  test.it("runs the function the given number of times and returns the total ms", fun ()
    let runs = 0
    let total = test.benchmark("counting", fun () runs += 1 end, 50)
    test.assert_eq(runs, 50)
    test.assert_type(total, "Int")
  end)

  test.it("rejects fewer than one iteration", fun ()
    test.assert_raises(fun () test.benchmark("none", fun () nil end, 0) end, "ValueErr")
  end)
end)

test.describe("settings", fun ()
  test.it("reject unknown reporters and capture modes", fun ()
    test.assert_raises(fun () test.set_reporter("fancy") end, "ValueErr")
    test.assert_raises(fun () test.set_capture("maybe") end, "ValueErr")
  end)

  test.it("colour helpers wrap text only when colours are on", fun ()
    test.set_colors(false)
    test.assert_eq(test.red("x"), "x")
    test.set_colors(true)
    test.assert_eq(test.red("x"), chr(27) .. "[31mx" .. chr(27) .. "[0m")
    test.assert_contains(test.green("ok"), "ok")
    test.set_colors(false)
  end)
end)
