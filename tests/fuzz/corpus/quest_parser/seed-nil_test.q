# types/nil.md: the nil literal, falsiness, elvis (with chaining), optional fields,
# missing dict keys, functions without a value, nil in comparisons.
use "std/test"

test.module("types/nil")

type Person
  pub name: Str
  pub age: Int?
  pub email: Str?
end

fun find_user(id)
  if id != 1
    return nil
  end
  "user 1"
end

test.describe("nil", fun ()
  test.it("is a single value equal to itself", fun ()
    let a = nil
    let b = nil
    test.assert(a == b)
    test.assert(a == nil)
    test.assert(nil != false)
    test.assert(nil != 0)
  end)

  test.it("is falsy", fun ()
    let printed = []
    if nil
      printed.push("if nil")
    end
    if not nil
      printed.push("not nil")
    end
    test.assert_eq(printed, ["not nil"])
  end)

  test.it("can be replaced later", fun ()
    let name = nil
    name = "Alice"
    test.assert_eq(name, "Alice")
  end)

  test.it("displays as nil", fun ()
    test.assert_eq("value: " .. nil, "value: nil")
    test.assert_eq([nil].str(), "[nil]")
  end)

  test.it("checks its type with is()", fun ()
    test.assert(nil.is(Nil))
    test.assert(not nil.is(Int))
  end)
end)

test.describe("elvis", fun ()
  test.it("gives the default for nil", fun ()
    let config = nil
    test.assert_eq(config ?: 30, 30)
    let name = "Alice"
    test.assert_eq(name ?: "Guest", "Alice")
    let user_input = nil
    let default_value = "N/A"
    test.assert_eq(user_input ?: default_value, "N/A")
  end)

  test.it("chains", fun ()
    let primary = nil
    let secondary = nil
    let fallback = "default"
    test.assert_eq(primary ?: secondary ?: fallback, "default")
    test.assert_eq(primary ?: "second" ?: fallback, "second")
  end)
end)

test.describe("where nil appears", fun ()
  test.it("optional fields default to nil", fun ()
    let person = Person.new(name: "Alice")
    test.assert_nil(person.age)
    test.assert_nil(person.email)
  end)

  test.it("missing dict keys read as nil", fun ()
    let config = {"port": 8080}
    test.assert_eq(config["port"], 8080)
    test.assert_nil(config["host"])
    test.assert_eq(config["host"] ?: "localhost", "localhost")
  end)

  test.it("array access out of bounds raises instead of giving nil", fun ()
    let arr = [1, 2, 3]
    test.assert_raises(fun () arr[10] end, "IndexErr")
  end)

  test.it("a function whose last statement has no value returns nil", fun ()
    test.assert_nil(puts("nil_test: function without a value"))
    test.assert_nil(find_user(2))
    test.assert_eq(find_user(1), "user 1")
  end)

  test.it("calling a method on nil raises", fun ()
    let nothing = nil
    test.assert_raises(fun () nothing.upper() end)
  end)
end)
