"""
std/test/output: everything std/test prints — colours, one line per test (default,
condensed or TAP), the failure summary and the closing `N passed, N failed` line —
and the counting that goes with each printed result.
"""
use "std/test/state" as state

fun paint(code, text)
  if state.config["colors"]
    return chr(27) .. "[" .. code .. "m" .. text.str() .. chr(27) .. "[0m"
  end
  text.str()
end

pub fun red(text) paint("31", text) end
pub fun green(text) paint("32", text) end
pub fun yellow(text) paint("33", text) end
pub fun blue(text) paint("34", text) end
pub fun magenta(text) paint("35", text) end
pub fun cyan(text) paint("36", text) end
pub fun gray(text) paint("90", text) end
pub fun dimmed(text) paint("2", text) end
pub fun bold(text) paint("1", text) end

# Whether headings and passing tests are printed (not in condensed, TAP or JSON output).
pub fun chatty()
  not state.config["condensed"] and not ["tap", "json"].contains(state.config["reporter"])
end

pub fun indent()
  let pad = ""
  for frame in state.frames
    pad = pad .. "  "
  end
  pad
end

pub fun path_name(name)
  let parts = []
  for frame in state.frames
    parts.push(frame["name"])
  end
  parts.push(name)
  parts.join(" > ")
end

pub fun heading(name)
  if chatty()
    puts(indent(), bold(name))
  end
end

fun print_tap(status, name, detail)
  state.counts["tap_number"] += 1
  let line = "ok " .. state.counts["tap_number"].str() .. " - " .. path_name(name)
  if status == "fail"
    line = "not " .. line
  elif status == "skip"
    line = line .. " # SKIP " .. (detail ?: "")
  end
  puts(line)
end

# One JSON object per line: {"test": "a > b", "status": "pass|fail|skip", "detail": ...}.
fun print_json(status, name, detail)
  use "std/encoding/json" as json
  puts(json.stringify({"test": path_name(name), "status": status, "detail": detail}))
end

fun print_result(status, name, detail)
  if state.config["reporter"] == "tap"
    print_tap(status, name, detail)
  elif state.config["reporter"] == "json"
    print_json(status, name, detail)
  elif status == "pass"
    if chatty()
      if detail == nil
        puts(indent(), green("✓"), " ", name)
      else
        puts(indent(), green("✓"), " ", name, gray(detail))
      end
    end
  elif status == "skip"
    if chatty()
      let why = ""
      if detail != nil
        why = " (" .. detail .. ")"
      end
      puts(indent(), yellow("○"), " ", name, gray(why))
    end
  else
    puts(indent(), red("✗"), " ", name)
    for line in detail.split("\n")
      puts(indent(), "    ", red(line))
    end
  end
end

# `timing` is the " (N ms)" suffix the verbose reporter shows, or nil.
pub fun record_pass(name, timing = nil)
  state.counts["passed"] += 1
  print_result("pass", name, timing)
end

pub fun record_skip(name, reason)
  state.counts["skipped"] += 1
  print_result("skip", name, reason)
end

# A failed test; `output` is what the test printed while output was captured.
pub fun record_failure(name, message, output = "")
  state.counts["failed"] += 1
  state.failures.push(path_name(name) .. ": " .. message)
  let detail = message
  if output != ""
    detail = detail .. "\n--- captured output ---\n" .. output.rtrim()
  end
  print_result("fail", name, detail)
end

pub fun counts_line()
  let counts = state.counts
  let line = counts["passed"].str() .. " passed, " .. counts["failed"].str() .. " failed"
  if counts["skipped"] > 0
    line = line .. ", " .. counts["skipped"].str() .. " skipped"
  end
  line
end

pub fun print_stats()
  let counts = state.counts
  let elapsed = state.elapsed_ms()
  let tail = ""
  if elapsed != nil
    tail = " | Elapsed: " .. elapsed.str() .. "ms"
  end
  puts("")
  puts("Total: ", state.total(), " | Passed: ", counts["passed"], " | Failed: ", counts["failed"],
    " | Skipped: ", counts["skipped"], tail)
end

# The failures (or the TAP plan), then the closing line, which must come last.
pub fun print_summary()
  let reporter = state.config["reporter"]
  if reporter == "tap"
    puts("1.." .. state.counts["tap_number"].str())
  elif reporter == "json"
    use "std/encoding/json" as json
    let counts = state.counts
    puts(json.stringify({"passed": counts["passed"], "failed": counts["failed"], "skipped": counts["skipped"]}))
  elif state.failures.len() > 0
    puts("")
    puts(red("Failures:"))
    for failure in state.failures
      puts("  ", red("✗"), " ", failure)
    end
  end
  state.counts["reported_at"] = state.total()
  puts(counts_line())
end
