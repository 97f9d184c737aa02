"""
std/test/state: the one place std/test keeps its state — settings, counts, the open
describe frames, the running test. Shared by every part of std/test because modules
are cached by path. Not meant to be used by test files directly.
"""

# Colours are on unless the NO_COLOR environment variable is set (no-color.org).
fun colors_by_default()
  try
    use "std/os" as os
    return os.getenv("NO_COLOR") == nil
  catch e
    return true
  end
end

# Settings changed through test.set_*.
pub let config = {
  "colors": colors_by_default(),
  "condensed": false,
  "verbose": false,
  "reporter": "default",
  "capture": "no",
  "filter_tags": [],
  "skip_tags": []
}

# Results so far. reported_at: how many results had been counted when the summary was
# last printed (-1: never), so finish() does not print the closing line twice.
pub let counts = {"passed": 0, "failed": 0, "skipped": 0, "reported_at": -1, "tap_number": 0}
pub let failures = []

# Open describes, outermost first: dicts with name, before, after, after_all, tags.
pub let frames = []
# Tags given by test.tag() for the next describe or it.
pub let pending_tags = []
pub let fixtures = {}

# Text that marks the errors std/test raises itself.
pub const SKIP_MARK = "__std_test_skip__"
pub const ASSERT_MARK = "AssertionError: "

# The running test (a dict: name, failed, message, skipped, reason), nil between tests.
let current_test = nil
let started_ms = nil

pub fun current() current_test end
pub fun set_current(test) current_test = test end

pub fun total()
  counts["passed"] + counts["failed"] + counts["skipped"]
end

pub fun take_pending_tags()
  let tags = pending_tags.slice(0, pending_tags.len())
  pending_tags.clear()
  tags
end

# Marks the running test failed (first failure wins) and raises to end it.
pub fun fail_current(message)
  if current_test != nil and not current_test["failed"]
    current_test["failed"] = true
    current_test["message"] = message
  end
  raise RuntimeErr.new(ASSERT_MARK .. message)
end

# Milliseconds from std/time, or nil where that module is missing.
pub fun now_ms()
  try
    use "std/time" as clock
    return clock.ticks_ms()
  catch e
    return nil
  end
end

pub fun mark_started()
  if started_ms == nil
    started_ms = now_ms()
  end
end

pub fun elapsed_ms()
  let now = now_ms()
  if now == nil or started_ms == nil
    return nil
  end
  now - started_ms
end
