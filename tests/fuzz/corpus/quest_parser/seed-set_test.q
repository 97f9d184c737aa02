# Set (quest-runtime-surface.md (a); no page of its own in types/): Set.new(array),
# membership, add/remove/discard, len/empty/clear/pop, to_array/sorted, set algebra
# and relations. Every test fails (with the reason) when the runtime has no Set.
use "std/test"

test.module("types/set")

fun set_missing()
  try
    Set.new([1])
    return nil
  catch e
    return "Set is not provided by this runtime (" .. e.type() .. ")"
  end
end

# A runtime without Set fails every test here (with the reason): the suite must not
# pass by testing nothing.
fun need_set()
  let reason = set_missing()
  if reason != nil
    raise reason
  end
end

test.describe("construction and membership", fun ()
  test.it("Set.new drops duplicates", fun ()
    need_set()
    let s = Set.new([1, 2, 2, 3, 3, 3])
    test.assert_eq(s.len(), 3)
    test.assert_eq(s.sorted(), [1, 2, 3])
    test.assert_eq(s.cls(), "Set")
  end)

  test.it("contains", fun ()
    need_set()
    let s = Set.new(["a", "b"])
    test.assert(s.contains("a"))
    test.assert(not s.contains("z"))
  end)

  test.it("empty sets are empty and falsy", fun ()
    need_set()
    let s = Set.new([])
    test.assert(s.empty())
    let truthy = false
    if s
      truthy = true
    end
    test.assert_eq(truthy, false)
  end)
end)

test.describe("changing a set", fun ()
  test.it("add, remove, discard", fun ()
    need_set()
    let s = Set.new([1])
    s.add(2)
    s.add(2)
    test.assert_eq(s.sorted(), [1, 2])
    s.remove(1)
    test.assert_eq(s.sorted(), [2])
    s.discard(99)
    test.assert_eq(s.len(), 1)
  end)

  test.it("removing a missing element raises, discarding it does not", fun ()
    need_set()
    let s = Set.new([1])
    test.assert_raises(fun () s.remove(5) end)
    s.discard(5)
    test.assert_eq(s.len(), 1)
  end)

  test.it("pop and clear", fun ()
    need_set()
    let s = Set.new([7])
    test.assert_eq(s.pop(), 7)
    test.assert(s.empty())
    let t = Set.new([1, 2])
    t.clear()
    test.assert_eq(t.len(), 0)
  end)

  test.it("to_array lists the elements", fun ()
    need_set()
    test.assert_eq(Set.new([3, 1, 2]).to_array().sorted(), [1, 2, 3])
  end)

  # Upstream: to_array() is sorted like sorted(); pop() on an empty set is a RuntimeErr.
  test.it("to_array is sorted", fun ()
    need_set()
    test.assert_eq(Set.new([3, 1, 2]).to_array(), [1, 2, 3])
    test.assert_eq(Set.new(["pear", "apple", "fig"]).to_array(), ["apple", "fig", "pear"])
    test.assert_eq(Set.new([2, "a", 1]).to_array().len(), 3)
  end)

  test.it("pop on an empty set is a RuntimeErr", fun ()
    need_set()
    test.assert_raises(RuntimeErr, fun () Set.new([]).pop() end)
    let s = Set.new([1])
    s.pop()
    test.assert_raises(RuntimeErr, fun () s.pop() end)
  end)
end)

test.describe("set algebra", fun ()
  test.it("union, intersection, difference, symmetric_difference", fun ()
    need_set()
    let a = Set.new([1, 2, 3])
    let b = Set.new([2, 3, 4])
    test.assert_eq(a.union(b).sorted(), [1, 2, 3, 4])
    test.assert_eq(a.intersection(b).sorted(), [2, 3])
    test.assert_eq(a.difference(b).sorted(), [1])
    test.assert_eq(a.symmetric_difference(b).sorted(), [1, 4])
  end)

  test.it("is_subset, is_superset, is_disjoint", fun ()
    need_set()
    let small = Set.new([1, 2])
    let big = Set.new([1, 2, 3])
    let other = Set.new([9])
    test.assert(small.is_subset(big))
    test.assert(big.is_superset(small))
    test.assert(small.is_disjoint(other))
    test.assert(not big.is_subset(small))
  end)
end)
