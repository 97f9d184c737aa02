# types/array.md: literals, indexing, mutating and non-mutating methods,
# higher-order methods, and their documented errors.
use "std/test"

test.module("types/array")

test.describe("literals and access", fun ()
  test.it("builds empty, numeric, mixed and nested arrays", fun ()
    let empty = []
    let numbers = [1, 2, 3, 4, 5]
    let mixed = [1, "hello", true, nil]
    let nested = [[1, 2], [3, 4], [5, 6]]
    test.assert_eq(empty.len(), 0)
    test.assert_eq(numbers.len(), 5)
    test.assert_eq(mixed[1], "hello")
    test.assert_eq(nested[2][1], 6)
  end)

  test.it("indexes from zero", fun ()
    let arr = [10, 20, 30, 40]
    test.assert_eq(arr[0], 10)
    test.assert_eq(arr[1], 20)
    test.assert_eq(arr[3], 40)
  end)

  test.it("indexes from the end with negatives", fun ()
    let arr = [10, 20, 30, 40]
    test.assert_eq(arr[-1], 40)
    test.assert_eq(arr[-4], 10)
  end)

  test.it("raises IndexErr out of range", fun ()
    let arr = [1, 2, 3]
    test.assert_raises(fun () arr[3] end, "IndexErr")
    test.assert_raises(fun () arr[-4] end, "IndexErr")
    test.assert_raises(fun () arr.get(10) end, "IndexErr")
  end)

  test.it("displays as [a, b, c]", fun ()
    test.assert_eq([1, 2, 3].str(), "[1, 2, 3]")
    test.assert_eq([].str(), "[]")
    test.assert_eq(["first", "second"].str(), "[first, second]")
  end)

  test.it("compares element by element", fun ()
    test.assert([1, 2, 3] == [1, 2, 3])
    test.assert([1, 2] != [1, 2, 3])
    test.assert([[1], [2]] == [[1], [2]])
  end)
end)

test.describe("mutating methods", fun ()
  test.it("push, pop, unshift, shift", fun ()
    let arr = [1, 2, 3]
    arr.push(4)
    test.assert_eq(arr, [1, 2, 3, 4])
    test.assert_eq(arr.pop(), 4)
    test.assert_eq(arr, [1, 2, 3])
    arr.unshift(0)
    test.assert_eq(arr, [0, 1, 2, 3])
    test.assert_eq(arr.shift(), 0)
    test.assert_eq(arr, [1, 2, 3])
  end)

  test.it("works as a stack and as a queue", fun ()
    let stack = []
    stack.push("first")
    stack.push("second")
    stack.push("third")
    test.assert_eq(stack.pop(), "third")
    test.assert_eq(stack, ["first", "second"])
    let queue = ["first", "second", "third"]
    test.assert_eq(queue.shift(), "first")
    test.assert_eq(queue, ["second", "third"])
  end)

  test.it("pop and shift on an empty array raise", fun ()
    test.assert_raises(RuntimeErr, fun () [].pop() end)
    test.assert_raises(RuntimeErr, fun () [].shift() end)
  end)

  test.it("reverse reverses in place", fun ()
    let arr = [1, 2, 3, 4]
    arr.reverse()
    test.assert_eq(arr, [4, 3, 2, 1])
  end)

  test.it("sort sorts numbers and strings in place", fun ()
    let nums = [3, 1, 4, 1, 5, 9, 2, 6]
    nums.sort()
    test.assert_eq(nums, [1, 1, 2, 3, 4, 5, 6, 9])
    let words = ["dog", "cat", "bird", "fish"]
    words.sort()
    test.assert_eq(words, ["bird", "cat", "dog", "fish"])
  end)

  test.it("clear empties", fun ()
    let arr = [1, 2, 3, 4, 5]
    arr.clear()
    test.assert_eq(arr, [])
  end)

  test.it("insert shifts later elements", fun ()
    let arr = [1, 2, 4, 5]
    arr.insert(2, 3)
    test.assert_eq(arr, [1, 2, 3, 4, 5])
    arr.insert(5, 6)
    test.assert_eq(arr, [1, 2, 3, 4, 5, 6])
    test.assert_raises(fun () arr.insert(10, 0) end)
  end)

  test.it("remove drops the first occurrence and reports it", fun ()
    let arr = [1, 2, 3, 2, 4]
    test.assert_eq(arr.remove(2), true)
    test.assert_eq(arr, [1, 3, 2, 4])
    test.assert_eq(arr.remove(99), false)
  end)

  test.it("remove_at returns the removed element", fun ()
    let arr = [1, 2, 3, 4, 5]
    test.assert_eq(arr.remove_at(2), 3)
    test.assert_eq(arr, [1, 2, 4, 5])
    test.assert_raises(fun () arr.remove_at(10) end)
  end)

  test.it("mutations are visible through every reference", fun ()
    let a = [1]
    let b = a
    b.push(2)
    test.assert_eq(a, [1, 2])
  end)
end)

test.describe("non-mutating methods", fun ()
  test.it("len, get, first, last", fun ()
    let arr = ["a", "b", "c"]
    test.assert_eq(arr.len(), 3)
    test.assert_eq(arr.get(0), "a")
    test.assert_eq(arr.get(1), "b")
    test.assert_eq([10, 20, 30].first(), 10)
    test.assert_eq([10, 20, 30].last(), 30)
  end)

  test.it("first and last of an empty array raise", fun ()
    test.assert_raises(RuntimeErr, fun () [].first() end)
    test.assert_raises(RuntimeErr, fun () [].last() end)
  end)

  test.it("reversed and sorted return copies", fun ()
    let arr = [1, 2, 3, 4]
    test.assert_eq(arr.reversed(), [4, 3, 2, 1])
    test.assert_eq(arr, [1, 2, 3, 4])
    let original = [5, 2, 8, 1]
    test.assert_eq(original.sorted(), [1, 2, 5, 8])
    test.assert_eq(original, [5, 2, 8, 1])
  end)

  test.it("slice with positive and negative indices", fun ()
    let arr = [0, 1, 2, 3, 4, 5]
    test.assert_eq(arr.slice(1, 4), [1, 2, 3])
    test.assert_eq(arr.slice(0, 2), [0, 1])
    test.assert_eq(arr.slice(2, -1), [2, 3, 4])
    test.assert_eq(arr.slice(-3, -1), [3, 4])
  end)

  test.it("concat returns a new array", fun ()
    let a = [1, 2, 3]
    let b = [4, 5, 6]
    test.assert_eq(a.concat(b), [1, 2, 3, 4, 5, 6])
    test.assert_eq(a, [1, 2, 3])
  end)

  test.it("join converts elements to strings", fun ()
    let arr = ["a", "b", "c"]
    test.assert_eq(arr.join(", "), "a, b, c")
    test.assert_eq(arr.join(""), "abc")
    test.assert_eq([1, 2, 3].join("-"), "1-2-3")
  end)

  test.it("contains, index_of, count, empty", fun ()
    let arr = [1, 2, 3, 4, 5]
    test.assert_eq(arr.contains(3), true)
    test.assert_eq(arr.contains(6), false)
    let letters = ["a", "b", "c", "b"]
    test.assert_eq(letters.index_of("b"), 1)
    test.assert_eq(letters.index_of("x"), -1)
    let repeats = [1, 2, 3, 2, 4, 2]
    test.assert_eq(repeats.count(2), 3)
    test.assert_eq(repeats.count(5), 0)
    test.assert_eq([].empty(), true)
    test.assert_eq([1, 2, 3].empty(), false)
  end)
end)

test.describe("higher-order methods", fun ()
  test.it("map transforms into a new array", fun ()
    let nums = [1, 2, 3, 4]
    test.assert_eq(nums.map(fun (x) x * 2 end), [2, 4, 6, 8])
    test.assert_eq(nums, [1, 2, 3, 4])
    test.assert_eq(["hello", "world"].map(fun (s) s.upper() end), ["HELLO", "WORLD"])
  end)

  test.it("filter selects into a new array", fun ()
    let nums = [1, 2, 3, 4, 5, 6]
    test.assert_eq(nums.filter(fun (x) x % 2 == 0 end), [2, 4, 6])
    test.assert_eq(nums, [1, 2, 3, 4, 5, 6])
  end)

  test.it("filter then map chains", fun ()
    let result = [1, 2, 3, 4, 5, 6]
      .filter(fun (x) x % 2 == 0 end)
      .map(fun (x) x * x end)
    test.assert_eq(result, [4, 16, 36])
  end)

  test.it("each visits elements, optionally with their index", fun ()
    let seen = []
    let arr = ["a", "b", "c"]
    arr.each(fun (elem) seen.push(elem) end)
    arr.each(fun (elem, idx) seen.push(idx.str() .. ": " .. elem) end)
    test.assert_eq(seen, ["a", "b", "c", "0: a", "1: b", "2: c"])
  end)

  test.it("reduce folds with an initial value", fun ()
    let nums = [1, 2, 3, 4, 5]
    test.assert_eq(nums.reduce(fun (acc, x) acc + x end, 0), 15)
    test.assert_eq(nums.reduce(fun (acc, x) acc * x end, 1), 120)
    let sales = [120, 450, 230, 890, 150]
    test.assert_eq(sales.reduce(fun (sum, x) sum + x end, 0), 1840)
    let max_sale = sales.reduce(
      fun (max, x)
        if x > max
          x
        else
          max
        end
      end,
      0
    )
    test.assert_eq(max_sale, 890)
  end)

  test.it("any and all test predicates", fun ()
    let nums = [1, 2, 3, 4, 5]
    test.assert_eq(nums.any(fun (x) x > 3 end), true)
    test.assert_eq(nums.any(fun (x) x > 10 end), false)
    let evens = [2, 4, 6, 8]
    test.assert_eq(evens.all(fun (x) x % 2 == 0 end), true)
    test.assert_eq(evens.all(fun (x) x > 5 end), false)
  end)

  test.it("find and find_index", fun ()
    let nums = [1, 2, 3, 4, 5]
    test.assert_eq(nums.find(fun (x) x > 3 end), 4)
    test.assert_nil(nums.find(fun (x) x > 10 end))
    let words = ["cat", "dog", "elephant", "bird"]
    test.assert_eq(words.find_index(fun (w) w.len() > 5 end), 2)
    test.assert_eq(words.find_index(fun (w) w.len() > 10 end), -1)
  end)

  test.it("find works on dicts inside arrays", fun ()
    let users = [
      {"name": "Alice", "age": 30},
      {"name": "Bob", "age": 25},
      {"name": "Carol", "age": 35}
    ]
    test.assert_eq(users.find(fun (u) u["age"] > 30 end)["name"], "Carol")
    test.assert_eq(users.any(fun (u) u["age"] < 20 end), false)
  end)

  test.it("stores and calls functions", fun ()
    let make_adder = fun (n) fun (x) x + n end end
    let make_multiplier = fun (n) fun (x) x * n end end
    let factories = [make_adder, make_multiplier]
    test.assert_eq(factories[0](10)(3), 13)
    test.assert_eq(factories[1](5)(3), 15)
  end)
end)

test.describe("Array.new", fun ()
  test.it("makes empty, nil-filled and value-filled arrays", fun ()
    test.assert_eq(Array.new(), [])
    test.assert_eq(Array.new(3), [nil, nil, nil])
    test.assert_eq(Array.new(3, "hello"), ["hello", "hello", "hello"])
    test.assert_eq(Array.new(2, false), [false, false])
  end)
end)

# Upstream returns the array itself from these mutators (types/array.md says nil).
test.describe("mutators return the array itself", fun ()
  test.it("push, unshift, insert, reverse, clear and sort chain", fun ()
    let arr = [2]
    let same = arr.push(3)
    same.push(4)
    test.assert_eq(arr, [2, 3, 4])
    test.assert_eq(arr.unshift(1), [1, 2, 3, 4])
    test.assert_eq(arr.insert(2, 9), [1, 2, 9, 3, 4])
    test.assert_eq(arr.reverse(), [4, 3, 9, 2, 1])
    test.assert_eq(arr.sort(), [1, 2, 3, 4, 9])
    test.assert_eq(arr.push(5).push(6).len(), 7)
    test.assert_eq(arr.clear(), [])
    test.assert_eq(arr.len(), 0)
  end)

  test.it("the others keep their results", fun ()
    let arr = [1, 2, 3, 2]
    test.assert_eq(arr.pop(), 2)
    test.assert_eq(arr.shift(), 1)
    test.assert_eq(arr.remove(3), true)
    test.assert_eq(arr.remove(7), false)
    test.assert_eq(arr.remove_at(0), 2)
    test.assert_eq(arr, [])
  end)
end)
