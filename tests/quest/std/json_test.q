# std/encoding/json, written from stdlib/json.md.
use "std/test"
use "std/encoding/json"
use "std/io"
use "std/sys"
use "std/math"

test.module("std/encoding/json")

test.describe("parse", fun ()
  test.it("objects become Dicts with their values", fun ()
    let data = json.parse('{"name": "Alice", "age": 30}')
    test.assert_eq(data["name"], "Alice")
    test.assert_eq(data["age"], 30)
    test.assert_eq(data["age"].cls(), "Int")
  end)
  test.it("every JSON type maps to a Quest type", fun ()
    let data = json.parse('[1, 2.5, "s", true, false, null, [], {}]')
    test.assert_eq(data.len(), 8)
    test.assert_eq(data[1], 2.5)
    test.assert_eq(data[3], true)
    test.assert_nil(data[5])
    test.assert_eq(data[6].len(), 0)
    test.assert_eq(data[7].len(), 0)
  end)
  test.it("keeps key order", fun ()
    test.assert_eq(json.parse('{"b": 1, "a": 2, "c": 3}').keys(), ["b", "a", "c"])
  end)
  test.it("decodes escapes and unicode", fun ()
    test.assert_eq(json.parse('"a\\nb\\u00e9"'), "a\nbé")
  end)
  test.it("invalid JSON is a ValueErr", fun ()
    test.assert_raises(ValueErr, fun () json.parse("{bad json}") end)
    test.assert_raises(ValueErr, fun () json.parse("") end)
    test.assert_raises(ValueErr, fun () json.parse("[1, 2") end)
    test.assert_raises(ValueErr, fun () json.parse("[1] extra") end)
  end)
  test.it("absurd nesting is refused, not a crash", fun ()
    let deep = "[".repeat(100000) .. "]".repeat(100000)
    test.assert_raises(ValueErr, fun () json.parse(deep) end)
  end)
  # Found by fuzzing (tests/fuzz, json_to_quest): 2e308 parsed as Infinity, which
  # stringify then refused; parse refuses numbers past the range of a double.
  test.it("a number past the range of a double is a ValueErr, not Infinity", fun ()
    test.assert_raises(ValueErr, fun () json.parse("[1.5, 2e308]") end)
    test.assert_raises(ValueErr, fun () json.parse("-1e400") end)
    test.assert_eq(json.parse("[1.7976931348623157e308]")[0] > 1000000.0, true)
    test.assert_eq(json.parse("5e-400"), 0.0)
  end)
  # Found by fuzzing (tests/fuzz, json_to_quest): RapidJSON's full-precision conversion
  # read -12272036854e308 as -3.8e-299 and -1.2272036854e318 as +3.8e-299.
  test.it("huge exponents are refused and every number is read exactly", fun ()
    test.assert_raises(ValueErr, fun () json.parse("-12272036854e308") end)
    test.assert_raises(ValueErr, fun () json.parse("[-1.2272036854e318]") end)
    test.assert_eq(json.parse("0.1"), 0.1)
    test.assert_eq(json.parse("-2.5e-3"), -0.0025)
    test.assert_eq(json.parse("9223372036854775807"), 9223372036854775807)
    test.assert_eq(json.parse("9223372036854775808").cls(), "Float")
    test.assert_eq(json.parse("[1e2]")[0].cls(), "Float")
    test.assert_eq(json.parse("-0").cls(), "Int")
  end)
  # Found by fuzzing (tests/fuzz, phoenix_decoder; the runtime's parser had the same
  # gap): a \u escape of a lone low surrogate became bytes that are not UTF-8 in a Str.
  test.it("a \\u escape of a lone surrogate is a ValueErr; a surrogate pair is one character", fun ()
    test.assert_raises(ValueErr, fun () json.parse("\"\\uDDD0\"") end)
    test.assert_raises(ValueErr, fun () json.parse("{\"\\uDC00\": 1}") end)
    test.assert_raises(ValueErr, fun () json.parse("[\"a\\uD800\"]") end)
    test.assert_eq(json.parse("\"\\uD83D\\uDE00\"").bytes(), b"\xf0\x9f\x98\x80")
    test.assert_eq(json.parse("\"\\u00e9\\uFFFD\""), "\u00e9\uFFFD")
  end)
  # Found by fuzzing (tests/fuzz, quest_to_json): stringify wrote 1001 nested
  # containers that parse then refused.
  test.it("stringify and parse agree on the deepest nesting (1000 containers)", fun ()
    let v = []
    let i = 1
    while i < 1000
      v = [v]
      i = i + 1
    end
    test.assert_eq(json.parse(json.stringify(v)), v)
    test.assert_raises(ValueErr, fun () json.parse("[" .. json.stringify(v) .. "]") end)
    test.assert_raises(ValueErr, fun () json.stringify([v]) end)
  end)
  test.it("try_parse and is_valid never raise", fun ()
    test.assert_nil(json.try_parse("{oops"))
    test.assert_eq(json.try_parse("[1]"), [1])
    test.assert_eq(json.is_valid('{"a": 1}'), true)
    test.assert_eq(json.is_valid("{a: 1}"), false)
  end)
end)

test.describe("stringify", fun ()
  test.it("compact output", fun ()
    let data = {"name": "Bob", "scores": [95, 87, 92]}
    test.assert_eq(json.stringify(data), '{"name":"Bob","scores":[95,87,92]}')
    test.assert_eq(json.stringify(nil), "null")
    test.assert_eq(json.stringify([true, 1.5, "x"]), '[true,1.5,"x"]')
  end)
  test.it("pretty output with two-space indent", fun ()
    let data = {"name": "Bob", "scores": [95, 87, 92]}
    let expected = "{\n  \"name\": \"Bob\",\n  \"scores\": [\n    95,\n    87,\n    92\n  ]\n}"
    test.assert_eq(json.stringify_pretty(data), expected)
    test.assert_eq(json.stringify(data, true), expected)
  end)
  test.it("custom indent", fun ()
    test.assert_eq(json.stringify_pretty({"a": 1}, 4), "{\n    \"a\": 1\n}")
    test.assert_raises(ValueErr, fun () json.stringify_pretty({}, -1) end)
  end)
  test.it("escapes strings", fun ()
    test.assert_eq(json.stringify("say \"hi\"\n"), '"say \\"hi\\"\\n"')
  end)
  test.it("round-trips", fun ()
    let text = '{"a":[1,2,{"b":null}],"c":"d"}'
    test.assert_eq(json.stringify(json.parse(text)), text)
  end)
  test.it("values with no JSON form are refused", fun ()
    test.assert_raises(TypeErr, fun () json.stringify(fun () 1 end) end)
    test.assert_raises(ValueErr, fun () json.stringify(math.sqrt(-1.0)) end)
  end)
  test.it("a structure that contains itself is refused", fun ()
    let items = []
    items.push(items)
    test.assert_raises(ValueErr, fun () json.stringify(items) end)
  end)
end)

test.describe("paths and merging", fun ()
  test.it("get follows dot paths with a default", fun ()
    let data = json.parse('{"user": {"name": "Alice", "address": {"city": "NYC"}, "tags": ["a", "b"]}}')
    test.assert_eq(json.get(data, "user.address.city"), "NYC")
    test.assert_eq(json.get(data, "user.age", 0), 0)
    test.assert_nil(json.get(data, "user.missing.deeper"))
    test.assert_eq(json.get(data, "user.tags.1"), "b")
  end)
  test.it("set creates intermediate objects", fun ()
    let data = {"user": {"name": "Alice"}}
    json.set(data, "user.age", 30)
    json.set(data, "user.address.city", "NYC")
    test.assert_eq(data["user"]["age"], 30)
    test.assert_eq(data["user"]["address"]["city"], "NYC")
  end)
  test.it("set through a non-Dict is a TypeErr", fun ()
    test.assert_raises(TypeErr, fun () json.set({"a": [1]}, "a.b", 2) end)
    test.assert_raises(TypeErr, fun () json.set([], "a", 2) end)
  end)
  test.it("contains", fun ()
    let data = {"database": {"host": "db"}}
    test.assert_eq(json.contains(data, "database.host"), true)
    test.assert_eq(json.contains(data, "database.port"), false)
  end)
  test.it("merge is shallow unless asked", fun ()
    let defaults = {"host": "localhost", "port": 8080, "timeout": 30}
    let config = {"host": "example.com", "debug": true}
    let merged = json.merge(defaults, config)
    test.assert_eq(json.stringify(merged), '{"host":"example.com","port":8080,"timeout":30,"debug":true}')
    let deep = json.merge({"db": {"a": 1, "b": 2}}, {"db": {"b": 3}}, true)
    test.assert_eq(json.stringify(deep), '{"db":{"a":1,"b":3}}')
    let shallow = json.merge({"db": {"a": 1, "b": 2}}, {"db": {"b": 3}})
    test.assert_eq(json.stringify(shallow), '{"db":{"b":3}}')
  end)
  test.it("is_object and is_array", fun ()
    test.assert_eq(json.is_object({}), true)
    test.assert_eq(json.is_array([]), true)
    test.assert_eq(json.is_array({}), false)
  end)
end)

test.describe("files", fun ()
  test.it("to_file and parse_file round-trip", fun ()
    let path = "/tmp/quest_json_test_" .. sys.pid().str() .. ".json"
    json.to_file({"host": "localhost", "port": 8080}, path, true)
    test.assert_eq(json.parse_file(path)["port"], 8080)
    io.remove(path)
  end)
  test.it("parse_file of a missing file is an IOErr", fun ()
    test.assert_raises(IOErr, fun () json.parse_file("/nonexistent/quest.json") end)
  end)
  test.it("to_file into a missing directory is an IOErr", fun ()
    test.assert_raises(IOErr, fun () json.to_file({}, "/nonexistent/dir/x.json") end)
  end)
end)

test.describe("validate", fun ()
  let schema = {
    "type": "object",
    "properties": {
      "name": {"type": "string", "minLength": 1},
      "age": {"type": "number", "minimum": 0},
      "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3},
      "role": {"enum": ["admin", "user"]}
    },
    "required": ["name"]
  }
  test.it("accepts data that fits", fun ()
    test.assert_eq(json.validate({"name": "Alice", "age": 30}, schema), true)
    test.assert_eq(json.validate({"name": "Bob", "tags": ["a"], "role": "user"}, schema), true)
  end)
  test.it("rejects missing required keys and wrong types", fun ()
    test.assert_eq(json.validate({"age": 30}, schema), false)
    test.assert_eq(json.validate({"name": 5}, schema), false)
    test.assert_eq(json.validate([], schema), false)
  end)
  test.it("checks bounds, items and enums", fun ()
    test.assert_eq(json.validate({"name": ""}, schema), false)
    test.assert_eq(json.validate({"name": "x", "age": -1}, schema), false)
    test.assert_eq(json.validate({"name": "x", "tags": ["a", 1]}, schema), false)
    test.assert_eq(json.validate({"name": "x", "tags": ["a", "b", "c", "d"]}, schema), false)
    test.assert_eq(json.validate({"name": "x", "role": "root"}, schema), false)
  end)
  test.it("additionalProperties false closes the object", fun ()
    let closed = {"type": "object", "properties": {"a": {"type": "integer"}}, "additionalProperties": false}
    test.assert_eq(json.validate({"a": 1}, closed), true)
    test.assert_eq(json.validate({"a": 1, "b": 2}, closed), false)
    test.assert_eq(json.validate({"a": 1.5}, closed), false)
  end)
  test.it("type lists and unknown types", fun ()
    test.assert_eq(json.validate(nil, {"type": ["string", "null"]}), true)
    test.assert_raises(ValueErr, fun () json.validate(1, {"type": "decimal"}) end)
    test.assert_raises(TypeErr, fun () json.validate(1, "not a schema") end)
  end)
end)
