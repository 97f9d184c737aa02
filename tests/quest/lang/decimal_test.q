# types/decimal.md: Decimal values (from Str.to_decimal and Decimal.new), arithmetic
# methods and aliases, rounding, utility, comparison and conversion methods.
# Every test fails (with the reason) when the runtime provides no Decimal.
use "std/test"

test.module("types/decimal")

fun decimal_missing()
  try
    "1.5".to_decimal()
    return nil
  catch e
    return "Decimal is not provided by this runtime (" .. e.type() .. ")"
  end
end

# A runtime without Decimal fails every test here (with the reason): the suite must not
# pass by testing nothing.
fun need_decimal()
  let reason = decimal_missing()
  if reason != nil
    raise reason
  end
end

fun dec(text)
  text.to_decimal()
end

fun in_range(v, lo, hi)
  match v
  in lo to hi
    "inside"
  else
    "outside"
  end
end

test.describe("creating", fun ()
  test.it("Str.to_decimal keeps the exact digits", fun ()
    need_decimal()
    test.assert_eq(dec("19.99").to_string(), "19.99")
    test.assert_eq(dec("-99.99").to_string(), "-99.99")
    test.assert_eq(dec("  12.34  ").to_string(), "12.34")
    test.assert_eq(dec("0.1234567890123456789").to_string(), "0.1234567890123456789")
    test.assert_eq(dec("19.99").cls(), "Decimal")
  end)

  test.it("Decimal.new accepts a string", fun ()
    need_decimal()
    test.assert_eq(Decimal.new("3.25").to_string(), "3.25")
  end)

  test.it("rejects text", fun ()
    need_decimal()
    test.assert_raises(fun () "abc".to_decimal() end)
  end)

  test.it("_rep shows Decimal(...)", fun ()
    need_decimal()
    test.assert_eq(dec("19.99")._rep(), "Decimal(19.99)")
  end)
end)

test.describe("arithmetic", fun ()
  test.it("adds exactly where floats cannot", fun ()
    need_decimal()
    test.assert_eq(dec("0.1").plus(dec("0.2")).to_string(), "0.3")
    test.assert_eq(dec("100.00").add(dec("8.75")).to_string(), "108.75")
  end)

  test.it("plus/add, minus/sub, times/mul, div, mod", fun ()
    need_decimal()
    let a = dec("10.5")
    let b = dec("2.5")
    test.assert_eq(a.plus(b).to_string(), "13.0")
    test.assert_eq(a.minus(b).to_string(), "8.0")
    test.assert_eq(a.sub(b).to_string(), "8.0")
    test.assert_eq(a.times(b).to_string(), "26.25")
    test.assert_eq(a.mul(b).to_string(), "26.25")
    test.assert_eq(a.div(b).to_string(), "4.2")
    test.assert_eq(a.mod(b).to_string(), "0.5")
  end)

  test.it("arithmetic methods accept Ints and Floats", fun ()
    need_decimal()
    let price = dec("19.99")
    test.assert_eq(price.plus(2).to_string(), "21.99")
    test.assert_eq(price.add(5.5).to_string(), "25.49")
    test.assert_eq(price.mul(2).to_string(), "39.98")
    test.assert(price.eq(19.99))
    test.assert(price.neq(20.00))
  end)

  test.it("pow returns a Float", fun ()
    need_decimal()
    let squared = dec("1.5").pow(2)
    test.assert_eq(squared.cls(), "Float")
    test.assert_near(squared, 2.25)
  end)

  test.it("Float + Decimal promotes to Decimal", fun ()
    need_decimal()
    let sum = 1.5 + dec("2.5")
    test.assert_eq(sum.cls(), "Decimal")
    test.assert(sum.eq(dec("4")))
  end)

  test.it("division by zero raises", fun ()
    need_decimal()
    test.assert_raises(fun () dec("1").div(dec("0")) end)
  end)

  test.it("abs and neg", fun ()
    need_decimal()
    test.assert_eq(dec("-2.5").abs().to_string(), "2.5")
    test.assert_eq(dec("2.5").neg().to_string(), "-2.5")
  end)
end)

test.describe("rounding", fun ()
  test.it("round, floor, ceil, trunc return Decimals", fun ()
    need_decimal()
    let v = dec("2.7")
    test.assert_eq(v.round().to_string(), "3")
    test.assert_eq(v.floor().to_string(), "2")
    test.assert_eq(v.ceil().to_string(), "3")
    test.assert_eq(dec("-2.7").trunc().to_string(), "-2")
    test.assert_eq(v.round().cls(), "Decimal")
  end)
end)

test.describe("match", fun ()
  test.it("matches Decimal values against Decimal ranges", fun ()
    need_decimal()
    test.assert_eq(in_range(dec("1.0"), dec("0.5"), dec("1.5")), "inside")
    test.assert_eq(in_range(dec("2"), dec("0.5"), dec("1.5")), "outside")
  end)
end)

test.describe("utility and comparison", fun ()
  test.it("sign, min, max", fun ()
    need_decimal()
    test.assert_eq(dec("-3.5").sign().to_string(), "-1")
    test.assert_eq(dec("1.5").min(dec("2.5")).to_string(), "1.5")
    test.assert_eq(dec("1.5").max(dec("2.5")).to_string(), "2.5")
  end)

  test.it("eq, neq, lt, lte, gt, gte", fun ()
    need_decimal()
    let a = dec("1.50")
    let b = dec("2.25")
    test.assert(a.eq(dec("1.5")))
    test.assert(a.neq(b))
    test.assert(a.lt(b))
    test.assert(a.lte(b))
    test.assert(b.gt(a))
    test.assert(b.gte(a))
  end)

  test.it("to_f64 converts to Float", fun ()
    need_decimal()
    test.assert_near(dec("19.99").to_f64(), 19.99)
    test.assert_eq(dec("19.99").to_f64().cls(), "Float")
  end)
end)
