# language/control-flow.md: if/elif/else (block and one-line), comparison and
# logical operators, truthiness, match with values, lists, ranges and steps.
use "std/test"

test.module("language/control-flow")

fun grade(score)
  if score >= 90
    "A"
  elif score >= 80
    "B"
  elif score >= 70
    "C"
  else
    "F"
  end
end

fun handle_status(code)
  match code
  in 200, 201, 204
    "success"
  in 400, 401, 403
    "client_error"
  in 404
    "not_found"
  in 500, 502, 503
    "server_error"
  else
    "unknown"
  end
end

fun classify(code)
  match code
  in 200
    return "success"
  in 404
    return "not_found"
  end
  "other"
end

fun kind_of(value)
  match value
  in "hello"
    "string"
  in 42
    "number"
  in true
    "boolean"
  in nil
    "nil"
  else
    "other"
  end
end

fun age_group(age)
  match age
  in 0 to 12
    "child"
  in 13 until 20
    "teenager"
  in 20 to 64
    "adult"
  else
    "senior"
  end
end

fun parity(n)
  match n
  in 0 to 100 step 2
    "even"
  in 1 to 99 step 2
    "odd"
  else
    "out of range"
  end
end

fun clamp(value)
  if value < 0
    0
  elif value > 100
    100
  else
    value
  end
end

fun truthy(value)
  if value
    return true
  end
  false
end

test.describe("if", fun ()
  test.it("chooses the first true branch", fun ()
    test.assert_eq(grade(95), "A")
    test.assert_eq(grade(85), "B")
    test.assert_eq(grade(75), "C")
    test.assert_eq(grade(10), "F")
  end)

  test.it("works on one line", fun ()
    let out = []
    let friendly = true
    if friendly out.push("Hi") else out.push("Bye") end
    let x = 5
    if x > 10 out.push("Large") else out.push("Small") end
    test.assert_eq(out, ["Hi", "Small"])
  end)

  test.it("gives a function its value when it is the last statement", fun ()
    test.assert_eq(clamp(150), 100)
    test.assert_eq(clamp(-3), 0)
    test.assert_eq(clamp(42), 42)
  end)

  test.it("uses method calls in conditions", fun ()
    let name = "Quest"
    let greeting = nil
    if name.len() > 0
      greeting = "Hello, " .. name
    else
      greeting = "Name cannot be empty"
    end
    test.assert_eq(greeting, "Hello, Quest")
  end)
end)

test.describe("operators", fun ()
  test.it("compare numbers", fun ()
    let x = 5
    test.assert(x == 5)
    test.assert(x != 0)
    test.assert(x < 10)
    test.assert(x > 0)
    test.assert(x <= 5)
    test.assert(x >= 5)
  end)

  test.it("combine with and, or, not", fun ()
    let age = 16
    let status = "student"
    test.assert((age >= 13 and age <= 19) or status == "student")
    test.assert(not (age >= 18))
    test.assert_eq(true and false, false)
    test.assert_eq(false or true, true)
    test.assert_eq(not true, false)
  end)

  test.it("and/or return operands and short-circuit", fun ()
    let calls = []
    let side = fun ()
      calls.push("called")
      true
    end
    test.assert_eq(nil or "default", "default")
    test.assert_eq("value" or "default", "value")
    test.assert_eq(1 and 2, 2)
    let r1 = false and side()
    let r2 = true or side()
    test.assert_eq(calls, [])
    test.assert_eq(r1, false)
    test.assert_eq(r2, true)
  end)
end)

test.describe("truthiness", fun ()
  test.it("false and nil are falsy", fun ()
    test.assert_eq(truthy(false), false)
    test.assert_eq(truthy(nil), false)
  end)

  test.it("true, non-zero numbers, non-empty strings and collections are truthy", fun ()
    test.assert(truthy(true))
    test.assert(truthy(42))
    test.assert(truthy(-5))
    test.assert(truthy("text"))
    test.assert(truthy([1]))
    test.assert(truthy({"a": 1}))
  end)

  test.it("zero, empty strings and empty collections are falsy (upstream runtime)", fun ()
    test.assert_eq(truthy(0), false)
    test.assert_eq(truthy(0.0), false)
    test.assert_eq(truthy(""), false)
    test.assert_eq(truthy([]), false)
    test.assert_eq(truthy({}), false)
  end)

  test.it("value.is() checks types by name", fun ()
    test.assert(5.is("Int"))
    test.assert("s".is("Str"))
    test.assert(5.is(Int))
    test.assert(not "s".is(Int))
  end)
end)

test.describe("match", fun ()
  test.it("matches single values with else", fun ()
    test.assert_eq(handle_status(404), "not_found")
    test.assert_eq(handle_status(999), "unknown")
  end)

  test.it("matches comma-separated values", fun ()
    test.assert_eq(handle_status(201), "success")
    test.assert_eq(handle_status(403), "client_error")
    test.assert_eq(handle_status(503), "server_error")
  end)

  test.it("matches strings, numbers, booleans and nil", fun ()
    test.assert_eq(kind_of("hello"), "string")
    test.assert_eq(kind_of(42), "number")
    test.assert_eq(kind_of(true), "boolean")
    test.assert_eq(kind_of(nil), "nil")
    test.assert_eq(kind_of([1]), "other")
  end)

  test.it("matches an expression evaluated once", fun ()
    let evaluations = 0
    let next_value = fun ()
      evaluations += 1
      5
    end
    let result = nil
    match next_value() * 2
    in 10
      result = "Matched 10"
    in 20
      result = "Matched 20"
    end
    test.assert_eq(result, "Matched 10")
    test.assert_eq(evaluations, 1)
  end)

  test.it("nests", fun ()
    let outer = 1
    let inner = "b"
    let result = nil
    match outer
    in 1
      match inner
      in "a"
        result = "1-a"
      in "b"
        result = "1-b"
      end
    in 2
      result = "outer-2"
    end
    test.assert_eq(result, "1-b")
  end)

  test.it("first match wins", fun ()
    let value = 1
    let result = nil
    match value
    in 1
      result = "first"
    in 1
      result = "second"
    end
    test.assert_eq(result, "first")
  end)

  test.it("without a matching arm or else does nothing", fun ()
    let hit = false
    match 7
    in 1
      hit = true
    end
    test.assert_eq(hit, false)
  end)

  test.it("supports return inside arms", fun ()
    test.assert_eq(classify(200), "success")
    test.assert_eq(classify(404), "not_found")
    test.assert_eq(classify(500), "other")
  end)

  test.it("supports break and continue inside arms", fun ()
    let processed = []
    for item in ["a", "skip", "b", "stop", "c"]
      match item
      in "stop"
        break
      in "skip"
        continue
      else
        processed.push(item)
      end
    end
    test.assert_eq(processed, ["a", "b"])
  end)

  test.it("matches inclusive and exclusive ranges", fun ()
    test.assert_eq(age_group(0), "child")
    test.assert_eq(age_group(12), "child")
    test.assert_eq(age_group(13), "teenager")
    test.assert_eq(age_group(19), "teenager")
    test.assert_eq(age_group(20), "adult")
    test.assert_eq(age_group(64), "adult")
    test.assert_eq(age_group(65), "senior")
  end)

  test.it("matches ranges with a step", fun ()
    test.assert_eq(parity(4), "even")
    test.assert_eq(parity(7), "odd")
    test.assert_eq(parity(101), "out of range")
  end)

  test.it("matches floats against integer ranges", fun ()
    test.assert_eq(age_group(15.5), "teenager")
    test.assert_eq(age_group(5.5), "child")
  end)
end)
