# types/bool.md: literals, truthiness, and/or/not with short-circuiting,
# comparisons, methods, elvis with booleans.
use "std/test"

test.module("types/bool")

fun truthy(value)
  if value
    return true
  end
  false
end

test.describe("literals", fun ()
  test.it("true and false are Bools", fun ()
    test.assert_eq(true.cls(), "Bool")
    test.assert_eq(false.cls(), "Bool")
    test.assert(true != false)
  end)

  test.it("str() gives true and false", fun ()
    test.assert_eq(true.str(), "true")
    test.assert_eq(false.str(), "false")
    test.assert_eq("Status: " .. true.str(), "Status: true")
  end)

  test.it("eq and neq methods", fun ()
    test.assert(true.eq(true))
    test.assert(true.neq(false))
  end)
end)

test.describe("truthiness", fun ()
  test.it("false, nil, 0 and 0.0 are falsy", fun ()
    test.assert_eq(truthy(false), false)
    test.assert_eq(truthy(nil), false)
    test.assert_eq(truthy(0), false)
    test.assert_eq(truthy(0.0), false)
  end)

  test.it("true, non-zero numbers and objects are truthy", fun ()
    test.assert(truthy(true))
    test.assert(truthy(42))
    test.assert(truthy(-1))
    test.assert(truthy(0.5))
    test.assert(truthy("text"))
    test.assert(truthy([0]))
  end)
end)

test.describe("logical operators", fun ()
  test.it("and", fun ()
    test.assert_eq(true and true, true)
    test.assert_eq(true and false, false)
    test.assert_eq(false and true, false)
    test.assert_eq(false and false, false)
  end)

  test.it("or", fun ()
    test.assert_eq(true or true, true)
    test.assert_eq(true or false, true)
    test.assert_eq(false or true, true)
    test.assert_eq(false or false, false)
  end)

  test.it("not", fun ()
    test.assert_eq(not true, false)
    test.assert_eq(not false, true)
    test.assert_eq(not nil, true)
  end)

  test.it("short-circuit", fun ()
    let calls = 0
    let expensive = fun ()
      calls += 1
      true
    end
    let a = false and expensive()
    let b = true or expensive()
    test.assert_eq(calls, 0)
    let c = true and expensive()
    test.assert_eq(calls, 1)
    test.assert_eq([a, b, c], [false, true, true])
  end)

  test.it("binds: not before and before or", fun ()
    test.assert_eq(not false and false, false)
    test.assert_eq(true or false and false, true)
    let age = 25
    let has_ticket = true
    let has_id = true
    test.assert((age >= 18 and has_id) or has_ticket)
  end)
end)

test.describe("comparisons", fun ()
  test.it("produce Bools", fun ()
    test.assert_eq(5 == 5, true)
    test.assert_eq(5 == 10, false)
    test.assert_eq(5 != 10, true)
    test.assert_eq(5 < 10, true)
    test.assert_eq(5 > 10, false)
    test.assert_eq(5 <= 5, true)
    test.assert_eq(5 >= 10, false)
    test.assert_eq("abc" == "abc", true)
    test.assert_eq("abc" < "xyz", true)
    test.assert_eq((5 == 5).cls(), "Bool")
  end)

  test.it("string and array predicates return Bools", fun ()
    test.assert_eq("hello".starts_with("he"), true)
    test.assert_eq("hello".ends_with("lo"), true)
    test.assert_eq("hello".contains("ll"), true)
    test.assert_eq([1, 2, 3].contains(2), true)
    test.assert_eq({"key": "value"}.contains("key"), true)
    test.assert_eq(42.is("Int"), true)
  end)
end)

test.describe("elvis", fun ()
  # Upstream treats only nil as missing; types/bool.md says false falls back too.
  test.it("falls back on nil only", fun ()
    let config = nil
    test.assert_eq(config ?: 30, 30)
    let flag = false
    test.assert_eq(flag ?: true, false)
    test.assert_eq(5 ?: 30, 5)
  end)

  test.it("keeps falsy values that are not nil", fun ()
    test.assert_eq(0 ?: 30, 0)
    test.assert_eq(0.0 ?: 1.5, 0.0)
    test.assert_eq("" ?: "x", "")
    test.assert_eq([] ?: [1], [])
    test.assert_eq({}.len() ?: 9, 0)
    test.assert_eq({"a": nil}["a"] ?: "dflt", "dflt")
  end)
end)

test.describe("validation helpers", fun ()
  test.it("combine predicates", fun ()
    let is_valid_email = fun (email)
      return email.contains("@") and email.contains(".")
    end
    let is_in_range = fun (value, min, max)
      return value >= min and value <= max
    end
    test.assert(is_valid_email("a@b.c"))
    test.assert(not is_valid_email("ab.c"))
    test.assert(is_in_range(5, 1, 10))
    test.assert(not is_in_range(11, 1, 10))
  end)
end)
