# std/error (lib/std/error.q): the Error trait for raisable user types, BasicError,
# is_error; typed catch by the user type's name.
use "std/test"
use "std/error" {Error, BasicError, is_error}

test.module("std/error")

type NotFound
  pub path: Str

  impl Error
    fun message()
      "not found: " .. self.path
    end
  end
end

type NotAnError
  pub value: Int
end

test.describe("user-defined exceptions", fun ()
  test.it("a type implementing Error can be raised and caught by its name", fun ()
    let got = nil
    try
      raise NotFound.new(path: "/x")
    catch e: NotFound
      got = e
    end
    test.assert_not_nil(got)
    test.assert_eq(got.path, "/x")
    test.assert_eq(got.message(), "not found: /x")
  end)

  test.it("is caught by Err and by a bare catch", fun ()
    let by_err = false
    try
      raise NotFound.new(path: "/y")
    catch e: Err
      by_err = true
    end
    test.assert(by_err)
  end)

  test.it("is not caught by an unrelated typed catch", fun ()
    let got = nil
    try
      try
        raise NotFound.new(path: "/z")
      catch e: IndexErr
        got = "IndexErr"
      end
    catch e
      got = "outer"
    end
    test.assert_eq(got, "outer")
  end)

  test.it("assert_raises sees the user type's name", fun ()
    test.assert_raises(fun () raise NotFound.new(path: "/q") end, "NotFound")
    test.assert_raises(NotFound, fun () raise NotFound.new(path: "/q") end)
    test.assert_raises(fun () raise NotFound.new(path: "/q") end, NotFound)
  end)

  test.it("raising a type without impl Error is a TypeErr", fun ()
    test.assert_raises(fun () raise NotAnError.new(value: 1) end, "TypeErr")
  end)
end)

test.describe("BasicError", fun ()
  test.it("carries a message", fun ()
    let e = BasicError.new(message: "plain failure")
    test.assert_eq(e.message(), "plain failure")
    test.assert(e.does(Error))
    test.assert_eq(BasicError.new("positional").message(), "positional")
    test.assert_eq(BasicError.new("shown").str(), "BasicError: shown")
  end)

  test.it("can be raised and caught", fun ()
    let got = nil
    try
      raise BasicError.new(message: "boom")
    catch e: BasicError
      got = e.message()
    end
    test.assert_eq(got, "boom")
  end)

  # Upstream's BasicError has a `message` field and a message() method.
  test.it("exposes its message as a field and as a method", fun ()
    let e = BasicError.new("text")
    test.assert_eq(e.message, "text")
    test.assert_eq(e.message(), "text")
    let caught = nil
    try
      raise BasicError.new("raised")
    catch err
      caught = err.message
    end
    test.assert_eq(caught, "raised")
  end)

  test.it("a user Error type keeps its fields and methods when caught", fun ()
    type HttpFailure
      pub status: Int
      pub msg: Str
      impl Error
        fun message()
          self.msg
        end
      end
      fun describe()
        self.status.str() .. " " .. self.msg
      end
    end
    let got = nil
    try
      raise HttpFailure.new(404, "missing")
    catch e: IndexErr
      got = "wrong"
    catch e: HttpFailure
      got = [e.status, e.message(), e.describe()]
    end
    test.assert_eq(got, [404, "missing", "404 missing"])
  end)
end)

test.describe("is_error", fun ()
  test.it("is true for built-in exception objects", fun ()
    let caught = nil
    try
      raise ValueErr.new("v")
    catch e
      caught = e
    end
    test.assert(is_error(caught))
    test.assert(is_error(IndexErr.new("i")))
  end)

  test.it("is true for Error implementations", fun ()
    test.assert(is_error(NotFound.new(path: "/")))
    test.assert(is_error(BasicError.new(message: "m")))
  end)

  test.it("is false for other values", fun ()
    test.assert_eq(is_error(nil), false)
    test.assert_eq(is_error(42), false)
    test.assert_eq(is_error("text"), false)
    test.assert_eq(is_error({"type": "x"}), false)
    test.assert_eq(is_error(NotAnError.new(value: 1)), false)
  end)
end)
