"""
std/test/doubles: test doubles. test.spy(fn) wraps a function so a test can check how
it was called; the spy is called like the function and returns what it returns.
"""

# One recorded call: its positional arguments and its named arguments.
pub type SpyCall
  pub args: Array
  pub kwargs: Dict
end

pub type Spy
  pub func
  pub calls: Array = []

  fun _call(*args, **kwargs)
    self.calls.push(SpyCall.new(args: args, kwargs: kwargs))
    if self.func == nil
      return nil
    end
    self.func(*args, **kwargs)
  end

  fun called()
    self.calls.len() > 0
  end

  fun call_count()
    self.calls.len()
  end

  fun called_with(*args)
    self.calls.any(fun (call) call.args == args end)
  end

  fun reset()
    self.calls.clear()
  end
end

pub fun spy(fn = nil)
  Spy.new(func: fn)
end
