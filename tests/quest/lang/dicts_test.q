# types/dicts.md: literals, access (missing key is nil), len/keys/values/contains/
# get/set/remove, display, functions as values, iteration.
use "std/test"

test.module("types/dicts")

test.describe("literals and access", fun ()
  test.it("builds empty, flat and nested dicts", fun ()
    let empty = {}
    let person = {"name": "Alice", "age": 30}
    let nested = {
      "user": {
        "name": "Bob",
        "email": "bob@example.com"
      },
      "settings": {
        "theme": "dark"
      }
    }
    test.assert_eq(empty.len(), 0)
    test.assert_eq(person["name"], "Alice")
    test.assert_eq(person["age"], 30)
    test.assert_eq(nested["user"]["email"], "bob@example.com")
    test.assert_eq(nested["settings"]["theme"], "dark")
  end)

  test.it("accepts identifier keys", fun ()
    let d = {a: 1, b: 2}
    test.assert_eq(d["a"], 1)
    test.assert_eq(d["b"], 2)
  end)

  test.it("returns nil for a missing key", fun ()
    let dict = {"x": 10}
    test.assert_nil(dict["y"])
  end)

  test.it("holds values of any type", fun ()
    let mixed = {"count": 42, "active": true, "data": [1, 2, 3]}
    test.assert_eq(mixed["data"], [1, 2, 3])
    test.assert_eq(mixed["active"], true)
  end)

  test.it("displays as {key: value}", fun ()
    test.assert_eq({"a": 1}.str(), "{a: 1}")
    test.assert_eq({}.str(), "{}")
  end)

  test.it("displays keys sorted alphabetically", fun ()
    let dict = {"zebra": 1, "apple": 2, "monkey": 3}
    test.assert_eq(dict.str(), "{apple: 2, monkey: 3, zebra: 1}")
    let person = {"name": "Alice", "age": 30, "active": true}
    test.assert_eq(person.str(), "{active: true, age: 30, name: Alice}")
  end)
end)

test.describe("methods", fun ()
  test.it("len", fun ()
    test.assert_eq({"a": 1, "b": 2, "c": 3}.len(), 3)
    test.assert_eq({}.len(), 0)
  end)

  test.it("keys and values correspond", fun ()
    let scores = {"Alice": 95, "Bob": 87, "Carol": 92}
    let keys = scores.keys()
    let values = scores.values()
    test.assert_eq(keys.sorted(), ["Alice", "Bob", "Carol"])
    test.assert_eq(values.sorted(), [87, 92, 95])
    let i = 0
    while i < keys.len()
      test.assert_eq(scores[keys[i]], values[i])
      i = i + 1
    end
  end)

  test.it("values can be reduced", fun ()
    let inventory = {"apples": 10, "oranges": 5, "bananas": 8}
    let total = inventory.values().reduce(fun (sum, count)
      sum + count
    end, 0)
    test.assert_eq("Total items: " .. total, "Total items: 23")
  end)

  test.it("contains checks keys", fun ()
    let config = {"debug": true, "port": 8080}
    test.assert_eq(config.contains("debug"), true)
    test.assert_eq(config.contains("host"), false)
  end)

  test.it("get with and without a default", fun ()
    let settings = {"theme": "dark", "size": 12}
    test.assert_eq(settings.get("theme"), "dark")
    test.assert_nil(settings.get("font"))
    test.assert_eq(settings.get("font", "mono"), "mono")
    test.assert_eq(settings.get("autosave", false), false)
    test.assert_eq(settings.get("timeout", 30), 30)
  end)

  test.it("set returns a dict with the key added or updated", fun ()
    let dict = {"a": 1, "b": 2}
    let dict2 = dict.set("c", 3)
    test.assert_eq(dict2["c"], 3)
    test.assert_eq(dict2.len(), 3)
    test.assert_eq(dict.len(), 2)
    let dict3 = dict.set("a", 100)
    test.assert_eq(dict3["a"], 100)
    test.assert_eq(dict["a"], 1)
  end)

  test.it("set chains", fun ()
    let config = {}
      .set("host", "localhost")
      .set("port", 8080)
      .set("debug", true)
    test.assert_eq(config.len(), 3)
    test.assert_eq(config["port"], 8080)
  end)

  test.it("remove returns a dict without the key", fun ()
    let dict = {"a": 1, "b": 2, "c": 3}
    let dict2 = dict.remove("b")
    test.assert_eq(dict2.contains("b"), false)
    test.assert_eq(dict2.len(), 2)
    test.assert_eq(dict.len(), 3)
    test.assert_eq(dict.remove("z").len(), 3)
    let cleaned = dict
      .remove("a")
      .remove("b")
    test.assert_eq(cleaned.keys(), ["c"])
  end)

  test.it("reassignment updates a dict variable", fun ()
    let config = {"debug": false, "timeout": 30}
    config = config.set("debug", true)
    config = config.remove("timeout")
    test.assert_eq(config.keys(), ["debug"])
    test.assert_eq(config["debug"], true)
  end)

  test.it("indexed assignment inserts and updates", fun ()
    let d = {}
    d["k"] = 1
    d["k"] += 1
    test.assert_eq(d["k"], 2)
  end)

  test.it("clone copies", fun ()
    let a = {"x": 1}
    let b = a.clone()
    b["x"] = 2
    test.assert_eq(a["x"], 1)
    test.assert_eq(b["x"], 2)
  end)

  test.it("keys are strings only", fun ()
    let d = {}
    test.assert_raises(fun () d[1] = "one" end)
  end)
end)

test.describe("patterns", fun ()
  test.it("merges by copying keys", fun ()
    let defaults = {"theme": "light", "size": 12, "autosave": true}
    let user_prefs = {"theme": "dark", "size": 14}
    let config = defaults.clone()
    user_prefs.keys().each(fun (key)
      config[key] = user_prefs[key]
    end)
    test.assert_eq(config["theme"], "dark")
    test.assert_eq(config["size"], 14)
    test.assert_eq(config["autosave"], true)
  end)

  test.it("filters keys", fun ()
    let data = {"a": 1, "b": 2, "c": 3, "d": 4}
    let filtered = {}
    data.keys().each(fun (key)
      if data[key] > 2
        filtered[key] = data[key]
      end
    end)
    test.assert_eq(filtered.keys().sorted(), ["c", "d"])
  end)

  test.it("stores and calls functions", fun ()
    let math_ops = {
      add: fun (a, b) a + b end,
      multiply: fun (a, b) a * b end,
      square: fun (x) x * x end
    }
    test.assert_eq(math_ops["add"](5, 3), 8)
    test.assert_eq(math_ops["multiply"](4, 7), 28)
    test.assert_eq(math_ops["square"](6), 36)
    let multipliers = {
      times_two: fun (n) fun (x) x * n end end,
      times_three: fun (n) fun (x) x * n end end
    }
    test.assert_eq(multipliers["times_two"](2)(5), 10)
    test.assert_eq(multipliers["times_three"](3)(5), 15)
  end)

  test.it("iterates pairs with each and for", fun ()
    let d = {"x": 1, "y": 2}
    let sum = 0
    d.each(fun (k, v) sum += v end)
    for k, v in d
      sum += v
    end
    test.assert_eq(sum, 6)
  end)
end)
