# language/functions.md: named functions, implicit and early return, defaults
# evaluated at call time, *args, named arguments, **kwargs, unpacking, lambdas,
# closures by reference, chained calls, argument errors.
use "std/test"

test.module("language/functions")

fun add(x, y)
  x + y
end

fun get_pi()
  3.14159
end

fun greet(name, greeting = "Hello")
  greeting .. ", " .. name
end

fun connect(host = "localhost", port = 8080, timeout = 30)
  host .. ":" .. port.str() .. "/" .. timeout.str()
end

fun add_with_default(x, y = x)
  x + y
end

let default_multiplier = 2
fun scale(value, multiplier = default_multiplier)
  value * multiplier
end

fun stamp(log = [])
  log.push("x")
  log.len()
end

fun sum(*numbers)
  let total = 0
  let i = 0
  while i < numbers.len()
    total = total + numbers[i]
    i = i + 1
  end
  total
end

fun greet_all(greeting, *names)
  let result = greeting
  let i = 0
  while i < names.len()
    result = result .. " " .. names[i]
    i = i + 1
  end
  result
end

fun connect_extra(host, port = 8080, *extra)
  [host, port, extra]
end

fun flags(host, port = 8080, timeout = 30, ssl = false, debug = false)
  [host, port, timeout, ssl, debug]
end

fun configure(host, port = 8080, *extra, **options)
  [host, port, extra.len(), options]
end

fun add3(x, y, z)
  x + y + z
end

fun find_first_even(numbers)
  let i = 0
  while i < numbers.len()
    if numbers[i] % 2 == 0
      return numbers[i]
    end
    i = i + 1
  end
  nil
end

fun calculate(x, y)
  let doubled = x * 2
  let sum = doubled + y
  sum
end

fun no_value()
  let x = 1
  return
end

fun is_even(n)
  n % 2 == 0
end

fun double(x)
  x * 2
end

fun square(x)
  x * x
end

fun double_then_square(x)
  square(double(x))
end

fun typed_add(x: Int, y: Int)
  x + y
end

fun documented()
  """Returns one."""
  1
end

fun whoami()
  __function__
end

fun countdown(n)
  if n == 0
    return 0
  end
  1 + countdown(n - 1)
end

test.describe("named functions", fun ()
  test.it("return their last expression", fun ()
    test.assert_eq(add(5, 3), 8)
    test.assert_eq(get_pi(), 3.14159)
    test.assert_eq(calculate(5, 3), 13)
  end)

  test.it("return early with return", fun ()
    test.assert_eq(find_first_even([1, 3, 5, 8, 9]), 8)
    test.assert_nil(find_first_even([1, 3]))
  end)

  test.it("return nil from a bare return", fun ()
    test.assert_nil(no_value())
  end)

  test.it("compose", fun ()
    test.assert(is_even(42))
    test.assert_eq(double_then_square(3), 36)
  end)

  test.it("recurse", fun ()
    test.assert_eq(countdown(100), 100)
  end)

  test.it("carry their docstring", fun ()
    test.assert_eq(documented._doc(), "Returns one.")
    fun undocumented()
      1
    end
    test.assert_eq(undocumented._doc(), "User-defined function: undocumented")
    test.assert_eq((fun (x) x end)._doc(), "Anonymous function")
    test.assert_eq(documented(), 1)
  end)

  test.it("know their own name through __function__", fun ()
    test.assert_eq(whoami(), "whoami")
  end)

  test.it("accept annotated parameters", fun ()
    test.assert_eq(typed_add(2, 3), 5)
  end)
end)

test.describe("default parameters", fun ()
  test.it("are used when an argument is missing", fun ()
    test.assert_eq(greet("Alice"), "Hello, Alice")
    test.assert_eq(greet("Bob", "Hi"), "Hi, Bob")
  end)

  test.it("fill from the left", fun ()
    test.assert_eq(connect(), "localhost:8080/30")
    test.assert_eq(connect("example.com"), "example.com:8080/30")
    test.assert_eq(connect("example.com", 3000), "example.com:3000/30")
    test.assert_eq(connect("example.com", 3000, 60), "example.com:3000/60")
  end)

  test.it("may refer to earlier parameters", fun ()
    test.assert_eq(add_with_default(5), 10)
    test.assert_eq(add_with_default(5, 3), 8)
  end)

  test.it("read outer variables at call time", fun ()
    test.assert_eq(scale(10), 20)
    test.assert_eq(scale(10, 3), 30)
    default_multiplier = 5
    test.assert_eq(scale(10), 50)
    default_multiplier = 2
  end)

  test.it("must follow required parameters (error at definition)", fun ()
    test.assert_raises(fun ()
      use "./fixtures/bad_defaults" as bad
    end)
  end)

  test.it("are evaluated afresh on every call", fun ()
    test.assert_eq(stamp(), 1)
    test.assert_eq(stamp(), 1)
  end)
end)

test.describe("variadic parameters", fun ()
  test.it("collect extra positional arguments", fun ()
    test.assert_eq(sum(), 0)
    test.assert_eq(sum(1), 1)
    test.assert_eq(sum(1, 2, 3), 6)
    test.assert_eq(sum(1, 2, 3, 4, 5), 15)
  end)

  test.it("follow required parameters", fun ()
    test.assert_eq(greet_all("Hello"), "Hello")
    test.assert_eq(greet_all("Hello", "Alice"), "Hello Alice")
    test.assert_eq(greet_all("Hello", "Alice", "Bob"), "Hello Alice Bob")
  end)

  test.it("follow defaults", fun ()
    test.assert_eq(connect_extra("localhost"), ["localhost", 8080, []])
    test.assert_eq(connect_extra("localhost", 3000), ["localhost", 3000, []])
    test.assert_eq(connect_extra("localhost", 3000, "a"), ["localhost", 3000, ["a"]])
  end)

  test.it("work in lambdas", fun ()
    let concat = fun (*items)
      let result = ""
      for item in items
        result = result .. item.str()
      end
      result
    end
    test.assert_eq(concat("a", "b", "c"), "abc")
    test.assert_eq(concat(), "")
  end)
end)

test.describe("named arguments", fun ()
  test.it("bind by name in any order", fun ()
    test.assert_eq(greet(greeting: "Hello", name: "Alice"), "Hello, Alice")
    test.assert_eq(greet(name: "Alice", greeting: "Hello"), "Hello, Alice")
    test.assert_eq(greet("Hello2", greeting: "Hi"), "Hi, Hello2")
  end)

  test.it("skip optional parameters", fun ()
    test.assert_eq(flags("localhost", ssl: true), ["localhost", 8080, 30, true, false])
    test.assert_eq(flags("localhost", debug: true, ssl: true), ["localhost", 8080, 30, true, true])
    test.assert_eq(flags("localhost", 3000, ssl: true), ["localhost", 3000, 30, true, false])
  end)

  test.it("unknown names go to **kwargs", fun ()
    let result = configure("localhost", ssl: true, timeout: 60)
    test.assert_eq(result[0], "localhost")
    test.assert_eq(result[1], 8080)
    test.assert_eq(result[2], 0)
    test.assert_eq(result[3].len(), 2)
    test.assert_eq(result[3]["ssl"], true)
    test.assert_eq(result[3]["timeout"], 60)
  end)

  test.it("reject unknown names without **kwargs (ArgErr)", fun ()
    test.assert_raises(fun () greet(nme: "x") end, "ArgErr")
  end)

  test.it("reject a duplicate keyword argument", fun ()
    test.assert_raises(fun () greet(greeting: "a", name: "b", name: "c") end)
  end)

  test.it("reject a parameter given twice (ArgErr)", fun ()
    test.assert_raises(fun () greet("Alice", name: "Bob") end, "ArgErr")
  end)
end)

test.describe("unpacking", fun ()
  test.it("spreads an array into positional arguments", fun ()
    let args = [1, 2, 3]
    test.assert_eq(add3(*args), 6)
  end)

  test.it("spreads a dict into named arguments", fun ()
    let kwargs = {greeting: "Hello", name: "Alice"}
    test.assert_eq(greet(**kwargs), "Hello, Alice")
    test.assert_eq(greet(**kwargs, name: "Bob"), "Hello, Bob")
  end)
end)

test.describe("argument count errors", fun ()
  test.it("too few arguments is an ArgErr", fun ()
    test.assert_raises(fun () add(1) end, "ArgErr")
  end)

  test.it("too many arguments is an ArgErr", fun ()
    test.assert_raises(fun () add(1, 2, 3) end, "ArgErr")
  end)

  test.it("lambdas check their arity too", fun ()
    let one = fun (x) x end
    test.assert_raises(fun () one() end, "ArgErr")
  end)

  test.it("calling a non-function is an error", fun ()
    let not_callable = 5
    test.assert_raises(fun () not_callable() end)
  end)
end)

test.describe("lambdas", fun ()
  test.it("are values", fun ()
    let double_it = fun (x) x * 2 end
    let add_it = fun (x, y) x + y end
    let compute = fun (x, y)
      let a = x * 2
      let b = y * 3
      a + b
    end
    let hello = fun () "Hello, World!" end
    test.assert_eq(double_it(5), 10)
    test.assert_eq(add_it(3, 4), 7)
    test.assert_eq(compute(5, 10), 40)
    test.assert_eq(hello(), "Hello, World!")
  end)

  test.it("live in arrays and dicts", fun ()
    let operations = [
      fun (x) x + 1 end,
      fun (x) x * 2 end,
      fun (x) x * x end
    ]
    test.assert_eq(operations[0](5), 6)
    test.assert_eq(operations[1](5), 10)
    test.assert_eq(operations[2](5), 25)
    let handlers = {
      greet: fun (name) "Hello, " .. name end,
      farewell: fun (name) "Goodbye, " .. name end
    }
    test.assert_eq(handlers["greet"]("Alice"), "Hello, Alice")
    test.assert_eq(handlers["farewell"]("Bob"), "Goodbye, Bob")
  end)

  test.it("capture the scope they were made in", fun ()
    let multiplier = 10
    let scale_it = fun (n) n * multiplier end
    test.assert_eq(scale_it(5), 50)
  end)
end)

test.describe("higher-order functions and closures", fun ()
  test.it("make adders", fun ()
    let make_adder = fun (n)
      fun (x) x + n end
    end
    let add_five = make_adder(5)
    test.assert_eq(add_five(10), 15)
    test.assert_eq(add_five(20), 25)
  end)

  test.it("keep state in captured parameters", fun ()
    let make_counter = fun (start)
      fun ()
        start += 1
        start
      end
    end
    let counter = make_counter(0)
    test.assert_eq(counter(), 1)
    test.assert_eq(counter(), 2)
    test.assert_eq(counter(), 3)
  end)

  test.it("chain calls f(x)(y)(z)", fun ()
    let f = fun (a)
      fun (b)
        fun (c)
          a + b + c
        end
      end
    end
    test.assert_eq(f(1)(2)(3), 6)
    let arr = [fun (x) fun () x * 2 end end]
    test.assert_eq(arr[0](5)(), 10)
    let dict = {multiply: fun (n) fun (x) x * n end end}
    test.assert_eq(dict["multiply"](3)(10), 30)
  end)

  test.it("map with factories", fun ()
    let make_multiplier = fun (n)
      fun (x) x * n end
    end
    let results = [2, 3, 4].map(fun (n)
      make_multiplier(n)(10)
    end)
    test.assert_eq(results, [20, 30, 40])
  end)

  test.it("capture variables by reference", fun ()
    let multiplier = 5
    let scale_it = fun (value) value * multiplier end
    test.assert_eq(scale_it(10), 50)
    multiplier = 10
    test.assert_eq(scale_it(10), 100)
  end)
end)
