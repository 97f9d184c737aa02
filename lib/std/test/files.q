"""
std/test/files: finding test files (`*_test.q`, `test_*.q`) under folders.
"""
use "std/test/values" as values

# Names starting with "." or "_" are hidden files and helpers, never tests.
fun is_test_file(name)
  if name.startswith(".") or name.startswith("_")
    return false
  end
  name.endswith("_test.q") or (name.startswith("test_") and name.endswith(".q"))
end

# Finds `*_test.q` and `test_*.q` files under the given paths (files are kept as given).
pub fun find_tests(paths)
  use "std/io" as io
  use "std/os" as os
  let found = []
  let pending = values.as_list(paths).slice(0, values.as_list(paths).len())
  while pending.len() > 0
    let path = pending.shift()
    if io.is_dir(path)
      for entry in os.listdir(path).sorted()
        let child = path .. "/" .. entry
        if io.is_dir(child)
          if not entry.startswith(".")
            pending.push(child)
          end
        elif is_test_file(entry)
          found.push(child)
        end
      end
    elif io.exists(path)
      found.push(path)
    end
  end
  found
end
