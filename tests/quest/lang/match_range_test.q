# `match` range patterns (`in lo to hi [step n]`, `until`): which values and bounds are
# allowed, and the errors upstream raises for the others.
use "std/test"

test.module("language/match ranges")

fun bucket(x)
  match x
  in 0 to 10
    "low"
  in 11 until 20
    "mid"
  else
    "other"
  end
end

fun stepped(x, by)
  match x
  in 0 to 100 step by
    "on"
  else
    "off"
  end
end

test.describe("numbers", fun ()
  test.it("Int and Float values match Int ranges", fun ()
    test.assert_eq(bucket(0), "low")
    test.assert_eq(bucket(10), "low")
    test.assert_eq(bucket(10.5), "other")
    test.assert_eq(bucket(5.5), "low")
    test.assert_eq(bucket(19), "mid")
    test.assert_eq(bucket(20), "other")
  end)

  test.it("Int values match Float ranges", fun ()
    let r = nil
    match 3
    in 0.0 to 3.0
      r = "in"
    else
      r = "out"
    end
    test.assert_eq(r, "in")
  end)

  test.it("Int steps count from the start", fun ()
    test.assert_eq(stepped(42, 2), "on")
    test.assert_eq(stepped(43, 2), "off")
    test.assert_eq(stepped(100, 5), "on")
  end)
end)

test.describe("type errors", fun ()
  test.it("a value that is not a number", fun ()
    test.assert_raises(TypeErr, fun () bucket("hello") end)
    test.assert_raises(TypeErr, fun () bucket(true) end)
    test.assert_raises(TypeErr, fun () bucket([1]) end)
    test.assert_raises(TypeErr, fun () bucket(nil) end)
  end)

  test.it("bounds that are not numbers", fun ()
    test.assert_raises(TypeErr, fun ()
      match 5
      in "a" to "z"
        "x"
      end
    end)
  end)

  test.it("a Float step", fun ()
    test.assert_raises(TypeErr, fun () stepped(50, 0.5) end)
  end)
end)

test.describe("value errors", fun ()
  test.it("a zero or negative step", fun ()
    test.assert_raises(ValueErr, fun () stepped(50, 0) end)
    test.assert_raises(ValueErr, fun () stepped(50, -2) end)
  end)
end)

test.describe("BigInt and Decimal", fun ()
  test.it("BigInt ranges with BigInt or Int steps", fun ()
    let f = fun (n)
      match n
      in 0n to 100n step 10n
        "ten"
      in 101n to 200n step 2
        "two"
      else
        "no"
      end
    end
    test.assert_eq(f(50n), "ten")
    test.assert_eq(f(55n), "no")
    test.assert_eq(f(103n), "two")
    test.assert_eq(f(102n), "no")
  end)

  test.it("BigInt and Int do not mix", fun ()
    test.assert_raises(TypeErr, fun () bucket(42n) end)
    test.assert_raises(TypeErr, fun ()
      match 5
      in 0n to 10n
        "x"
      end
    end)
  end)

  test.it("Decimal ranges, without steps", fun ()
    let f = fun (d)
      match d
      in Decimal.zero() to Decimal.new("1.0")
        "unit"
      else
        "other"
      end
    end
    test.assert_eq(f(Decimal.new("0.5")), "unit")
    test.assert_eq(f(Decimal.new("1.5")), "other")
    test.assert_raises(TypeErr, fun ()
      match Decimal.new("0.5")
      in Decimal.zero() to Decimal.one() step Decimal.new("0.1")
        "x"
      end
    end)
    test.assert_raises(TypeErr, fun () bucket(Decimal.new("0.5")) end)
  end)
end)
