# types/bigint.md: BigInt construction (new, from_int, from_bytes, to_bigint), the
# ZERO/ONE/TWO/TEN constants, arithmetic, comparison, methods, no mixing with Int.
# Values are built with BigInt.new / to_bigint so this file still parses where the
# `123n` literal is not supported; literals are checked through sys.eval.
# Every test is skipped (with the reason) when the runtime provides no BigInt.
use "std/test"
use "std/sys"

test.module("types/bigint")

fun bigint_missing()
  try
    BigInt.new("1")
    return nil
  catch e
    return "BigInt is not provided by this runtime (" .. e.type() .. ")"
  end
end

fun need_bigint()
  let reason = bigint_missing()
  if reason != nil
    test.skip(reason)
  end
end

fun big(text)
  BigInt.new(text)
end

fun in_range(v, lo, hi)
  match v
  in lo to hi
    "inside"
  else
    "outside"
  end
end

fun in_stepped_range(v, lo, hi, step_by)
  match v
  in lo until hi step step_by
    "on a step"
  else
    "off"
  end
end

test.describe("construction", fun ()
  test.it("BigInt.new parses huge decimal strings", fun ()
    need_bigint()
    test.assert_eq(big("123456789012345678901234567890").to_string(), "123456789012345678901234567890")
    test.assert_eq(big("1").cls(), "BigInt")
  end)

  test.it("BigInt.from_int converts an Int", fun ()
    need_bigint()
    test.assert_eq(BigInt.from_int(42).to_string(), "42")
  end)

  test.it("BigInt.from_bytes reads big-endian bytes", fun ()
    need_bigint()
    test.assert_eq(BigInt.from_bytes(b"\x01\x00\x00\x00").to_string(), "16777216")
  end)

  test.it("Str.to_bigint accepts bases, separators, an n suffix and whitespace", fun ()
    need_bigint()
    test.assert_eq("999999999999999999999999".to_bigint().to_string(), "999999999999999999999999")
    test.assert_eq("-123456789012345".to_bigint().to_string(), "-123456789012345")
    test.assert_eq("123n".to_bigint().to_string(), "123")
    test.assert_eq("0xFFFFFFFFFFFFFFFF".to_bigint().to_string(), "18446744073709551615")
    test.assert_eq("0b11111111".to_bigint().to_string(), "255")
    test.assert_eq("0o777".to_bigint().to_string(), "511")
    test.assert_eq("1_000_000_000_000".to_bigint().to_string(), "1000000000000")
    test.assert_eq("  999  ".to_bigint().to_string(), "999")
  end)

  test.it("rejects decimals and text", fun ()
    need_bigint()
    test.assert_raises(fun () "123.45".to_bigint() end)
    test.assert_raises(fun () BigInt.new("abc") end)
  end)

  test.it("global constants ZERO, ONE, TWO, TEN", fun ()
    need_bigint()
    test.assert_eq([ZERO.str(), ONE.str(), TWO.str(), TEN.str()], ["0", "1", "2", "10"])
  end)

  test.it("the same constants on the type: BigInt.ZERO ... BigInt.TEN", fun ()
    need_bigint()
    test.assert_eq([BigInt.ZERO.str(), BigInt.ONE.str(), BigInt.TWO.str(), BigInt.TEN.str()], ["0", "1", "2", "10"])
    test.assert_eq((BigInt.TEN * BigInt.TWO).str(), "20")
    test.assert_raises(AttrErr, fun () BigInt.ELEVEN end)
  end)
end)

test.describe("arithmetic", fun ()
  test.it("+ - * / % keep BigInt", fun ()
    need_bigint()
    let a = big("999999999999999999")
    let b = big("888888888888888888")
    test.assert_eq((a + b).to_string(), "1888888888888888887")
    test.assert_eq((a - b).to_string(), "111111111111111111")
    test.assert_eq((a * b).to_string(), "888888888888888887111111111111111112")
    test.assert_eq((a / b).to_string(), "1")
    test.assert_eq((a % b).to_string(), "111111111111111111")
    test.assert_eq((a + b).cls(), "BigInt")
  end)

  test.it("division truncates toward zero", fun ()
    need_bigint()
    test.assert_eq((big("10") / big("3")).to_string(), "3")
    test.assert_eq((big("-10") / big("3")).to_string(), "-3")
  end)

  test.it("goes past the Int range", fun ()
    need_bigint()
    let max = BigInt.from_int(9223372036854775807)
    test.assert_eq((max + ONE).to_string(), "9223372036854775808")
  end)

  test.it("computes 30! exactly", fun ()
    need_bigint()
    let result = ONE
    let i = BigInt.from_int(2)
    let n = BigInt.from_int(30)
    while i <= n
      result = result * i
      i = i + ONE
    end
    test.assert_eq(result.to_string(), "265252859812191058636308480000000")
  end)

  test.it("does not mix with Int (TypeErr)", fun ()
    need_bigint()
    test.assert_raises(fun () 42 + big("100") end, "TypeErr")
    test.assert_eq((BigInt.from_int(42) + big("100")).to_string(), "142")
  end)
end)

test.describe("comparison", fun ()
  test.it("all comparison operators", fun ()
    need_bigint()
    let a = big("100")
    let b = big("200")
    test.assert_eq(a == b, false)
    test.assert_eq(a != b, true)
    test.assert_eq(a < b, true)
    test.assert_eq(a <= b, true)
    test.assert_eq(a > b, false)
    test.assert_eq(a >= b, false)
  end)
end)

test.describe("match", fun ()
  test.it("matches BigInt values against BigInt ranges", fun ()
    need_bigint()
    test.assert_eq(in_range(big("5"), big("1"), big("10")), "inside")
    test.assert_eq(in_range(big("10"), big("1"), big("10")), "inside")
    test.assert_eq(in_range(big("11"), big("1"), big("10")), "outside")
  end)

  test.it("matches BigInt ranges with a step", fun ()
    need_bigint()
    test.assert_eq(in_stepped_range(big("13"), big("11"), big("100"), big("2")), "on a step")
    test.assert_eq(in_stepped_range(big("14"), big("11"), big("100"), big("2")), "off")
  end)
end)

test.describe("methods", fun ()
  test.it("to_int, to_string, str", fun ()
    need_bigint()
    test.assert_eq(big("42").to_int(), 42)
    test.assert_eq(big("123456789").to_string(), "123456789")
    test.assert_eq(big("999").str(), "999")
    test.assert_raises(fun () big("99999999999999999999999").to_int() end)
  end)

  test.it("abs, pow, sqrt", fun ()
    need_bigint()
    test.assert_eq(big("-100").abs().to_string(), "100")
    test.assert_eq(big("2").pow(big("10")).to_string(), "1024")
    test.assert_eq(big("100").sqrt().to_string(), "10")
    test.assert_eq(big("99").sqrt().to_string(), "9")
  end)

  test.it("gcd, lcm, mod_pow", fun ()
    need_bigint()
    test.assert_eq(big("48").gcd(big("18")).to_string(), "6")
    test.assert_eq(big("12").lcm(big("18")).to_string(), "36")
    test.assert_eq(big("3").mod_pow(big("100"), big("7")).to_string(), "4")
  end)

  test.it("is_even and is_odd", fun ()
    need_bigint()
    test.assert_eq(big("42").is_even(), true)
    test.assert_eq(big("43").is_odd(), true)
    test.assert_eq(big("43").is_even(), false)
  end)
end)

test.describe("literals", fun ()
  test.it("an n suffix makes a BigInt in every base", fun ()
    need_bigint()
    test.assert_eq(sys.eval("42n").cls(), "BigInt")
    test.assert_eq(sys.eval("999999999999999999999999999999n").to_string(), "999999999999999999999999999999")
    test.assert_eq(sys.eval("0xDEADBEEFn").to_string(), "3735928559")
    test.assert_eq(sys.eval("0b11111111n").to_string(), "255")
    test.assert_eq(sys.eval("0o755n").to_string(), "493")
    test.assert_eq(sys.eval("1_000_000n").to_string(), "1000000")
  end)

  test.it("literal arithmetic", fun ()
    need_bigint()
    test.assert_eq(sys.eval("10n / 3n").to_string(), "3")
    test.assert_eq(sys.eval("2n.pow(10n)").to_string(), "1024")
    test.assert_eq(sys.eval("100n < 200n"), true)
  end)
end)

# Bit operations from upstream's BigInt surface: two's complement with infinite sign
# extension for negatives, `shr` floors (the results match Python's ints).
test.describe("bit operations", fun ()
  test.it("and, or, xor, not on positive values", fun ()
    need_bigint()
    test.assert_eq([5n.bit_and(3n).str(), 5n.bit_or(3n).str(), 5n.bit_xor(3n).str(), 5n.bit_not().str()], ["1", "7", "6", "-6"])
    test.assert_eq(5n.bit_and(3).str(), "1")
  end)

  test.it("negative values as two's complement", fun ()
    need_bigint()
    test.assert_eq([(-5n).bit_and(3n).str(), (-5n).bit_or(3n).str(), (-5n).bit_xor(-3n).str()], ["3", "-5", "6"])
    test.assert_eq((-6n).bit_not().str(), "5")
  end)

  test.it("shifts, with shr flooring", fun ()
    need_bigint()
    test.assert_eq(1n.shl(100).str(), "1267650600228229401496703205376")
    test.assert_eq(1n.shl(100).shr(99).str(), "2")
    test.assert_eq((-5n).shr(1).str(), "-3")
    test.assert_raises(ValueErr, fun () 1n.shl(-1) end)
  end)

  test.it("large operands", fun ()
    need_bigint()
    let a = BigInt.new("123456789012345678901234567890")
    let b = BigInt.new("987654321098765432109876543210")
    test.assert_eq(a.bit_and(b).str(), "1943960184490269435062782658")
  end)

  test.it("to_bytes is minimal two's complement, read back by from_bytes(b, true)", fun ()
    need_bigint()
    test.assert_eq(BigInt.new("255").to_bytes().hex(), "00ff")
    test.assert_eq((-1n).to_bytes().hex(), "ff")
    test.assert_eq((-256n).to_bytes().hex(), "ff00")
    test.assert_eq(127n.to_bytes().hex(), "7f")
    test.assert_eq(BigInt.from_bytes(b"\xFF", true).str(), "-1")
    test.assert_eq(BigInt.from_bytes(b"\xFF").str(), "255")
    test.assert_eq(BigInt.from_bytes(b"\x00\xFF", true).str(), "255")
    test.assert_eq(BigInt.from_bytes((-98765432109876543210n).to_bytes(), true).str(), "-98765432109876543210")
  end)

  test.it("to_string takes a base; _rep is BigInt(n); too big for to_int is a RuntimeErr", fun ()
    need_bigint()
    test.assert_eq(BigInt.new("255").to_string(16), "ff")
    test.assert_eq(BigInt.new("255").to_string(2), "11111111")
    test.assert_eq(BigInt.new("-255").to_string(8), "-377")
    test.assert_eq(BigInt.new("35").to_string(36), "z")
    test.assert_raises(ValueErr, fun () 5n.to_string(1) end)
    test.assert_eq(42n._rep(), "BigInt(42)")
    test.assert_eq(42n.str(), "42")
    test.assert_raises(RuntimeErr, fun () BigInt.new("999999999999999999999999999999").to_int() end)
  end)

  test.it("to_bytes is the inverse of from_bytes", fun ()
    need_bigint()
    let a = BigInt.new("123456789012345678901234567890")
    test.assert_eq(BigInt.from_bytes(a.to_bytes()).str(), a.str())
    test.assert_eq(256n.to_bytes().hex(), "0100")
    test.assert_eq(0n.to_bytes().len(), 1)
  end)
end)
