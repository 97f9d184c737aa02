# types/number.md: Int and Float literals in every base, separators, scientific
# notation, type preservation and promotion, integer division, overflow, methods,
# display, ranges.
use "std/test"

test.module("types/number")

test.describe("literals", fun ()
  test.it("decimal ints and floats", fun ()
    test.assert_eq(42.cls(), "Int")
    test.assert_eq(-17, 0 - 17)
    test.assert_eq(9223372036854775807.cls(), "Int")
    test.assert_eq(3.14159.cls(), "Float")
    test.assert_eq(1.0.cls(), "Float")
  end)

  test.it("digit separators", fun ()
    test.assert_eq(1_000_000, 1000000)
    test.assert_eq(7_900_000_000, 7900000000)
    test.assert_eq(3.141_592_653, 3.141592653)
    test.assert_eq(1234_5678_9012_3456, 1234567890123456)
  end)

  test.it("separators in exponents, fractions and every base", fun ()
    test.assert_eq(1e1_0, 1e10)
    test.assert_eq(6.022_140_76e23, 6.02214076e23)
    test.assert_eq(0b11000000_10101000_00000001_00000001, 3232235777)
    test.assert_eq(0x550e_8400_e29b, 93520832553627)
    test.assert_eq(3.141_592_653_589_793, 3.141592653589793)
  end)

  test.it("scientific notation makes floats", fun ()
    test.assert_eq(6.022e23.cls(), "Float")
    test.assert_eq(2.998e8, 299800000.0)
    test.assert_near(1.5e-6, 0.0000015, 0.0000000001)
    test.assert_eq(1E9, 1000000000.0)
    test.assert_eq(1e+10, 10000000000.0)
    test.assert_eq(1E9.cls(), "Float")
  end)

  test.it("binary", fun ()
    test.assert_eq(0b1010, 10)
    test.assert_eq(0b11111111, 255)
    test.assert_eq(0b1111_0000, 240)
    test.assert_eq(0b1111_0000_1010_0101, 61605)
    test.assert_eq(0B1111, 15)
    test.assert_eq(0b111, 7)
  end)

  test.it("hexadecimal", fun ()
    test.assert_eq(0xFF, 255)
    test.assert_eq(0xFFFF, 65535)
    test.assert_eq(0xff, 255)
    test.assert_eq(0xFf, 255)
    test.assert_eq(0xFF_00_00, 16711680)
    test.assert_eq(0xDEAD_BEEF, 3735928559)
    test.assert_eq(0XFF, 255)
    test.assert_eq(0xFFFFFF, 16777215)
    test.assert_eq(0x1000, 4096)
  end)

  test.it("octal", fun ()
    test.assert_eq(0o755, 493)
    test.assert_eq(0o022, 18)
    test.assert_eq(0o755_644, 252836)
    test.assert_eq(0O777, 511)
    test.assert_eq(0o644, 420)
    test.assert_eq(0o7_5_5, 493)
  end)
end)

test.describe("arithmetic", fun ()
  test.it("operators on ints", fun ()
    let a = 10
    let b = 3
    test.assert_eq(a + b, 13)
    test.assert_eq(a - b, 7)
    test.assert_eq(a * b, 30)
    test.assert_eq(a / b, 3)
    test.assert_eq(a % b, 1)
    test.assert_eq(-a, -10)
    test.assert_eq(+a, 10)
  end)

  test.it("Int with Int stays Int; Float involvement gives Float", fun ()
    test.assert_eq((5 + 10).cls(), "Int")
    test.assert_near(3.14 + 2.5, 5.64)
    test.assert_eq((5 + 2.5), 7.5)
    test.assert_eq((5 + 2.5).cls(), "Float")
    test.assert_eq((2 * 1.5).cls(), "Float")
  end)

  test.it("integer division truncates toward zero", fun ()
    test.assert_eq(10 / 3, 3)
    test.assert_eq(10 / 4, 2)
    test.assert_eq(-10 / 3, -3)
    test.assert_near(10.0 / 3.0, 3.3333333, 0.000001)
  end)

  test.it("precedence: * before +, parentheses first", fun ()
    test.assert_eq(2 + 3 * 4, 14)
    test.assert_eq((2 + 3) * 4, 20)
    test.assert_eq(10 - 4 - 3, 3)
    test.assert_eq(2 * 3 % 4, 2)
  end)

  test.it("detects Int overflow", fun ()
    let big = 9223372036854775807
    let caught = false
    try
      let overflow = big + 1
    catch e
      caught = true
    end
    test.assert(caught)
  end)

  test.it("division by zero raises for ints", fun ()
    test.assert_raises(fun () 10 / 0 end)
    test.assert_raises(fun () 10 % 0 end)
  end)

  test.it("division by zero raises for floats too", fun ()
    test.assert_raises(fun () 1.0 / 0.0 end)
  end)

  test.it("bitwise operators", fun ()
    test.assert_eq(0b1100 & 0b1010, 0b1000)
    test.assert_eq(0b1100 | 0b1010, 0b1110)
    test.assert_eq(0b1100 ^ 0b1010, 0b0110)
    test.assert_eq(1 << 4, 16)
    test.assert_eq(256 >> 4, 16)
    test.assert_eq(~0, -1)
  end)

  test.it("compound assignment", fun ()
    let x = 10
    x += 5
    x -= 3
    x *= 2
    x /= 4
    x %= 4
    test.assert_eq(x, 2)
  end)
end)

test.describe("comparison", fun ()
  test.it("compares ints", fun ()
    let x = 10
    let y = 20
    test.assert_eq(x == y, false)
    test.assert_eq(x != y, true)
    test.assert_eq(x < y, true)
    test.assert_eq(x > y, false)
    test.assert_eq(x <= y, true)
    test.assert_eq(x >= y, false)
  end)

  test.it("compares mixed ints and floats", fun ()
    test.assert(10 == 10.0)
    test.assert(5 < 5.5)
  end)
end)

test.describe("Int methods", fun ()
  test.it("arithmetic methods and aliases", fun ()
    let a = 10
    let b = 3
    test.assert_eq(a.plus(b), 13)
    test.assert_eq(a.minus(b), 7)
    test.assert_eq(a.times(b), 30)
    test.assert_eq(a.div(b), 3)
    test.assert_eq(a.mod(b), 1)
    test.assert_eq(a.add(b), 13)
    test.assert_eq(a.sub(b), 7)
    test.assert_eq(a.mul(b), 30)
    test.assert_eq(2.pow(3), 8)
    test.assert_eq(5.pow(2), 25)
    test.assert_eq(a.neg(), -10)
  end)

  test.it("comparison methods", fun ()
    test.assert(5.eq(5))
    test.assert(5.neq(3))
    test.assert(10.gt(5))
    test.assert(3.lt(7))
    test.assert(10.gte(5))
    test.assert(3.lte(7))
  end)

  test.it("utility methods", fun ()
    let num = -42
    test.assert_eq(num.abs(), 42)
    test.assert_eq(num.neg(), 42)
    test.assert_eq(num.sign(), -1)
    test.assert_eq(0.sign(), 0)
    test.assert_eq(7.sign(), 1)
    test.assert_eq(10.min(20), 10)
    test.assert_eq(10.max(5), 10)
    test.assert_eq(num.round(), -42)
    test.assert_eq(num.floor(), -42)
    test.assert_eq(num.ceil(), -42)
    test.assert_eq(num.trunc(), -42)
  end)

  test.it("conversions", fun ()
    test.assert_eq(42.to_f64(), 42.0)
    test.assert_eq(42.to_f64().cls(), "Float")
    test.assert_eq(42.to_string(), "42")
    test.assert_eq(42.cls(), "Int")
    test.assert_type(42._id(), "Int")
  end)
end)

test.describe("Float methods", fun ()
  test.it("arithmetic methods and aliases", fun ()
    let x = 3.14
    let y = 2.5
    test.assert_near(x.plus(y), 5.64)
    test.assert_near(x.minus(y), 0.64)
    test.assert_near(x.times(y), 7.85)
    test.assert_near(x.div(y), 1.256)
    test.assert_near(x.mod(y), 0.64)
    test.assert_near(x.add(y), 5.64)
    test.assert_near(x.sub(y), 0.64)
    test.assert_near(x.mul(y), 7.85)
    test.assert_eq(2.0.pow(3.0), 8.0)
    test.assert_near(x.pow(2.0), 9.8596)
    test.assert_near(x.neg(), -3.14)
  end)

  test.it("rounding", fun ()
    let value = 3.7
    test.assert_eq(value.floor(), 3)
    test.assert_eq(value.ceil(), 4)
    test.assert_eq(value.round(), 4)
    test.assert_eq(value.trunc(), 3)
    test.assert_eq((-3.7).trunc(), -3)
    test.assert_eq((-3.7).floor(), -4)
  end)

  test.it("utility methods", fun ()
    let pi = 3.14159
    test.assert_eq(pi.abs(), 3.14159)
    test.assert_eq(pi.sign(), 1.0)
    test.assert_eq((-pi).sign(), -1.0)
    test.assert_eq(pi.min(3.0), 3.0)
    test.assert_eq(pi.max(4.0), 4.0)
  end)

  test.it("special value checks", fun ()
    let x = 3.14
    test.assert_eq(x.is_nan(), false)
    test.assert_eq(x.is_infinite(), false)
    test.assert_eq(x.is_finite(), true)
  end)

  test.it("conversions", fun ()
    let pi = 3.14159
    test.assert_eq(pi.to_int(), 3)
    test.assert_eq(pi.to_int().cls(), "Int")
    test.assert_eq(pi.to_string(), "3.14159")
    test.assert_eq(pi.cls(), "Float")
  end)
end)

test.describe("display", fun ()
  test.it("ints display without a decimal point", fun ()
    test.assert_eq(42.str(), "42")
    test.assert_eq((-17).str(), "-17")
    test.assert_eq(0.str(), "0")
  end)

  test.it("whole floats below 1e10 display like integers", fun ()
    test.assert_eq(42.0.str(), "42")
    test.assert_eq((-3.0).str(), "-3")
    test.assert_eq(42.0.cls(), "Float")
  end)

  test.it("floats with a fraction display it", fun ()
    test.assert_eq(42.5.str(), "42.5")
    test.assert_eq(3.14.str(), "3.14")
  end)

  test.it("large whole floats switch to scientific notation", fun ()
    test.assert_eq(1.0e10.str(), "10000000000")
    test.assert_eq(1.0e11.str(), "1e11")
  end)
end)

test.describe("ranges", fun ()
  test.it("to is inclusive, until exclusive, step skips", fun ()
    let a = []
    for i in 1 to 5
      a.push(i)
    end
    let b = []
    for i in 0 until 10
      b.push(i)
    end
    let c = []
    for i in 0 to 10 step 2
      c.push(i)
    end
    test.assert_eq(a, [1, 2, 3, 4, 5])
    test.assert_eq(b.len(), 10)
    test.assert_eq(c, [0, 2, 4, 6, 8, 10])
  end)

  test.it("checks even and odd with %", fun ()
    test.assert_eq(42 % 2, 0)
    test.assert_eq(7 % 2, 1)
  end)
end)
