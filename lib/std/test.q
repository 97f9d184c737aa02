"""
std/test: a describe/it test framework for Quest, written in Quest.

Tests run as soon as they are declared: `describe` calls its function at once and
`it` runs its test at once and records the result. Assertions record a failure on
the running test and then raise, so the rest of that test is skipped.

Contract with the runtime (lib/README.md, tests/quest/CONTRACT.md): after a script
that loaded this module has finished, the runtime calls `test.finish()`, which prints
the summary and, as the last line on stdout, `N passed, N failed` (`, N skipped` when
any were skipped).

The parts live in std/test/: state (settings and results), values (equality, display,
type names), output (printing and counting), assertions (the assert family), capture
(output capture around a test), files (finding test files), doubles (spies).
"""
use "std/test/state" as state
use "std/test/values" as values
use "std/test/output" as output
use "std/test/assertions" as assertions
use "std/test/capture" as capture
use "std/test/files" as files
use "std/test/doubles" as doubles

# ---------------------------------------------------------------- re-exports
pub let fail = assertions.fail
pub let assert = assertions.assert
pub let assert_true = assertions.assert_true
pub let assert_false = assertions.assert_false
pub let assert_eq = assertions.assert_eq
pub let assert_neq = assertions.assert_neq
pub let assert_gt = assertions.assert_gt
pub let assert_lt = assertions.assert_lt
pub let assert_gte = assertions.assert_gte
pub let assert_lte = assertions.assert_lte
pub let assert_nil = assertions.assert_nil
pub let assert_not_nil = assertions.assert_not_nil
pub let assert_type = assertions.assert_type
pub let assert_contains = assertions.assert_contains
pub let assert_not_contains = assertions.assert_not_contains
pub let assert_len = assertions.assert_len
pub let assert_empty = assertions.assert_empty
pub let assert_not_empty = assertions.assert_not_empty
pub let assert_near = assertions.assert_near
pub let assert_matches = assertions.assert_matches
pub let assert_raises = assertions.assert_raises

pub let red = output.red
pub let green = output.green
pub let yellow = output.yellow
pub let blue = output.blue
pub let magenta = output.magenta
pub let cyan = output.cyan
pub let gray = output.gray
pub let grey = output.gray
pub let dimmed = output.dimmed
pub let bold = output.bold

# ---------------------------------------------------------------- settings
pub fun set_colors(enabled) state.config["colors"] = enabled end
pub fun set_color(enabled) state.config["colors"] = enabled end
pub fun set_condensed(enabled) state.config["condensed"] = enabled end
pub fun set_verbose(enabled) state.config["verbose"] = enabled end
pub fun set_filter_tags(tags) state.config["filter_tags"] = values.as_list(tags) end
pub fun set_skip_tags(tags) state.config["skip_tags"] = values.as_list(tags) end

pub fun set_reporter(name)
  if not ["default", "verbose", "minimal", "tap", "json"].contains(name)
    raise ValueErr.new("unknown reporter '" .. name.str() .. "' (use default, verbose, minimal, tap or json)")
  end
  state.config["reporter"] = name
  state.config["condensed"] = name == "minimal"
  state.config["verbose"] = name == "verbose"
end

# set_capture("all" | "stdout" | "stderr" | "no"; also 1/0, true/false): captured output
# of a test is shown only when that test fails. The default is "no".
pub fun set_capture(mode)
  if values.cls(mode) == "Array" and mode.len() == 1
    mode = mode[0]
  end
  let text = mode.str().lower()
  if text == "1" or text == "true"
    text = "all"
  elif text == "0" or text == "false"
    text = "no"
  end
  if not ["all", "stdout", "stderr", "no"].contains(text)
    raise ValueErr.new("unknown capture mode '" .. mode.str() .. "' (use all, stdout, stderr or no)")
  end
  state.config["capture"] = text
end

# ---------------------------------------------------------------- tags
pub fun tag(tags)
  for name in values.as_list(tags)
    state.pending_tags.push(name)
  end
  nil
end

fun open_tags()
  let tags = []
  for frame in state.frames
    tags = tags.concat(frame["tags"])
  end
  tags
end

# nil when a test with these tags should run, otherwise why it is skipped.
fun tag_skip_reason(tags)
  let skip_tags = state.config["skip_tags"]
  let filter_tags = state.config["filter_tags"]
  for name in tags
    if skip_tags.contains(name)
      return "tag " .. name
    end
  end
  if filter_tags.len() > 0
    for name in tags
      if filter_tags.contains(name)
        return nil
      end
    end
    return "not tagged " .. filter_tags.join(", ")
  end
  nil
end

# ---------------------------------------------------------------- structure
fun error_text(e)
  values.error_text(e, state.ASSERT_MARK)
end

pub fun module(name)
  state.mark_started()
  if output.chatty()
    puts("")
    puts(output.bold(name))
  end
end

pub fun describe(name, fn)
  state.mark_started()
  let frame = {"name": name, "before": [], "after": [], "after_all": [], "tags": state.take_pending_tags()}
  output.heading(name)
  state.frames.push(frame)
  try
    fn()
  catch e
    output.record_failure("(describe body)", error_text(e))
  end
  for hook in frame["after_all"]
    try
      hook()
    catch e
      output.record_failure("(after_all)", error_text(e))
    end
  end
  state.frames.pop()
  nil
end

fun innermost_frame(hook)
  if state.frames.len() == 0
    raise RuntimeErr.new("test." .. hook .. "() must be called inside test.describe()")
  end
  state.frames.last()
end

pub fun before(fn) innermost_frame("before")["before"].push(fn) end
pub fun after(fn) innermost_frame("after")["after"].push(fn) end
pub fun after_all(fn) innermost_frame("after_all")["after_all"].push(fn) end

# Tests run as they are declared, so a before_all hook runs right away: every test of
# its describe comes after it.
pub fun before_all(fn)
  innermost_frame("before_all")
  try
    fn()
  catch e
    output.record_failure("(before_all)", error_text(e))
  end
  nil
end

# before hooks outermost first; after hooks innermost first.
fun run_hooks(kind)
  let hooks = []
  for frame in state.frames
    hooks = hooks.concat(frame[kind])
  end
  if kind == "after"
    hooks = hooks.reversed()
  end
  for hook in hooks
    hook()
  end
end

# An error that reached `it`: a skip request, a failed assertion, or a real error.
fun note_error(e)
  let running = state.current()
  if running["failed"] or running["skipped"]
    return nil
  end
  running["failed"] = true
  running["message"] = error_text(e)
end

pub fun it(name, fn)
  state.mark_started()
  let reason = tag_skip_reason(open_tags().concat(state.take_pending_tags()))
  if reason != nil
    output.record_skip(name, reason)
    return nil
  end
  let running = {"name": name, "failed": false, "message": nil, "skipped": false, "reason": nil}
  state.set_current(running)
  let started = nil
  if state.config["verbose"]
    started = state.now_ms()
  end
  let capturing = capture.start()
  try
    run_hooks("before")
    fn()
  catch e
    note_error(e)
  end
  try
    run_hooks("after")
  catch e
    note_error(e)
  end
  let captured = capture.stop(capturing)
  state.set_current(nil)
  if running["failed"]
    output.record_failure(name, running["message"], captured)
  elif running["skipped"]
    output.record_skip(name, running["reason"])
  else
    output.record_pass(name, timing_note(started))
  end
  nil
end

# " (N ms)" for the verbose reporter, nil otherwise.
fun timing_note(started)
  if started == nil
    return nil
  end
  let finished = state.now_ms()
  if finished == nil
    return nil
  end
  " (" .. (finished - started).str() .. " ms)"
end

# skip(reason) inside a test skips it; skip(name, reason) outside declares a skipped test.
pub fun skip(name_or_reason = nil, reason = nil)
  let running = state.current()
  if running != nil
    if not running["failed"]
      running["skipped"] = true
      running["reason"] = name_or_reason
    end
    raise RuntimeErr.new(state.SKIP_MARK)
  end
  let why = reason
  if why != nil and values.cls(why) != "Str"
    why = nil
  end
  output.record_skip(name_or_reason ?: "(skipped)", why)
  nil
end

pub fun skip_if(condition, reason = nil)
  if condition
    skip(reason)
  end
  nil
end

# ---------------------------------------------------------------- doubles and timing
# spy(fn): a callable that records every call (spy.called(), spy.call_count(),
# spy.calls[i].args, spy.called_with(...)) and returns what fn returns.
pub let spy = doubles.spy

# Runs fn `iterations` times and prints the total and per-call time. Returns the
# total in milliseconds (nil when std/time is missing).
pub fun benchmark(name, fn, iterations = 1000)
  if iterations < 1
    raise ValueErr.new("benchmark: iterations must be at least 1, got " .. iterations.str())
  end
  let started = state.now_ms()
  for i in 0 until iterations
    fn()
  end
  let finished = state.now_ms()
  if started == nil or finished == nil
    puts(output.indent(), "benchmark ", name, ": ", iterations, " iterations")
    return nil
  end
  let total = finished - started
  let per_call_us = (total * 1000.0 / iterations).round()
  puts(output.indent(), "benchmark ", name, ": ", iterations, " iterations in ", total, " ms (",
    per_call_us, " µs each)")
  total
end

# ---------------------------------------------------------------- fixtures
pub fun fixture(name, fn)
  state.fixtures[name] = fn
  nil
end

pub fun use_fixture(name)
  if not state.fixtures.contains(name)
    raise KeyErr.new("no fixture named '" .. name.str() .. "'")
  end
  state.fixtures[name]()
end

# ---------------------------------------------------------------- reporting
pub fun passed_count() state.counts["passed"] end
pub fun failed_count() state.counts["failed"] end
pub fun skipped_count() state.counts["skipped"] end

# Prints `Total: N | Passed: N | Failed: N | Skipped: N | Elapsed: Nms`; returns failures.
pub fun stats()
  output.print_stats()
  state.counts["failed"]
end

# Prints the summary and returns 0 when nothing failed, 1 otherwise.
pub fun run()
  output.print_summary()
  if state.counts["failed"] > 0
    return 1
  end
  0
end

# Called by the runtime after a script that used std/test has finished. Prints the
# closing `N passed, N failed[, N skipped]` line unless it is already the last thing
# printed, and returns the number of failures.
pub fun finish()
  if state.counts["reported_at"] != state.total()
    output.print_summary()
  end
  state.counts["failed"]
end

# ---------------------------------------------------------------- files
# Finds `*_test.q` and `test_*.q` files under the given paths (files are kept as given).
pub let find_tests = files.find_tests

pub fun run_file(path)
  use "std/sys" as sys
  sys.load_module(path)
  if state.counts["failed"] > 0
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
