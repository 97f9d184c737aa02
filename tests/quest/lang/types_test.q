# language/types.md: arrays, user-defined types, constructors, instance and class
# methods, traits, is/does, update(), reference semantics.
use "std/test"

test.module("language/types")

type Person
  pub name: Str
  pub age: Num
  pub email: Str?
end

type Point
  pub x: Num
  pub y: Num

  fun distance()
    (((self.x * self.x) + (self.y * self.y)).pow(0.5))
  end

  fun scale(factor)
    Point.new(x: self.x * factor, y: self.y * factor)
  end

  fun self.origin()
    Point.new(x: 0, y: 0)
  end

  fun self.unit()
    self.new(x: 1, y: 0)
  end
end

type Rectangle
  pub width: Num
  pub height: Num

  fun self.square(side)
    Rectangle.new(width: side, height: side)
  end

  fun area()
    self.width * self.height
  end
end

type Configuration
  pub host: Str
  pub port: Int

  fun self.default()
    Configuration.new(host: "localhost", port: 8080)
  end

  fun self.from_dict(dict)
    if not dict.contains("host")
      raise ValueErr.new("missing 'host'")
    end
    let port = 3000
    if dict.contains("port")
      port = dict["port"]
    end
    Configuration.new(host: dict["host"], port: port)
  end
end

trait Drawable
  fun draw()
end

type Circle
  pub radius: Num

  impl Drawable
    fun draw()
      "Circle(r=" .. self.radius .. ")"
    end
  end
end

type Counter
  pub count: Int = 0

  fun increment()
    self.count = self.count + 1
    self
  end
end

test.describe("arrays", fun ()
  test.it("grow with push", fun ()
    let numbers = [1, 2, 3, 4, 5]
    numbers.push(6)
    test.assert_eq(numbers, [1, 2, 3, 4, 5, 6])
    test.assert_eq(numbers.str(), "[1, 2, 3, 4, 5, 6]")
  end)

  test.it("hold mixed types", fun ()
    let mixed = [1, "hello", 3.14, true, nil]
    test.assert_eq(mixed.len(), 5)
    test.assert_nil(mixed[4])
  end)

  test.it("nest and sum rows", fun ()
    let matrix = [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9]
    ]
    test.assert_eq(matrix[0][1], 2)
    let sums = []
    matrix.each(fun (row)
      let sum = 0
      row.each(fun (col)
        sum = sum + col
      end)
      sums.push(sum)
    end)
    test.assert_eq(sums, [6, 15, 24])
  end)
end)

test.describe("user-defined types", fun ()
  test.it("construct with positional arguments", fun ()
    let alice = Person.new("Alice", 30, "alice@example.com")
    test.assert_eq(alice.name, "Alice")
    test.assert_eq(alice.age, 30)
    test.assert_eq(alice.email, "alice@example.com")
  end)

  test.it("construct with named arguments in any order", fun ()
    let bob = Person.new(name: "Bob", age: 25)
    let charlie = Person.new(age: 35, name: "Charlie", email: "c@example.com")
    test.assert_eq(bob.name, "Bob")
    test.assert_nil(bob.email)
    test.assert_eq(charlie.age, 35)
    test.assert_eq(charlie.email, "c@example.com")
  end)

  test.it("report their type name", fun ()
    let p = Point.new(x: 1, y: 2)
    test.assert_eq(p.cls(), "Point")
    test.assert(p.is(Point))
    test.assert(not p.is(Circle))
  end)

  test.it("run instance methods with self", fun ()
    let p = Point.new(x: 3, y: 4)
    test.assert_near(p.distance(), 5.0)
    let q = p.scale(2)
    test.assert_eq(q.x, 6)
    test.assert_eq(q.y, 8)
  end)

  test.it("run class methods on the type", fun ()
    let o = Point.origin()
    test.assert_eq(o.x, 0)
    test.assert_eq(o.y, 0)
    let sq = Rectangle.square(5)
    test.assert_eq(sq.area(), 25)
  end)

  test.it("see the type itself as self in class methods", fun ()
    let u = Point.unit()
    test.assert_eq(u.x, 1)
    test.assert(u.is(Point))
  end)

  test.it("use class methods as factories with validation", fun ()
    let config1 = Configuration.default()
    let config2 = Configuration.from_dict({host: "example.com", port: 443})
    let config3 = Configuration.from_dict({host: "example.org"})
    test.assert_eq(config1.host, "localhost")
    test.assert_eq(config1.port, 8080)
    test.assert_eq(config2.port, 443)
    test.assert_eq(config3.port, 3000)
    test.assert_raises(fun () Configuration.from_dict({port: 1}) end, "ValueErr")
  end)

  test.it("have reference semantics", fun ()
    let a = Counter.new()
    let b = a
    b.increment()
    b.increment()
    test.assert_eq(a.count, 2)
  end)

  test.it("apply field defaults", fun ()
    let c = Counter.new()
    test.assert_eq(c.count, 0)
    test.assert_eq(c.increment().increment().count, 2)
  end)

  test.it("update() returns a modified copy", fun ()
    let p1 = Point.new(x: 1, y: 2)
    let p2 = p1.update(x: 5)
    test.assert_eq(p1.x, 1)
    test.assert_eq(p2.x, 5)
    test.assert_eq(p2.y, 2)
  end)

  test.it("reject a missing required field", fun ()
    test.assert_raises(fun () Point.new(x: 1) end)
  end)

  test.it("reject an unknown method with AttrErr", fun ()
    let p = Point.new(x: 1, y: 2)
    test.assert_raises(fun () p.no_such_method() end, "AttrErr")
  end)
end)

test.describe("traits", fun ()
  test.it("implemented methods are callable", fun ()
    let c = Circle.new(radius: 5)
    test.assert_eq(c.draw(), "Circle(r=5)")
  end)

  test.it("a type missing a trait method is rejected when declared", fun ()
    test.assert_raises(fun ()
      use "./fixtures/bad_trait" as bad
    end)
  end)

  test.it("does() reports trait implementation", fun ()
    let c = Circle.new(radius: 5)
    let p = Point.new(x: 1, y: 2)
    test.assert(c.does(Drawable))
    test.assert(not p.does(Drawable))
  end)
end)

# Upstream spellings: `static fun` declares a class method like `fun self.name()`, and a
# type shows as `type Name`.
test.describe("static fun and type display", fun ()
  test.it("static fun is a class method", fun ()
    type Factory
      name: Str
      static fun create_default()
        "Creates a default instance"
        Factory.new(name: "Default")
      end
      pub static fun named(n)
        Factory.new(name: n)
      end
    end
    test.assert_eq(Factory.create_default().name, "Default")
    test.assert_eq(Factory.named("x").name, "x")
    test.assert_raises(AttrErr, fun () Factory.new(name: "i").create_default() end)
  end)

  test.it("a field may still be called static", fun ()
    type Holder
      static: Int
    end
    test.assert_eq(Holder.new(static: 3).static, 3)
  end)

  test.it("str and _rep are 'type Name'", fun ()
    type Sample
      x: Int
    end
    test.assert_eq(Sample._str(), "type Sample")
    test.assert_eq(Sample._rep(), "type Sample")
    test.assert_eq(Sample.str(), "type Sample")
  end)
end)

test.describe("field annotations upstream leaves unchecked", fun ()
  test.it("Uuid and Decimal fields take any value; Int fields are still checked", fun ()
    type Record
      pub id: Uuid
      pub price: Decimal
      pub count: Int
    end
    let r = Record.new(id: "550e8400-e29b-41d4-a716-446655440000", price: 19.99, count: 2)
    test.assert_eq(r.id, "550e8400-e29b-41d4-a716-446655440000")
    test.assert_eq(r.price, 19.99)
    test.assert_raises(TypeErr, fun () Record.new(id: "x", price: 1, count: "two") end)
  end)
end)

test.describe("explicit nil for a field with a default", fun ()
  test.it("is accepted; a required typed field still rejects nil", fun ()
    type Container
      pub value: Int = 100
      pub name: Str
    end
    test.assert_nil(Container.new(value: nil, name: "c").value)
    test.assert_eq(Container.new(name: "c").value, 100)
    test.assert_raises(TypeErr, fun () Container.new(name: nil) end)
    test.assert_raises(TypeErr, fun () Container.new(value: "x", name: "c") end)
  end)
end)

test.describe("default display of an instance", fun ()
  test.it("is Name{ field: value, ... } with each value's str()", fun ()
    type Pair
      left
      right
    end
    test.assert_eq(Pair.new(left: 1, right: "two").str(), "Pair{ left: 1, right: two }")
    test.assert_eq("" .. Pair.new(left: [1], right: nil), "Pair{ left: [1], right: nil }")
  end)
end)

# Upstream's older field form puts the type first: `str: name`, `str?: email`.
test.describe("type-first field declarations", fun ()
  test.it("declare typed and optional fields", fun ()
    type Member
      str: username
      str?: email
      num?: score
    end
    let m = Member.new("alice")
    test.assert_eq(m.username, "alice")
    test.assert_nil(m.email)
    test.assert_nil(m.score)
    let full = Member.new("bob", "bob@test.com", 100)
    test.assert_eq([full.email, full.score], ["bob@test.com", 100])
    test.assert_raises(TypeErr, fun () Member.new(5) end)
  end)

  test.it("leave the documented name: Type form alone", fun ()
    type Modern
      str: Str
      num: Int = 1
    end
    test.assert_eq(Modern.new(str: "s").num, 1)
    test.assert_eq(Modern.new(str: "s").str, "s")
  end)
end)
