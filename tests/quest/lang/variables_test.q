# language/variables.md: let, typed let, multiple let, const, scopes, shadowing,
# del, assignment to outer variables, indexed assignment, closures.
use "std/test"

test.module("language/variables")

let global_var = 100
let outer_x = 10
const TOP_CONST = 10

fun read_global()
  global_var
end

fun shadow_in_function()
  let outer_x = 20
  outer_x
end

fun modify_outer()
  outer_x = 20
end

fun const_shadow()
  const TOP_CONST = 20
  TOP_CONST
end

fun delete_outer()
  del global_var
end

fun delete_parameter(x)
  del x
end

fun make_accumulator()
  let total = 0
  return fun (x)
    total = total + x
    return total
  end
end

test.describe("let", fun ()
  test.it("declares variables of any type", fun ()
    let x = 10
    let name = "Alice"
    let items = [1, 2, 3]
    test.assert_eq(x, 10)
    test.assert_eq(name, "Alice")
    test.assert_eq(items, [1, 2, 3])
  end)

  test.it("accepts type annotations that are not enforced", fun ()
    let count: Int = 42
    let name: Str = "Alice"
    let active: Bool = true
    let price: Float = 9.99
    let items: Array = [1, 2, 3]
    let config: Dict = {debug: true}
    let wrong: Int = "not an int"
    test.assert_eq(count, 42)
    test.assert_eq(name, "Alice")
    test.assert_eq(active, true)
    test.assert_near(price, 9.99)
    test.assert_eq(items.len(), 3)
    test.assert_eq(config["debug"], true)
    test.assert_eq(wrong, "not an int")
  end)

  test.it("evaluates expressions in typed declarations", fun ()
    let sum: Int = 10 + 5
    let greeting: Str = "Hello" .. " World"
    test.assert_eq(sum, 15)
    test.assert_eq(greeting, "Hello World")
  end)

  test.it("declares several variables in one statement", fun ()
    let x = 1, y = 2, z = 3
    let name = "Alice", age = 30, active = true
    test.assert_eq(x + y + z, 6)
    test.assert_eq(name, "Alice")
    test.assert_eq(age, 30)
    test.assert_eq(active, true)
  end)

  test.it("mixes typed and untyped bindings", fun ()
    let a: Int = 10, b = "hello", c: Float = 3.14
    let p: Int = 1, q: Str = "test", r: Bool = false
    test.assert_eq(a, 10)
    test.assert_eq(b, "hello")
    test.assert_near(c, 3.14)
    test.assert_eq([p, q, r], [1, "test", false])
  end)

  test.it("cannot redeclare a name in the same scope (NameErr)", fun ()
    let redeclare = fun ()
      let x = 10
      let x = 20
      x
    end
    test.assert_raises(redeclare, "NameErr")
  end)

  test.it("allows reassignment", fun ()
    let x = 10
    x = 20
    test.assert_eq(x, 20)
  end)
end)

test.describe("const", fun ()
  test.it("binds expressions", fun ()
    const SECONDS_PER_DAY = 60 * 60 * 24
    const GREETING = "Hello" .. " World"
    test.assert_eq(SECONDS_PER_DAY, 86400)
    test.assert_eq(GREETING, "Hello World")
  end)

  test.it("cannot be reassigned", fun ()
    const Y = 10
    test.assert_raises(fun () Y = 20 end)
    test.assert_eq(Y, 10)
  end)

  test.it("cannot be changed by compound assignment", fun ()
    const Z = 10
    test.assert_raises(fun () Z += 5 end)
    test.assert_eq(Z, 10)
  end)

  test.it("is shadowed by a const in a function", fun ()
    test.assert_eq(const_shadow(), 20)
    test.assert_eq(TOP_CONST, 10)
  end)

  test.it("a const in a block shadows a let without freezing it", fun ()
    let x = 5
    if true
      const x = 10
      test.assert_eq(x, 10)
    end
    x = 15
    test.assert_eq(x, 15)
  end)

  test.it("is shallow: contents of arrays and dicts can change", fun ()
    const NUMBERS = [1, 2, 3]
    NUMBERS.push(4)
    NUMBERS[0] = 10
    test.assert_eq(NUMBERS, [10, 2, 3, 4])
    const CONFIG = {"debug": true}
    CONFIG["debug"] = false
    test.assert_eq(CONFIG["debug"], false)
    test.assert_raises(fun () NUMBERS = [4, 5, 6] end)
  end)
end)

test.describe("scopes", fun ()
  test.it("functions read globals", fun ()
    test.assert_eq(read_global(), 100)
  end)

  test.it("a local shadows a global", fun ()
    test.assert_eq(shadow_in_function(), 20)
    test.assert_eq(outer_x, 10)
  end)

  test.it("assignment changes the variable where it was declared", fun ()
    modify_outer()
    test.assert_eq(outer_x, 20)
    outer_x = 10
  end)

  test.it("if blocks have their own scope", fun ()
    let x = 10
    if true
      let x = 20
      test.assert_eq(x, 20)
    end
    test.assert_eq(x, 10)
  end)

  test.it("variables do not leak out of blocks", fun ()
    if true
      let temp_block_var = 42
    end
    test.assert_raises(fun () temp_block_var end, "NameErr")
  end)

  test.it("each branch of if/elif/else has its own scope", fun ()
    let value = 5
    let seen = nil
    if value < 0
      let msg = "negative"
      seen = msg
    elif value == 0
      let msg = "zero"
      seen = msg
    else
      let msg = "positive"
      seen = msg
    end
    test.assert_eq(seen, "positive")
  end)

  test.it("nested functions shadow in layers", fun ()
    let log = []
    let x = 1
    let outer = fun ()
      let x = 2
      log.push(x)
      let inner = fun ()
        let x = 3
        log.push(x)
      end
      inner()
      log.push(x)
    end
    outer()
    log.push(x)
    test.assert_eq(log, [2, 3, 2, 1])
  end)

  test.it("loop variables do not outlive the loop", fun ()
    for loop_only_item in [1, 2, 3]
      loop_only_item = loop_only_item * 2
    end
    test.assert_raises(fun () loop_only_item end, "NameErr")
  end)

  test.it("an undefined variable is a NameErr", fun ()
    test.assert_raises(fun () never_declared_anywhere end, "NameErr")
  end)

  test.it("assigning an undeclared name is a NameErr", fun ()
    test.assert_raises(fun () not_declared_either = 5 end, "NameErr")
  end)
end)

test.describe("del", fun ()
  test.it("removes a variable and allows redeclaration", fun ()
    let x = 10
    del x
    test.assert_raises(fun () x end, "NameErr")
    let x = 20
    test.assert_eq(x, 20)
  end)

  test.it("cannot delete a variable of an outer scope", fun ()
    test.assert_raises(fun () delete_outer() end)
    test.assert_eq(global_var, 100)
  end)

  test.it("cannot delete a parameter", fun ()
    test.assert_raises(fun () delete_parameter(1) end)
  end)

  test.it("cannot delete a built-in function", fun ()
    test.assert_raises(fun () del puts end)
    test.assert_nil(puts("puts survives"))
  end)
end)

test.describe("indexed assignment", fun ()
  test.it("assigns and compound-assigns array elements", fun ()
    let arr = [1, 2, 3]
    arr[0] = 10
    arr[1] += 5
    test.assert_eq(arr, [10, 7, 3])
  end)

  test.it("assigns and compound-assigns dict entries", fun ()
    let dict = {a: 1, b: 2}
    dict["a"] = 100
    dict["b"] *= 2
    dict["c"] = 3
    test.assert_eq(dict["a"], 100)
    test.assert_eq(dict["b"], 4)
    test.assert_eq(dict["c"], 3)
  end)

  test.it("assigns nested elements", fun ()
    let grid = [[1, 2], [3, 4], [5, 6]]
    grid[0][1] = 20
    grid[1][0] += 10
    test.assert_eq(grid, [[1, 20], [13, 4], [5, 6]])
  end)

  test.it("out of bounds is an IndexErr", fun ()
    let arr = [1, 2, 3]
    test.assert_raises(fun () arr[10] = 99 end, "IndexErr")
  end)

  test.it("strings and bytes are immutable (TypeErr)", fun ()
    let s = "hello"
    let b = b"data"
    test.assert_raises(fun () s[0] = "H" end, "TypeErr")
    test.assert_raises(fun () b[0] = 68 end, "TypeErr")
    test.assert_eq(s, "hello")
  end)
end)

test.describe("closures", fun ()
  test.it("modify captured variables", fun ()
    let count = 0
    let increment = fun ()
      count = count + 1
      count
    end
    test.assert_eq(increment(), 1)
    test.assert_eq(increment(), 2)
    test.assert_eq(count, 2)
  end)

  test.it("counters keep their own state", fun ()
    let make_counter = fun ()
      let count = 0
      return fun ()
        count = count + 1
        return count
      end
    end
    let counter1 = make_counter()
    let counter2 = make_counter()
    test.assert_eq(counter1(), 1)
    test.assert_eq(counter1(), 2)
    test.assert_eq(counter1(), 3)
    test.assert_eq(counter2(), 1)
  end)

  test.it("accumulators add up", fun ()
    let acc = make_accumulator()
    test.assert_eq(acc(5), 5)
    test.assert_eq(acc(10), 15)
    test.assert_eq(acc(3), 18)
  end)
end)
