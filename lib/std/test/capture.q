"""
std/test/capture: captures what a test prints (std/sys redirection into a StringIO)
when test.set_capture() asked for it, so only failing tests show their output.
"""
use "std/test/state" as state

pub fun start()
  let mode = state.config["capture"]
  if mode == "no"
    return nil
  end
  use "std/sys" as sys
  use "std/io" as io
  let buffer = io.StringIO.new()
  let guards = []
  if mode != "stderr"
    guards.push(sys.redirect_stream(sys.stdout, buffer))
  end
  if mode != "stdout"
    guards.push(sys.redirect_stream(sys.stderr, buffer))
  end
  {"buffer": buffer, "guards": guards}
end

pub fun stop(capture)
  if capture == nil
    return ""
  end
  for guard in capture["guards"].reversed()
    guard.restore()
  end
  capture["buffer"].get_value()
end
