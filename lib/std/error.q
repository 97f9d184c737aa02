"""
std/error: the Error trait for user-defined exceptions, a ready-made BasicError,
and is_error().

A type that does `impl Error` can be raised with `raise`; its type name becomes the
exception type (so `catch e: MyError` matches it) and its message() supplies the text.

  use "std/error" {Error}
  type NotFound
    pub path: Str
    impl Error
      fun message() "not found: " .. self.path end
    end
  end
  raise NotFound.new(path: "/x")
"""

pub trait Error
  fun message()
end

# A plain error carrying only a message: BasicError.new("text") or
# BasicError.new(message: "text"). As upstream, `e.message` reads the field and
# `e.message()` calls the Error method; both give the text.
pub type BasicError
  pub message: Str

  impl Error
    fun message()
      self.message
    end
  end

  fun str()
    "BasicError: " .. self.message
  end
end

# True for built-in exception objects and for instances of types that implement Error.
pub fun is_error(value)
  if value == nil
    return false
  end
  try
    if value.does(Error)
      return true
    end
  catch e
  end
  try
    # type() is the exception type (a Type that prints as its name), message() a Str.
    let kind = value.type()
    let text = value.message()
    return kind != nil and kind.str() != "" and text.is(Str)
  catch e
    return false
  end
end
