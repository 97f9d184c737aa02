# language/builtins.md: puts, print, chr, ord (and the documented errors), cls().
# Output of puts/print is checked in tests/quest/cli; here we check return values.
use "std/test"

test.module("language/builtins")

test.describe("puts and print", fun ()
  test.it("return nil", fun ()
    test.assert_nil(puts("puts from builtins_test"))
    test.assert_nil(print(""))
  end)
end)

test.describe("chr", fun ()
  test.it("converts ASCII codepoints", fun ()
    test.assert_eq(chr(65), "A")
    test.assert_eq(chr(90), "Z")
    test.assert_eq(chr(97), "a")
  end)

  test.it("builds strings", fun ()
    let hello = chr(72) .. chr(101) .. chr(108) .. chr(108) .. chr(111)
    test.assert_eq(hello, "Hello")
  end)

  test.it("converts whitespace codepoints", fun ()
    test.assert_eq(chr(32), " ")
    test.assert_eq(chr(10), "\n")
    test.assert_eq(chr(9), "\t")
  end)

  test.it("converts non-ASCII codepoints", fun ()
    test.assert_eq(chr(8364), "€")
    test.assert_eq(chr(9731), "☃")
    test.assert_eq(chr(128077), "👍")
  end)

  test.it("does character arithmetic", fun ()
    test.assert_eq(chr(ord("A") + 3), "D")
  end)

  test.it("rejects an invalid codepoint", fun ()
    test.assert_raises(fun () chr(0xFFFFFFFF) end)
    test.assert_raises(fun () chr(-1) end)
  end)
end)

test.describe("ord", fun ()
  test.it("returns ASCII codepoints", fun ()
    test.assert_eq(ord("A"), 65)
    test.assert_eq(ord("Z"), 90)
    test.assert_eq(ord("a"), 97)
  end)

  test.it("returns non-ASCII codepoints", fun ()
    test.assert_eq(ord("€"), 8364)
    test.assert_eq(ord("👍"), 128077)
  end)

  test.it("uses the first character", fun ()
    test.assert_eq(ord("Hello"), 72)
  end)

  test.it("round-trips with chr", fun ()
    test.assert_eq(chr(ord("A")), "A")
    test.assert_eq(ord("Z") - ord("A"), 25)
  end)

  test.it("rejects an empty string", fun ()
    test.assert_raises(fun () ord("") end)
  end)

  test.it("is also a Str method", fun ()
    test.assert_eq("A".ord(), 65)
  end)
end)

test.describe("type names", fun ()
  test.it("cls() names the built-in types", fun ()
    test.assert_eq(5.cls(), "Int")
    test.assert_eq(2.5.cls(), "Float")
    test.assert_eq("hello".cls(), "Str")
    test.assert_eq(true.cls(), "Bool")
    test.assert_eq([1].cls(), "Array")
    test.assert_eq({"a": 1}.cls(), "Dict")
    test.assert_eq(b"x".cls(), "Bytes")
  end)

  test.it("is_array recognises arrays", fun ()
    test.assert(is_array([1, 2]))
    test.assert(not is_array("no"))
  end)
end)
