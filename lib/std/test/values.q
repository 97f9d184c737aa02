"""
std/test/values: how std/test looks at values — type names, display text, structural
equality, type checks, and the names of expected and raised exceptions.
"""

pub fun as_list(value)
  if value == nil
    return []
  end
  if cls(value) == "Array"
    return value
  end
  [value]
end

# Type name of any value; nil and plain functions have no usable cls() upstream.
pub fun cls(value)
  if value == nil
    return "Nil"
  end
  try
    return value.cls()
  catch e
    return "Fun"
  end
end

pub fun is_callable(value)
  let name = cls(value)
  ["Fun", "UserFun", "Func", "Function", "Lambda", "BuiltinFun", "NativeFun", "Method", "BoundMethod"].contains(name)
end

pub fun show(value)
  let name = cls(value)
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
pub fun equal(a, b)
  let ca = cls(a)
  let cb = cls(b)
  if ca == "Array" and cb == "Array"
    if a.len() != b.len()
      return false
    end
    let i = 0
    while i < a.len()
      if not equal(a[i], b[i])
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
      if not b.contains(key) or not equal(a[key], b[key])
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
    return show(a) == show(b)
  end
  false
end

# assert_type's check: the type name (case-insensitive), "Num" for Int and Float,
# "List" for Array, or whatever value.is() accepts.
pub fun type_matches(value, type_name)
  let name = type_name.str()
  let actual = cls(value)
  if actual.lower() == name.lower()
    return true
  end
  if name.lower() == "num"
    return actual == "Int" or actual == "Float"
  end
  if name.lower() == "list"
    return actual == "Array"
  end
  try
    return value.is(type_name)
  catch e
    return false
  end
end

# The expected exception given to assert_raises: a type name (Str), an exception type
# such as IndexErr or a user type implementing Error, or nil for any.
pub fun expected_name(expected)
  if expected == nil or cls(expected) == "Str"
    return expected
  end
  let text = expected.str()
  if text.startswith("type ")
    return text.slice(5, text.len())
  end
  try
    return expected.new("probe").type()
  catch e
    return text
  end
end

# The type name of a caught exception (a user Error type is caught as its struct).
pub fun raised_type(e)
  try
    return e.type()
  catch ignored
    return cls(e)
  end
end

# "Type: message" for an error that ended a test; just the message for assertions.
pub fun error_text(e, assert_mark)
  let text = nil
  try
    text = e.message()
  catch ignored
    text = e.str()
  end
  if text.startswith(assert_mark)
    return text.slice(assert_mark.len(), text.len())
  end
  raised_type(e).str() .. ": " .. text.str()
end
