# std/sys, written from stdlib/sys.md.
use "std/test"
use "std/sys"
use "std/io"

test.module("std/sys")

test.describe("facts", fun ()
  test.it("version, platform, executable", fun ()
    test.assert_eq(sys.version.cls(), "Str")
    test.assert_eq(sys.platform, "linux")
    test.assert(sys.executable.starts_with("/"))
  end)
  test.it("argv and argc agree", fun ()
    test.assert_eq(sys.argc, sys.argv.len())
  end)
  test.it("integer limits", fun ()
    test.assert_eq(sys.INT_MAX, 9223372036854775807)
    test.assert_eq(sys.INT_MIN, -9223372036854775807 - 1)
  end)
  test.it("builtin modules are listed", fun ()
    test.assert(sys.builtin_module_names.contains("math"))
    test.assert(sys.builtin_module_names.contains("io"))
  end)
  test.it("pid is positive", fun ()
    test.assert_gt(sys.pid(), 0)
  end)
end)

test.describe("streams", fun ()
  test.it("stdout.write returns the byte count", fun ()
    let buffer = io.StringIO.new()
    let guard = sys.redirect_stream(sys.stdout, buffer)
    let count = sys.stdout.write("Hello World\n")
    guard.restore()
    test.assert_eq(count, 12)
    test.assert_eq(buffer.get_value(), "Hello World\n")
  end)
end)

test.describe("redirect_stream", fun ()
  test.it("captures puts into a StringIO", fun ()
    let buffer = io.StringIO.new()
    let guard = sys.redirect_stream(sys.stdout, buffer)
    puts("This goes to the buffer")
    puts("So does this")
    guard.restore()
    test.assert_eq(buffer.get_value(), "This goes to the buffer\nSo does this\n")
  end)
  test.it("restore is idempotent and is_active reports it", fun ()
    let guard = sys.redirect_stream(sys.stdout, io.StringIO.new())
    test.assert_eq(guard.is_active(), true)
    guard.restore()
    guard.restore()
    test.assert_eq(guard.is_active(), false)
  end)
  test.it("nested redirections unwind", fun ()
    let buf1 = io.StringIO.new()
    let buf2 = io.StringIO.new()
    let guard1 = sys.redirect_stream(sys.stdout, buf1)
    puts("Outer")
    let guard2 = sys.redirect_stream(sys.stdout, buf2)
    puts("Inner")
    guard2.restore()
    puts("Outer again")
    guard1.restore()
    test.assert_eq(buf1.get_value(), "Outer\nOuter again\n")
    test.assert_eq(buf2.get_value(), "Inner\n")
  end)
  test.it("stderr can follow stdout", fun ()
    let buffer = io.StringIO.new()
    let guard_out = sys.redirect_stream(sys.stdout, buffer)
    let guard_err = sys.redirect_stream(sys.stderr, sys.stdout)
    puts("Normal output")
    sys.stderr.write("Error output\n")
    guard_err.restore()
    guard_out.restore()
    test.assert_eq(buffer.get_value(), "Normal output\nError output\n")
  end)
  test.it("a with block restores even on error", fun ()
    let buffer = io.StringIO.new()
    try
      with sys.redirect_stream(sys.stdout, buffer) as guard
        puts("Before error")
        raise "Something went wrong"
      end
    catch e
      test.assert_eq(e.message(), "Something went wrong")
    end
    test.assert_eq(buffer.get_value(), "Before error\n")
  end)
  test.it("redirects into a file", fun ()
    let path = "/tmp/quest_sys_test_" .. sys.pid().str() .. ".txt"
    if io.exists(path)
      io.remove(path)
    end
    let guard = sys.redirect_stream(sys.stdout, path)
    puts("to the file")
    guard.restore()
    test.assert_eq(io.read(path), "to the file\n")
    io.remove(path)
  end)
  test.it("bad targets are refused", fun ()
    test.assert_raises(TypeErr, fun () sys.redirect_stream(sys.stdout, 42) end)
    test.assert_raises(TypeErr, fun () sys.redirect_stream("stdout", io.StringIO.new()) end)
    test.assert_raises(IOErr, fun () sys.redirect_stream(sys.stdout, "/nonexistent/dir/out.txt") end)
  end)
end)

test.describe("control", fun ()
  test.it("fail raises with a message", fun ()
    try
      sys.fail("Invalid configuration")
      test.fail("sys.fail returned")
    catch e
      test.assert_eq(e.message(), "Invalid configuration")
    end
    test.assert_raises(fun () sys.fail() end)
  end)
  test.it("eval returns the last value", fun ()
    test.assert_eq(sys.eval("1 + 2"), 3)
    test.assert_nil(sys.eval("   "))
  end)
  test.it("eval reports syntax errors", fun ()
    test.assert_raises(fun () sys.eval("let = =") end)
  end)
  test.it("call depth grows with nesting", fun ()
    let outer = sys.get_call_depth()
    let inner = (fun () sys.get_call_depth() end)()
    test.assert_gt(inner, outer)
    test.assert_gt(sys.get_depth_limits()["function_calls"], 0)
  end)
  test.it("scope depth is kept across loops, errors and calls", fun ()
    let initial = sys.get_scope_depth()
    test.assert_gt(initial, 0)
    let i = 0
    while i < 10
      if i == 5
        break
      end
      i = i + 1
    end
    for j in 0 to 3
      try
        raise ValueErr.new("in loop " .. j.str())
      catch e
      end
    end
    try
      for k in [1, 2]
        if k == 2
          raise "out of the loop"
        end
      end
    catch e
    end
    test.assert_eq(sys.get_scope_depth(), initial)
    test.assert_eq((fun () sys.get_scope_depth() end)(), initial + 1)
    test.assert_eq(sys.get_scope_depth(), initial)
  end)
  test.it("load_module loads a file module", fun ()
    let path = "/tmp/quest_sys_mod_" .. sys.pid().str() .. ".q"
    io.write(path, "pub fun answer() 42 end\n")
    let m = sys.load_module(path)
    test.assert_eq(m.answer(), 42)
    io.remove(path)
  end)
  test.it("load_module of a missing file fails", fun ()
    test.assert_raises(fun () sys.load_module("/nonexistent/mod.q") end)
  end)
end)

test.describe("redirect_stdout and redirect_stderr", fun ()
  test.it("redirect_stdout(sys.stdout) undoes a redirect", fun ()
    let buffer = io.StringIO.new()
    sys.redirect_stdout(buffer)
    try
      puts("captured")
    ensure
      sys.redirect_stdout(sys.stdout)
    end
    let after = io.StringIO.new()
    let guard = sys.redirect_stream(sys.stdout, after)
    puts("not in the first buffer")
    guard.restore()
    test.assert_eq(buffer.get_value(), "captured\n")
    test.assert_eq(after.get_value(), "not in the first buffer\n")
  end)
  test.it("nested with blocks capture stdout and stderr separately", fun ()
    let out_buf = io.StringIO.new()
    let err_buf = io.StringIO.new()
    with sys.redirect_stdout(out_buf)
      with sys.redirect_stderr(err_buf)
        puts("Normal output")
        sys.stderr.write("Error output\n")
      end
    end
    test.assert_eq(out_buf.get_value(), "Normal output\n")
    test.assert_eq(err_buf.get_value(), "Error output\n")
  end)
  test.it("rejects a target that is not a path, StringIO or stream", fun ()
    test.assert_raises(TypeErr, fun () sys.redirect_stdout(42) end)
  end)
end)
