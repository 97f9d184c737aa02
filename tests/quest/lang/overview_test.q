# quest-overview.md: the examples of the language overview that the per-page suites
# do not already cover: types with class methods, Array.new, indexed assignment
# errors, match ranges with steps, decorators, calling conventions, exceptions,
# member access returning functions.
use "std/test"
use "./fixtures/decorators_lib" as deco

test.module("quest-overview")

type Person
  pub name: str
  pub age: Int?

  fun greet()
    "Hello, " .. self.name
  end

  fun self.default()
    Person.new(name: "Unknown")
  end
end

# A decorator is a type that receives the decorated function as `func` and is
# called through _call.
type Twice
  func

  fun _call(*args, **kwargs)
    let first = self.func(*args, **kwargs)
    self.func(*args, **kwargs) + first
  end

  fun _name()
    "Twice"
  end
end

type Prefix
  func
  text: Str = ">"

  fun _call(*args)
    self.text .. self.func(*args)
  end
end

@Twice
fun ten()
  10
end

@Prefix(text: "# ")
fun title(name)
  name.upper()
end

@Prefix
@Twice
fun stacked()
  1
end

@deco.Doubled
fun five()
  5
end

@deco.Plus(amount: 10)
fun one()
  1
end

fun life_stage(age)
  match age
  in 0 to 12
    "child"
  in 13 until 20
    "teenager"
  in 20 to 64 step 2
    "adult-even"
  else
    "senior"
  end
end

fun connect(host, port = 8080, *extra, **options)
  {"host": host, "port": port, "extra": extra, "options": options}
end

fun add(a, b, c)
  a + b + c
end

fun greet_person(name, greeting = "Hello")
  greeting .. ", " .. name
end

test.describe("types", fun ()
  test.it("instance methods see self", fun ()
    test.assert_eq(Person.new(name: "Ada").greet(), "Hello, Ada")
  end)

  test.it("class methods build instances", fun ()
    let p = Person.default()
    test.assert_eq(p.name, "Unknown")
    test.assert_nil(p.age)
  end)
end)

test.describe("Array.new", fun ()
  test.it("bulk-initialises arrays", fun ()
    test.assert_eq(Array.new(), [])
    test.assert_eq(Array.new(5), [nil, nil, nil, nil, nil])
    test.assert_eq(Array.new(3, "hello"), ["hello", "hello", "hello"])
    test.assert_eq(Array.new(1000, 0).len(), 1000)
  end)
end)

test.describe("indexed assignment", fun ()
  test.it("updates arrays, dicts and nested arrays", fun ()
    let arr = [1, 2, 3]
    arr[0] = 10
    arr[1] += 5
    let dict = {a: 1, b: 2}
    dict["a"] = 100
    dict["c"] = 3
    let grid = [[1, 2], [3, 4], [5, 6]]
    grid[0][1] = 20
    grid[1][0] += 10
    test.assert_eq(arr, [10, 7, 3])
    test.assert_eq([dict["a"], dict["b"], dict["c"]], [100, 2, 3])
    test.assert_eq(grid, [[1, 20], [13, 4], [5, 6]])
  end)

  test.it("raises IndexErr past the end and TypeErr on strings", fun ()
    let arr = [1, 2, 3]
    test.assert_raises(fun () arr[10] = 1 end, "IndexErr")
    let s = "abc"
    test.assert_raises(fun () s[0] = "x" end, "TypeErr")
  end)
end)

test.describe("match ranges", fun ()
  test.it("mixes inclusive, exclusive and stepped ranges", fun ()
    test.assert_eq(life_stage(5), "child")
    test.assert_eq(life_stage(15), "teenager")
    test.assert_eq(life_stage(30), "adult-even")
    test.assert_eq(life_stage(31), "senior")
    test.assert_eq(life_stage(70), "senior")
  end)
end)

test.describe("decorators", fun ()
  test.it("wrap a function in a decorator type", fun ()
    test.assert_eq(ten(), 20)
  end)

  test.it("take arguments", fun ()
    test.assert_eq(title("intro"), "# INTRO")
  end)

  test.it("come from modules through their alias", fun ()
    test.assert_eq(five(), 10)
    test.assert_eq(one(), 11)
  end)

  test.it("apply bottom to top", fun ()
    test.assert_eq(stacked(), ">2")
  end)
end)

test.describe("calling conventions", fun ()
  test.it("defaults, *args and **kwargs together", fun ()
    let r = connect("db", 5432, "x", "y", ssl: true)
    test.assert_eq(r["host"], "db")
    test.assert_eq(r["port"], 5432)
    test.assert_eq(r["extra"], ["x", "y"])
    test.assert_eq(r["options"]["ssl"], true)
    let d = connect("db")
    test.assert_eq(d["port"], 8080)
    test.assert_eq(d["extra"], [])
    test.assert_eq(d["options"].len(), 0)
  end)

  test.it("unpacks arrays and dicts", fun ()
    test.assert_eq(add(*[1, 2, 3]), 6)
    test.assert_eq(greet_person(**{name: "Alice"}), "Hello, Alice")
  end)

  test.it("mixes positional and named arguments", fun ()
    test.assert_eq(greet_person("Alice", greeting: "Hi"), "Hi, Alice")
    test.assert_eq(greet_person(greeting: "Yo", name: "Bo"), "Yo, Bo")
  end)
end)

test.describe("exceptions", fun ()
  test.it("catch specific types before Err", fun ()
    let got = []
    for thrower in [
      fun () [1, 2][5] end,
      fun () raise KeyErr.new("missing") end
    ]
      try
        thrower()
      catch e: IndexErr
        got.push("index")
      catch e: Err
        got.push(e.type())
      ensure
        got.push("ensure")
      end
    end
    test.assert_eq(got, ["index", "ensure", "KeyErr", "ensure"])
  end)
end)

test.describe("member access", fun ()
  test.it("a method without parentheses is a function value", fun ()
    let f = 3.plus
    test.assert_eq(f(4), 7)
    test.assert_type(3.plus._doc(), "Str")
  end)

  test.it("integer arithmetic is type preserving with promotion", fun ()
    test.assert_eq((1 + 2).cls(), "Int")
    test.assert_eq((1 + 2.0).cls(), "Float")
    test.assert_eq(10 / 3, 3)
  end)
end)
