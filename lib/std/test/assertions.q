"""
std/test/assertions: the assert family. A failed assertion marks the running test
failed and raises, ending the test; test.q re-exports every public function here.
"""
use "std/test/state" as state
use "std/test/values" as values

fun with_note(custom, fallback)
  if custom != nil
    return custom.str() .. " (" .. fallback .. ")"
  end
  fallback
end

fun failed(custom, fallback)
  state.fail_current(with_note(custom, fallback))
end

pub fun fail(message = "test failed")
  state.fail_current(message.str())
end

pub fun assert(condition, message = nil)
  if not condition
    state.fail_current(message ?: "expected a truthy value, got " .. values.show(condition))
  end
  nil
end

pub fun assert_true(value, message = nil)
  if value != true
    failed(message, "expected true, got " .. values.show(value))
  end
  nil
end

pub fun assert_false(value, message = nil)
  if value != false
    failed(message, "expected false, got " .. values.show(value))
  end
  nil
end

pub fun assert_eq(actual, expected, message = nil)
  if not values.equal(actual, expected)
    failed(message, "expected " .. values.show(expected) .. ", got " .. values.show(actual))
  end
  nil
end

pub fun assert_neq(actual, expected, message = nil)
  if values.equal(actual, expected)
    failed(message, "expected a value other than " .. values.show(expected))
  end
  nil
end

fun compare(holds, actual, op, expected, message)
  if not holds
    failed(message, "expected " .. values.show(actual) .. " " .. op .. " " .. values.show(expected))
  end
  nil
end

pub fun assert_gt(actual, expected, message = nil)
  compare(actual > expected, actual, ">", expected, message)
end

pub fun assert_lt(actual, expected, message = nil)
  compare(actual < expected, actual, "<", expected, message)
end

pub fun assert_gte(actual, expected, message = nil)
  compare(actual >= expected, actual, ">=", expected, message)
end

pub fun assert_lte(actual, expected, message = nil)
  compare(actual <= expected, actual, "<=", expected, message)
end

pub fun assert_nil(value, message = nil)
  if value != nil
    failed(message, "expected nil, got " .. values.show(value))
  end
  nil
end

pub fun assert_not_nil(value, message = nil)
  if value == nil
    failed(message, "expected a value, got nil")
  end
  nil
end

pub fun assert_type(value, type_name, message = nil)
  if not values.type_matches(value, type_name)
    failed(message, "expected type " .. type_name.str() .. ", got " .. values.cls(value))
  end
  nil
end

pub fun assert_contains(collection, item, message = nil)
  if not collection.contains(item)
    failed(message, "expected " .. values.show(collection) .. " to contain " .. values.show(item))
  end
  nil
end

pub fun assert_not_contains(collection, item, message = nil)
  if collection.contains(item)
    failed(message, "expected " .. values.show(collection) .. " not to contain " .. values.show(item))
  end
  nil
end

pub fun assert_len(collection, expected_len, message = nil)
  let actual = collection.len()
  if actual != expected_len
    failed(message, "expected length " .. expected_len.str() .. ", got " .. actual.str())
  end
  nil
end

pub fun assert_empty(collection, message = nil)
  if collection.len() != 0
    failed(message, "expected empty, got " .. values.show(collection))
  end
  nil
end

pub fun assert_not_empty(collection, message = nil)
  if collection.len() == 0
    failed(message, "expected a non-empty value, got " .. values.show(collection))
  end
  nil
end

pub fun assert_near(actual, expected, tolerance = 0.0001, message = nil)
  if (actual - expected).abs() > tolerance
    failed(message, "expected " .. values.show(actual) .. " within " .. tolerance.str() .. " of " .. values.show(expected))
  end
  nil
end

pub fun assert_matches(text, pattern, message = nil)
  use "std/regex" as regex
  if not regex.match(pattern, text)
    failed(message, "expected " .. values.show(text) .. " to match /" .. pattern .. "/")
  end
  nil
end

# Accepts both orders: assert_raises(fn, "TypeName") as documented, and
# assert_raises(ExcType, fn) as upstream's own suites use it.
pub fun assert_raises(first, second = nil, message = nil)
  let fn = first
  let expected = second
  if not values.is_callable(first) and values.is_callable(second)
    fn = second
    expected = first
  end
  let wanted = values.expected_name(expected)
  let raised = nil
  try
    fn()
  catch e
    raised = values.raised_type(e)
  end
  if raised == nil
    let what = "an exception"
    if wanted != nil
      what = wanted.str()
    end
    failed(message, "expected " .. what .. " to be raised, nothing was")
  end
  if wanted != nil and wanted != "Err" and raised.str() != wanted.str()
    failed(message, "expected " .. wanted.str() .. " to be raised, got " .. raised.str())
  end
  nil
end
