# language/objects.md: everything is an object; operators are method calls;
# cls(), str(), _rep(), _doc(), _id(), is().
use "std/test"

test.module("language/objects")

type Widget
  """A widget for the objects suite."""
  pub name: Str
end

test.describe("everything is an object", fun ()
  test.it("operators and methods agree", fun ()
    test.assert_eq(5 + 5, 5.plus(5))
    test.assert_eq(10 - 3, 10.minus(3))
    test.assert_eq(4 * 3, 4.times(3))
  end)

  test.it("cls() returns the type name as a Str", fun ()
    test.assert_eq(5.cls(), "Int")
    test.assert_eq(Widget.new(name: "w").cls(), "Widget")
    test.assert_type(5.cls(), "Str")
  end)

  test.it("str() gives the display text", fun ()
    test.assert_eq(42.str(), "42")
    test.assert_eq("text".str(), "text")
    test.assert_eq(true.str(), "true")
    test.assert_eq([1, 2].str(), "[1, 2]")
  end)

  test.it("_rep() gives the REPL text, quoting strings", fun ()
    test.assert_eq(42._rep(), "42")
    test.assert_contains("text"._rep(), "text")
  end)

  test.it("_id() is an Int, stable for one object and distinct between objects", fun ()
    let a = [1]
    let b = [1]
    test.assert_type(a._id(), "Int")
    test.assert_eq(a._id(), a._id())
    test.assert_neq(a._id(), b._id())
  end)

  test.it("_doc() returns a type's docstring", fun ()
    test.assert_contains(Widget._doc(), "A widget for the objects suite.")
  end)

  test.it("is() compares type names case-insensitively", fun ()
    test.assert(5.is("int"))
    test.assert(5.is(Int))
    test.assert("s".is(Str))
    test.assert(Widget.new(name: "w").is(Widget))
  end)

  test.it("method references are values", fun ()
    let plus = 3.plus
    test.assert_eq(plus(4), 7)
  end)
end)
