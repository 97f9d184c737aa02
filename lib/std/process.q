"""
std/process: run external programs without a shell (upstream's QEP-012 API).

  use "std/process"
  let result = process.run(["git", "status", "--short"], {"cwd": "/repo", "timeout": 10})
  if result
    puts(result.stdout())
  end

  let proc = process.spawn(["sort"])
  proc.stdin.write("b\na\n")
  proc.stdin.close()
  puts(proc.stdout.read())
  proc.wait()

Commands are arrays: the first item is looked up in PATH, the rest are passed as they
are. Only shell() goes through /bin/sh. The work is done natively (runtime/std/process_*),
with posix_spawn and pipes; this file holds the API's shape.
"""

use "_native/process" as native

# run(command, options?) -> ProcessResult (stdout(), stderr(), stdout_bytes(),
# stderr_bytes(), code(), success(); falsy when the exit code is not 0).
# Options: cwd (Str), env (Dict of Str, added to the inherited environment),
# stdin (Str or Bytes fed to the program), timeout (seconds; the program is killed
# and a RuntimeErr mentioning the timeout is raised).
pub fun run(command, options = nil)
  native.run(command, options)
end

# Like run, but returns stdout and raises a RuntimeErr naming the exit code, with the
# program's stdout and stderr, when it does not exit with 0.
pub fun check_run(command, options = nil)
  let result = native.run(command, options)
  if not result.success()
    raise RuntimeErr.new("Command " .. command.str() .. " failed with exit code " .. result.code().str() .. "\nstdout: " .. result.stdout() .. "\nstderr: " .. result.stderr())
  end
  result.stdout()
end

# Runs `command` through /bin/sh -c. Never pass untrusted text: it is a shell script.
pub fun shell(command, options = nil)
  if not command.is(Str)
    raise TypeErr.new("shell: command must be Str, got " .. command.cls())
  end
  native.run(["/bin/sh", "-c", command], options)
end

# pipeline([cmd1, cmd2, ...]) -> ProcessResult of the last command; each command's
# stdout is the next one's stdin (the first reads nothing).
pub fun pipeline(commands)
  native.pipeline(commands)
end

# A running program with pipes to its stdin (WritableStream: write, writelines, close,
# flush) and from its stdout and stderr (ReadableStream: read, read(n), read_bytes,
# readline, readlines). Reading one stream to its end while the program fills the other
# past the pipe buffer (64 KiB) blocks: use communicate() for large two-way traffic.
pub type Process
  pub stdin
  pub stdout
  pub stderr
  handle

  # Closes stdin, waits for the program to exit and returns its exit code
  # (-N when a signal N ended it).
  fun wait()
    self.handle.wait()
  end

  # The exit code, or nil if the program is still running after `seconds`.
  fun wait_with_timeout(seconds)
    self.handle.wait_with_timeout(seconds)
  end

  # Writes `input` (Str or Bytes), closes stdin, reads stdout and stderr to the end
  # and waits: {"stdout": Str, "stderr": Str, "code": Int}.
  fun communicate(input = nil)
    self.handle.communicate(input)
  end

  # SIGKILL; false when the program had already been waited for.
  fun kill()
    self.handle.kill()
  end

  # SIGTERM, a polite request to stop.
  fun terminate()
    self.handle.terminate()
  end

  fun pid()
    self.handle.pid()
  end

  fun _enter()
    self
  end

  # `with process.spawn(...) as p ... end` waits for the program, even on an exception.
  fun _exit()
    self.handle.wait()
  end

  fun str()
    "<Process pid=" .. self.handle.pid().str() .. ">"
  end
end

# spawn(command, options?) -> Process. Options: cwd, env (as for run).
pub fun spawn(command, options = nil)
  let handle = native.spawn(command, options)
  Process.new(stdin: handle.stdin_stream(), stdout: handle.stdout_stream(), stderr: handle.stderr_stream(), handle: handle)
end
