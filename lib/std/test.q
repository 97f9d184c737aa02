"""
std/test: a describe/it test framework for Quest, written in Quest.

Tests run as soon as they are declared: `describe` calls its function at once and
`it` runs its test at once and records the result. Assertions record a failure on
the running test and then raise, so the rest of that test is skipped.

Contract with the runtime (see lib/README.md): after a script that loaded this
module has finished, the runtime calls `test.finish()`, which prints the summary and,
as the last line on stdout, `N passed, N failed` (`, N skipped` when any were skipped).
"""

# ---------------------------------------------------------------- settings
let _colors = true
let _condensed = false
let _verbose = false
let _reporter = "default"
let _capture = "all"
let _filter_tags = []
let _skip_tags = []

# ---------------------------------------------------------------- state
let _passed = 0
let _failed = 0
let _skipped = 0
let _failures = []
# How many results had been counted when the summary was last printed (-1: never).
let _reported_at = -1
# Describe stack: one dict per open describe (name, hooks, tags).
let _frames = []
let _pending_tags = []
# The running test: a dict, or nil between tests.
let _current = nil
let _fixtures = {}
let _started_ms = nil
let _tap_number = 0

const _SKIP_MARK = "__std_test_skip__"
const _ASSERT_MARK = "AssertionError: "

# ---------------------------------------------------------------- colours
fun _paint(code, text)
  if _colors
    return chr(27) .. "[" .. code .. "m" .. text.str() .. chr(27) .. "[0m"
  end
  text.str()
end

pub fun red(text) _paint("31", text) end
pub fun green(text) _paint("32", text) end
pub fun yellow(text) _paint("33", text) end
pub fun blue(text) _paint("34", text) end
pub fun magenta(text) _paint("35", text) end
pub fun cyan(text) _paint("36", text) end
pub fun gray(text) _paint("90", text) end
pub fun grey(text) _paint("90", text) end
pub fun dimmed(text) _paint("2", text) end
pub fun bold(text) _paint("1", text) end

# ---------------------------------------------------------------- settings API
pub fun set_colors(enabled) _colors = enabled end
pub fun set_color(enabled) _colors = enabled end
pub fun set_condensed(enabled) _condensed = enabled end
pub fun set_verbose(enabled) _verbose = enabled end

pub fun set_capture(mode)
  _capture = mode.str()
end

pub fun set_filter_tags(tags) _filter_tags = _as_list(tags) end
pub fun set_skip_tags(tags) _skip_tags = _as_list(tags) end

pub fun set_reporter(name)
  if not ["default", "verbose", "minimal", "tap"].contains(name)
    raise ValueErr.new("unknown reporter '" .. name.str() .. "' (use default, verbose, minimal or tap)")
  end
  _reporter = name
  _condensed = name == "minimal"
  _verbose = name == "verbose"
end

# ---------------------------------------------------------------- value helpers
fun _as_list(value)
  if value == nil
    return []
  end
  if _cls(value) == "Array"
    return value
  end
  [value]
end

# Type name of any value; nil and plain functions have no usable cls() upstream.
fun _cls(value)
  if value == nil
    return "Nil"
  end
  try
    return value.cls()
  catch e
    return "Fun"
  end
end

fun _is_callable(value)
  let name = _cls(value)
  ["Fun", "UserFun", "Func", "Function", "Lambda", "BuiltinFun", "NativeFun", "Method", "BoundMethod"].contains(name)
end

fun _show(value)
  let name = _cls(value)
  if name == "Str"
    return "\"" .. value .. "\""
  end
  if name == "Nil"
    return "nil"
  end
  try
    return value._rep()
  catch e
    return value.str()
  end
end

# Structural equality: `==` plus element-wise comparison of arrays and dicts.
fun _equal(a, b)
  let ca = _cls(a)
  let cb = _cls(b)
  if ca == "Array" and cb == "Array"
    if a.len() != b.len()
      return false
    end
    let i = 0
    while i < a.len()
      if not _equal(a[i], b[i])
        return false
      end
      i = i + 1
    end
    return true
  end
  if ca == "Dict" and cb == "Dict"
    if a.len() != b.len()
      return false
    end
    for key in a.keys()
      if not b.contains(key)
        return false
      end
      if not _equal(a[key], b[key])
        return false
      end
    end
    return true
  end
  if a == b
    return true
  end
  # Values without a defined == (Bytes, Uuid, Decimal, BigInt, structs) compare by text.
  if ca == cb and not ["Int", "Float", "Str", "Bool", "Nil", "Array", "Dict"].contains(ca)
    return _show(a) == _show(b)
  end
  false
end

# ---------------------------------------------------------------- clock
fun _now_ms()
  try
    use "std/time" as clock
    return clock.ticks_ms()
  catch e
    return nil
  end
end

# ---------------------------------------------------------------- output
fun _indent()
  let pad = ""
  let i = 0
  while i < _frames.len()
    pad = pad .. "  "
    i = i + 1
  end
  pad
end

fun _path_name(name)
  let parts = []
  for frame in _frames
    parts.push(frame["name"])
  end
  parts.push(name)
  parts.join(" > ")
end

fun _print_result(status, name, detail)
  if _reporter == "tap"
    _tap_number = _tap_number + 1
    let line = "ok " .. _tap_number.str() .. " - " .. _path_name(name)
    if status == "fail"
      line = "not " .. line
    elif status == "skip"
      line = line .. " # SKIP " .. (detail ?: "")
    end
    puts(line)
    return nil
  end
  if status == "pass"
    if not _condensed
      puts(_indent(), green("✓"), " ", name)
    end
  elif status == "skip"
    if not _condensed
      let why = ""
      if detail != nil
        why = " (" .. detail .. ")"
      end
      puts(_indent(), yellow("○"), " ", name, gray(why))
    end
  else
    puts(_indent(), red("✗"), " ", name)
    for line in detail.split("\n")
      puts(_indent(), "    ", red(line))
    end
  end
end

# ---------------------------------------------------------------- tags
fun _take_pending_tags()
  let tags = _pending_tags
  _pending_tags = []
  tags
end

fun _open_tags()
  let tags = []
  for frame in _frames
    tags = tags.concat(frame["tags"])
  end
  tags
end

# nil when the test should run, otherwise the reason it is skipped.
fun _tag_skip_reason(tags)
  for tag in tags
    if _skip_tags.contains(tag)
      return "tag " .. tag
    end
  end
  if _filter_tags.len() > 0
    for tag in tags
      if _filter_tags.contains(tag)
        return nil
      end
    end
    return "not tagged " .. _filter_tags.join(", ")
  end
  nil
end

# ---------------------------------------------------------------- recording
fun _record_pass(name)
  _passed = _passed + 1
  _print_result("pass", name, nil)
end

fun _record_skip(name, reason)
  _skipped = _skipped + 1
  _print_result("skip", name, reason)
end

fun _record_failure(name, message)
  _failed = _failed + 1
  _failures.push(_path_name(name) .. ": " .. message)
  _print_result("fail", name, message)
end

fun _error_text(e)
  let kind = nil
  try
    kind = e.type()
  catch ignored
    kind = _cls(e)
  end
  let text = nil
  try
    text = e.message()
  catch ignored
    text = e.str()
  end
  if text.startswith(_ASSERT_MARK)
    return text.slice(_ASSERT_MARK.len(), text.len())
  end
  kind.str() .. ": " .. text.str()
end

# ---------------------------------------------------------------- structure
pub fun module(name)
  if _started_ms == nil
    _started_ms = _now_ms()
  end
  if not _condensed and _reporter != "tap"
    puts("")
    puts(bold(name))
  end
end

pub fun tag(tags)
  _pending_tags = _pending_tags.concat(_as_list(tags))
end

pub fun describe(name, fn)
  if _started_ms == nil
    _started_ms = _now_ms()
  end
  let frame = {"name": name, "before": [], "after": [], "after_all": [], "tags": _take_pending_tags()}
  if not _condensed and _reporter != "tap"
    puts(_indent(), bold(name))
  end
  _frames.push(frame)
  try
    fn()
  catch e
    _record_failure("(describe body)", _error_text(e))
  end
  for hook in frame["after_all"]
    try
      hook()
    catch e
      _record_failure("(after_all)", _error_text(e))
    end
  end
  _frames.pop()
  nil
end

pub fun before(fn) _frames_or_raise("before").last()["before"].push(fn) end
pub fun after(fn) _frames_or_raise("after").last()["after"].push(fn) end
pub fun after_all(fn) _frames_or_raise("after_all").last()["after_all"].push(fn) end

# Tests run as they are declared, so a before_all hook runs right away: every test of
# its describe comes after it.
pub fun before_all(fn)
  _frames_or_raise("before_all")
  try
    fn()
  catch e
    _record_failure("(before_all)", _error_text(e))
  end
  nil
end

fun _frames_or_raise(hook)
  if _frames.len() == 0
    raise RuntimeErr.new("test." .. hook .. "() must be called inside test.describe()")
  end
  _frames
end

fun _run_hooks(kind)
  let hooks = []
  for frame in _frames
    hooks = hooks.concat(frame[kind])
  end
  if kind == "after"
    hooks = hooks.reversed()
  end
  for hook in hooks
    hook()
  end
end

pub fun it(name, fn)
  if _started_ms == nil
    _started_ms = _now_ms()
  end
  let reason = _tag_skip_reason(_open_tags().concat(_take_pending_tags()))
  if reason != nil
    _record_skip(name, reason)
    return nil
  end
  _current = {"name": name, "failed": false, "message": nil, "skipped": false, "reason": nil}
  try
    _run_hooks("before")
    fn()
  catch e
    _note_error(e)
  end
  try
    _run_hooks("after")
  catch e
    _note_error(e)
  end
  let done = _current
  _current = nil
  if done["failed"]
    _record_failure(name, done["message"])
  elif done["skipped"]
    _record_skip(name, done["reason"])
  else
    _record_pass(name)
  end
  nil
end

# An error that reached `it`: a skip request, a failed assertion, or a real error.
fun _note_error(e)
  if _current["failed"] or _current["skipped"]
    return nil
  end
  _current["failed"] = true
  _current["message"] = _error_text(e)
end

fun _fail_current(message)
  if _current != nil and not _current["failed"]
    _current["failed"] = true
    _current["message"] = message
  end
  raise RuntimeErr.new(_ASSERT_MARK .. message)
end

# skip(reason) inside a test skips it; skip(name, reason) outside declares a skipped test.
pub fun skip(name_or_reason = nil, reason = nil)
  if _current != nil
    if not _current["failed"]
      _current["skipped"] = true
      _current["reason"] = name_or_reason
    end
    raise RuntimeErr.new(_SKIP_MARK)
  end
  let why = reason
  if why != nil and _cls(why) != "Str"
    why = nil
  end
  _record_skip(name_or_reason ?: "(skipped)", why)
  nil
end

pub fun skip_if(condition, reason = nil)
  if condition
    skip(reason)
  end
  nil
end

pub fun fail(message = "test failed")
  _fail_current(message.str())
end

# ---------------------------------------------------------------- assertions
fun _message(custom, fallback)
  if custom != nil
    return custom.str() .. " (" .. fallback .. ")"
  end
  fallback
end

pub fun assert(condition, message = nil)
  if not condition
    _fail_current(message ?: "expected a truthy value, got " .. _show(condition))
  end
  nil
end

pub fun assert_true(value, message = nil)
  if value != true
    _fail_current(_message(message, "expected true, got " .. _show(value)))
  end
  nil
end

pub fun assert_false(value, message = nil)
  if value != false
    _fail_current(_message(message, "expected false, got " .. _show(value)))
  end
  nil
end

pub fun assert_eq(actual, expected, message = nil)
  if not _equal(actual, expected)
    _fail_current(_message(message, "expected " .. _show(expected) .. ", got " .. _show(actual)))
  end
  nil
end

pub fun assert_neq(actual, expected, message = nil)
  if _equal(actual, expected)
    _fail_current(_message(message, "expected a value other than " .. _show(expected)))
  end
  nil
end

pub fun assert_gt(actual, expected, message = nil)
  if not (actual > expected)
    _fail_current(_message(message, "expected " .. _show(actual) .. " > " .. _show(expected)))
  end
  nil
end

pub fun assert_lt(actual, expected, message = nil)
  if not (actual < expected)
    _fail_current(_message(message, "expected " .. _show(actual) .. " < " .. _show(expected)))
  end
  nil
end

pub fun assert_gte(actual, expected, message = nil)
  if not (actual >= expected)
    _fail_current(_message(message, "expected " .. _show(actual) .. " >= " .. _show(expected)))
  end
  nil
end

pub fun assert_lte(actual, expected, message = nil)
  if not (actual <= expected)
    _fail_current(_message(message, "expected " .. _show(actual) .. " <= " .. _show(expected)))
  end
  nil
end

pub fun assert_nil(value, message = nil)
  if value != nil
    _fail_current(_message(message, "expected nil, got " .. _show(value)))
  end
  nil
end

pub fun assert_not_nil(value, message = nil)
  if value == nil
    _fail_current(_message(message, "expected a value, got nil"))
  end
  nil
end

fun _type_matches(value, type_name)
  let name = type_name.str()
  let actual = _cls(value)
  if actual.lower() == name.lower()
    return true
  end
  if name == "Num" or name == "num"
    return actual == "Int" or actual == "Float"
  end
  if name == "List" or name == "list"
    return actual == "Array"
  end
  try
    return value.is(type_name)
  catch e
    return false
  end
end

pub fun assert_type(value, type_name, message = nil)
  if not _type_matches(value, type_name)
    _fail_current(_message(message, "expected type " .. type_name.str() .. ", got " .. _cls(value)))
  end
  nil
end

pub fun assert_contains(collection, item, message = nil)
  if not collection.contains(item)
    _fail_current(_message(message, "expected " .. _show(collection) .. " to contain " .. _show(item)))
  end
  nil
end

pub fun assert_not_contains(collection, item, message = nil)
  if collection.contains(item)
    _fail_current(_message(message, "expected " .. _show(collection) .. " not to contain " .. _show(item)))
  end
  nil
end

pub fun assert_len(collection, expected_len, message = nil)
  let actual = collection.len()
  if actual != expected_len
    _fail_current(_message(message, "expected length " .. expected_len.str() .. ", got " .. actual.str()))
  end
  nil
end

pub fun assert_empty(collection, message = nil)
  if collection.len() != 0
    _fail_current(_message(message, "expected empty, got " .. _show(collection)))
  end
  nil
end

pub fun assert_not_empty(collection, message = nil)
  if collection.len() == 0
    _fail_current(_message(message, "expected a non-empty value, got " .. _show(collection)))
  end
  nil
end

pub fun assert_near(actual, expected, tolerance = 0.0001, message = nil)
  if (actual - expected).abs() > tolerance
    _fail_current(_message(message, "expected " .. _show(actual) .. " within " .. tolerance.str() .. " of " .. _show(expected)))
  end
  nil
end

pub fun assert_matches(text, pattern, message = nil)
  use "std/regex" as regex
  if not regex.match(pattern, text)
    _fail_current(_message(message, "expected " .. _show(text) .. " to match /" .. pattern .. "/"))
  end
  nil
end

# The expected exception given to assert_raises: a type name (Str), an exception type
# such as IndexErr, or nil for any.
fun _expected_name(expected)
  if expected == nil or _cls(expected) == "Str"
    return expected
  end
  try
    return expected.new("probe").type()
  catch e
    return expected.str()
  end
end

fun _raised_type(e)
  try
    return e.type()
  catch ignored
    return _cls(e)
  end
end

# Accepts both orders: assert_raises(fn, "TypeName") as documented, and
# assert_raises(ExcType, fn) as upstream's own suites use it.
pub fun assert_raises(first, second = nil, message = nil)
  let fn = first
  let expected = second
  if not _is_callable(first) and _is_callable(second)
    fn = second
    expected = first
  end
  let wanted = _expected_name(expected)
  let raised = nil
  try
    fn()
  catch e
    raised = _raised_type(e)
  end
  if raised == nil
    let what = "an exception"
    if wanted != nil
      what = wanted.str()
    end
    _fail_current(_message(message, "expected " .. what .. " to be raised, nothing was"))
  end
  if wanted != nil and wanted != "Err" and raised.str() != wanted.str()
    _fail_current(_message(message, "expected " .. wanted.str() .. " to be raised, got " .. raised.str()))
  end
  nil
end

# ---------------------------------------------------------------- fixtures
pub fun fixture(name, fn)
  _fixtures[name] = fn
  nil
end

pub fun use_fixture(name)
  if not _fixtures.contains(name)
    raise KeyErr.new("no fixture named '" .. name.str() .. "'")
  end
  _fixtures[name]()
end

# ---------------------------------------------------------------- reporting
fun _counts_line()
  let line = _passed.str() .. " passed, " .. _failed.str() .. " failed"
  if _skipped > 0
    line = line .. ", " .. _skipped.str() .. " skipped"
  end
  line
end

fun _elapsed_text()
  let now = _now_ms()
  if now == nil or _started_ms == nil
    return ""
  end
  " | Elapsed: " .. (now - _started_ms).str() .. "ms"
end

pub fun passed_count() _passed end
pub fun failed_count() _failed end
pub fun skipped_count() _skipped end

pub fun stats()
  let total = _passed + _failed + _skipped
  puts("")
  puts("Total: ", total, " | Passed: ", _passed, " | Failed: ", _failed, " | Skipped: ", _skipped, _elapsed_text())
  _failed
end

fun _print_summary()
  if _reporter == "tap"
    puts("1.." .. _tap_number.str())
  elif _failures.len() > 0
    puts("")
    puts(red("Failures:"))
    for failure in _failures
      puts("  ", red("✗"), " ", failure)
    end
  end
  _reported_at = _passed + _failed + _skipped
  puts(_counts_line())
end

# Prints the summary and returns 0 when nothing failed, 1 otherwise.
pub fun run()
  _print_summary()
  if _failed > 0
    return 1
  end
  0
end

# Called by the runtime after a script that used std/test has finished. Prints the
# closing `N passed, N failed[, N skipped]` line unless it is already the last thing
# printed, and returns the number of failures.
pub fun finish()
  if _reported_at != _passed + _failed + _skipped
    _print_summary()
  end
  _failed
end

# ---------------------------------------------------------------- files
fun _is_test_file(name)
  name.endswith(".q") and (name.endswith("_test.q") or name.startswith("test_")) and not name.startswith(".")
end

# Finds `*_test.q` and `test_*.q` files under the given paths (files are kept as given).
pub fun find_tests(paths)
  use "std/io" as io
  use "std/os" as os
  let found = []
  let pending = _as_list(paths)
  while pending.len() > 0
    let path = pending.shift()
    if io.is_dir(path)
      for entry in os.listdir(path).sorted()
        let child = path .. "/" .. entry
        if io.is_dir(child)
          if not entry.startswith(".")
            pending.push(child)
          end
        elif _is_test_file(entry)
          found.push(child)
        end
      end
    elif io.exists(path)
      found.push(path)
    end
  end
  found
end

pub fun run_file(path)
  use "std/sys" as sys
  sys.load_module(path)
  if _failed > 0
    return 1
  end
  0
end

pub fun run_dir(path)
  for file in find_tests(path)
    run_file(file)
  end
  run()
end
