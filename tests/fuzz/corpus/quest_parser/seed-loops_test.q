# language/loops.md: while, for over collections and ranges (to, until, step,
# countdown), for with index, dict iteration, .each, break and continue.
use "std/test"

test.module("language/loops")

test.describe("while", fun ()
  test.it("counts", fun ()
    let seen = []
    let i = 0
    while i < 5
      seen.push(i)
      i = i + 1
    end
    test.assert_eq(seen, [0, 1, 2, 3, 4])
  end)

  test.it("drains a queue", fun ()
    let queue = [1, 2, 3]
    let total = 0
    while not queue.empty()
      total += queue.pop()
    end
    test.assert_eq(total, 6)
  end)

  test.it("stops an infinite loop with break", fun ()
    let lines = ["a", "b", "quit", "c"]
    let read = []
    while true
      let line = lines.shift()
      if line == "quit"
        break
      end
      read.push(line)
    end
    test.assert_eq(read, ["a", "b"])
  end)
end)

test.describe("for", fun ()
  test.it("iterates over arrays", fun ()
    let greetings = []
    for name in ["Alice", "Bob", "Charlie"]
      greetings.push("Hello, " .. name)
    end
    test.assert_eq(greetings, ["Hello, Alice", "Hello, Bob", "Hello, Charlie"])
  end)

  test.it("iterates inclusive ranges with to", fun ()
    let seen = []
    for i in 0 to 4
      seen.push(i)
    end
    test.assert_eq(seen, [0, 1, 2, 3, 4])
  end)

  test.it("iterates exclusive ranges with until", fun ()
    let seen = []
    for i in 0 until 5
      seen.push(i)
    end
    test.assert_eq(seen, [0, 1, 2, 3, 4])
  end)

  test.it("steps", fun ()
    let seen = []
    for i in 0 to 10 step 2
      seen.push(i)
    end
    test.assert_eq(seen, [0, 2, 4, 6, 8, 10])
  end)

  test.it("counts down with a negative step", fun ()
    let seen = []
    for i in 10 to 0 step -1
      seen.push(i)
    end
    test.assert_eq(seen, [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
  end)

  test.it("gives the index as the second variable", fun ()
    let seen = []
    for item, i in ["a", "b", "c"]
      seen.push(i.str() .. ": " .. item)
    end
    test.assert_eq(seen, ["0: a", "1: b", "2: c"])
  end)

  test.it("iterates dict keys and values", fun ()
    let scores = {"Alice": 95, "Bob": 87}
    let seen = []
    for key, value in scores
      seen.push(key .. " scored " .. value.str())
    end
    test.assert_eq(seen.sorted(), ["Alice scored 95", "Bob scored 87"])
  end)

  test.it("nests", fun ()
    let cells = []
    for row in 0 to 2
      for col in 0 to 2
        cells.push("(" .. row.str() .. ", " .. col.str() .. ")")
      end
    end
    test.assert_eq(cells.len(), 9)
    test.assert_eq(cells[4], "(1, 1)")
  end)

  test.it("iterates a string's characters", fun ()
    let chars = []
    for c in "abc"
      chars.push(c)
    end
    test.assert_eq(chars, ["a", "b", "c"])
  end)

  test.it("does not run an empty range", fun ()
    let runs = 0
    for i in 5 until 5
      runs += 1
    end
    test.assert_eq(runs, 0)
  end)
end)

test.describe(".each", fun ()
  test.it("visits array elements", fun ()
    let out = []
    [1, 2, 3, 4, 5].each(fun (n)
      out.push(n * 2)
    end)
    test.assert_eq(out, [2, 4, 6, 8, 10])
  end)

  test.it("visits dict pairs", fun ()
    let out = []
    {"a": 1, "b": 2}.each(fun (key, value)
      out.push(key .. " = " .. value.str())
    end)
    test.assert_eq(out.sorted(), ["a = 1", "b = 2"])
  end)

  test.it("chains after filter and map", fun ()
    let numbers = [3, 6, 8, 1, 10]
    let out = []
    numbers
      .filter(fun (n) n > 5 end)
      .map(fun (n) n * 2 end)
      .each(fun (n) out.push(n) end)
    test.assert_eq(out, [12, 16, 20])
  end)
end)

test.describe("break and continue", fun ()
  test.it("break leaves the innermost loop", fun ()
    let seen = []
    for i in 0 to 100
      if i == 10
        break
      end
      seen.push(i)
    end
    test.assert_eq(seen.len(), 10)
    test.assert_eq(seen.last(), 9)
  end)

  test.it("break in a nested loop leaves only the inner loop", fun ()
    let pairs = 0
    for row in 0 until 3
      for col in 0 until 3
        if col == 1
          break
        end
        pairs += 1
      end
    end
    test.assert_eq(pairs, 3)
  end)

  test.it("continue skips to the next iteration", fun ()
    let odds = []
    for i in 0 to 10
      if i % 2 == 0
        continue
      end
      odds.push(i)
    end
    test.assert_eq(odds, [1, 3, 5, 7, 9])
  end)

  test.it("continue works in while loops", fun ()
    let i = 0
    let kept = []
    while i < 6
      i += 1
      if i % 3 == 0
        continue
      end
      kept.push(i)
    end
    test.assert_eq(kept, [1, 2, 4, 5])
  end)
end)
