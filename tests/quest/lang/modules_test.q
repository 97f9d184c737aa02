# language/modules.md: use with derived and explicit aliases, selective imports,
# pub visibility, caching, docstrings, top-level return, circular imports and
# import errors. Fixture modules live in ./fixtures (not discovered as tests).
use "std/test"
use "./fixtures/greeter"
use "./fixtures/greeter" as g2
use "./fixtures/greeter" {hello, VERSION as greeter_version}
use "./fixtures/shared_counter" as counter_one
use "./fixtures/shared_counter" as counter_two

test.module("language/modules")

let importer_only_variable = "importer"

test.describe("use", fun ()
  test.it("derives the alias from the last path segment", fun ()
    test.assert_eq(greeter.hello("Alice"), "Hello, Alice")
  end)

  test.it("binds an explicit alias", fun ()
    test.assert_eq(g2.hello("Bob"), "Hello, Bob")
    test.assert_eq(g2.VERSION, "1.2")
  end)

  test.it("imports selected names, with renaming", fun ()
    test.assert_eq(hello("Carol"), "Hello, Carol")
    test.assert_eq(greeter_version, "1.2")
  end)

  test.it("binds an alias and selected names together", fun ()
    let f = fun ()
      use "./fixtures/greeter" as both {reveal}
      [both.VERSION, reveal()]
    end
    test.assert_eq(f(), ["1.2", "hidden"])
  end)

  test.it("refuses a selective import over an existing name", fun ()
    test.assert_raises(fun ()
      let hello_again = 1
      use "./fixtures/greeter" {hello as hello_again}
    end)
  end)

  test.it("resolves a path with one leading dot against this file's folder", fun ()
    let f = fun ()
      use ".fixtures/greeter" as dotted
      dotted.hello("dot")
    end
    test.assert_eq(f(), "Hello, dot")
  end)

  test.it("finds a module next to this file without a ./ prefix", fun ()
    let f = fun ()
      use "fixtures/greeter" as plain
      plain.VERSION
    end
    test.assert_eq(f(), "1.2")
  end)

  test.it("reads public variables", fun ()
    test.assert_eq(greeter.greeting, "Hello")
  end)

  test.it("binds inside a function only locally", fun ()
    let f = fun ()
      use "./fixtures/greeter" as local_greeter
      local_greeter.hello("local")
    end
    test.assert_eq(f(), "Hello, local")
    test.assert_raises(fun () local_greeter end, "NameErr")
  end)

  test.it("exposes the module docstring", fun ()
    test.assert_eq(greeter._doc().trim(), "A small module used by modules_test.q.")
  end)

  test.it("gives access to public types and their methods", fun ()
    let badge = greeter.Badge.new(label: "vip")
    test.assert_eq(badge.label, "vip")
    test.assert_eq(badge.shout(), "VIP")
  end)

  test.it("loads the standard library by path", fun ()
    use "std/math"
    test.assert_near(math.pi, 3.14159, 0.00001)
  end)
end)

test.describe("visibility", fun ()
  test.it("hides private names from member access", fun ()
    test.assert_raises(fun () greeter.secret end)
  end)

  test.it("lets module functions use private state", fun ()
    test.assert_eq(greeter.reveal(), "hidden")
  end)

  test.it("refuses a selective import of a private name (ImportErr)", fun ()
    test.assert_raises(fun ()
      use "./fixtures/greeter" {secret}
    end, "ImportErr")
  end)

  test.it("runs modules in their own scope", fun ()
    test.assert_raises(fun () greeter.sees_importer() end, "NameErr")
  end)
end)

test.describe("loading", fun ()
  test.it("caches modules so state is shared by every importer", fun ()
    let first = counter_one.bump()
    let second = counter_two.bump()
    test.assert_eq(second, first + 1)
  end)

  test.it("stops a module at a top-level return", fun ()
    use "./fixtures/early_return" as early
    test.assert_eq(early.before, 1)
    test.assert_raises(fun () early.after end)
  end)

  test.it("reports a circular import as ImportErr naming the chain", fun ()
    test.assert_raises(fun ()
      use "./fixtures/circular_a" as circ
    end, "ImportErr")
    try
      use "./fixtures/circular_a" as circ_again
    catch e
      test.assert_contains(e.message(), "circular_a")
      test.assert_contains(e.message(), "circular_b")
      test.assert_contains(e.message(), "->")
    end
  end)

  test.it("reports a missing module as ImportErr", fun ()
    test.assert_raises(fun ()
      use "./fixtures/does_not_exist" as missing
    end, "ImportErr")
  end)

  test.it("reports a syntax error in a module as an error when importing", fun ()
    test.assert_raises(fun ()
      use "./fixtures/broken_syntax" as broken
    end)
  end)

  test.it("passes on an error raised while a module loads", fun ()
    test.assert_raises(fun ()
      use "./fixtures/raises_on_load" as failing
    end, "ValueErr")
  end)
end)
