# grammar-quest.pest: syntax forms the topic pages mention only in passing —
# quote styles, bytes prefixes, doc declarations, field and return annotations,
# 2-D array literals, comments, multi-binding let.
use "std/test"

test.module("grammar")

type Defaults
  pub x: Int? = 5
  pub y = 7
  pub z: Str
end

fun typed_result(a, b) -> Int
  a + b
end

fun typed_elements(xs: Array{Int}, d: Dict{Str}) -> Int
  xs.len() + d.len()
end

test.describe("strings", fun ()
  test.it("f-strings take single quotes too", fun ()
    let name = "Ada"
    test.assert_eq(f'Hi {name}', "Hi Ada")
  end)

  test.it("triple single quotes span lines", fun ()
    let text = '''a
b'''
    test.assert_eq(text, "a\nb")
  end)

  test.it("escapes in plain strings", fun ()
    test.assert_eq("tab:\tend".split("\t"), ["tab:", "end"])
    test.assert_eq("q:\"".len(), 3)
    test.assert_eq('it\'s', "it's")
    test.assert_eq("bs:\\".len(), 4)
  end)

  test.it("bytes take single quotes and an upper-case prefix", fun ()
    test.assert_eq(b'abc'.to_array(), [97, 98, 99])
    test.assert_eq(B"xy".to_array(), [120, 121])
    test.assert_eq(b'\''.to_array(), [39])
  end)
end)

test.describe("declarations", fun ()
  test.it("doc declarations parse after any statement and declare nothing", fun ()
    use "./fixtures/doc_declarations" as docs
    test.assert_eq(docs.after, "a statement after them")
    test.assert_raises(fun () docs.documented_elsewhere(1) end)
  end)

  test.it("fields take types, optional markers and defaults", fun ()
    let d = Defaults.new(z: "zed")
    test.assert_eq(d.x, 5)
    test.assert_eq(d.y, 7)
    test.assert_eq(Defaults.new(x: 1, z: "z").x, 1)
  end)

  test.it("functions take return and element type annotations", fun ()
    test.assert_eq(typed_result(1, 2), 3)
    test.assert_eq(typed_elements([1, 2], {"a": "b"}), 3)
  end)

  test.it("a let binding sees the bindings before it", fun ()
    let a = 1, b = a + 1
    test.assert_eq(b, 2)
  end)
end)

test.describe("literals", fun ()
  test.it("semicolons make rows of a 2-D array", fun ()
    let grid = [1, 2; 3, 4]
    test.assert_eq(grid, [[1, 2], [3, 4]])
    test.assert_eq([1, 2, 3; 4, 5, 6].len(), 2)
  end)

  test.it("trailing comments and blank lines are ignored", fun ()
    let x = 1 # one
    # a whole-line comment

    let y = x + 1   # two
    test.assert_eq(y, 2)
  end)

  test.it("expressions continue across lines after an operator", fun ()
    let total = 1 +
      2 +
      3
    test.assert_eq(total, 6)
  end)
end)

test.describe("operator precedence (grammar-quest.pest)", fun ()
  test.it("not applies to a whole comparison", fun ()
    test.assert_eq(not 1 == 2, true)
  end)

  test.it(".. binds tighter than comparison and looser than arithmetic", fun ()
    test.assert_eq("a" .. "b" == "ab", true)
    test.assert_eq(1 + 2 .. "x", "3x")
    test.assert_eq(2 * 3 .. 4, "64")
  end)

  test.it("shifts take whole arithmetic operands", fun ()
    test.assert_eq(1 << 2 + 1, 8)
  end)

  test.it("elvis is the loosest binary operator", fun ()
    test.assert_eq(nil ?: false or true, true)
  end)

  test.it("comparisons chain left to right", fun ()
    test.assert_eq(1 < 2 == true, true)
  end)

  test.it("unary minus binds tighter than *", fun ()
    test.assert_eq(-2 * -3, 6)
    test.assert_eq(-2.abs(), -2)
  end)
end)
