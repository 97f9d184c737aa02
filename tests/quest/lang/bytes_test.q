# types/bytes.md: b"..." literals and escapes, str.bytes(), len/get/slice/decode/
# to_array, .. concatenation, truthiness, display, and the documented errors.
# Bytes == Bytes is not defined upstream (always not-equal), so contents are
# compared through to_array() and decode().
use "std/test"

test.module("types/bytes")

test.describe("literals", fun ()
  test.it("hold ASCII text as bytes", fun ()
    let data = b"Hello"
    test.assert_eq(data.cls(), "Bytes")
    test.assert_eq(data.to_array(), [72, 101, 108, 108, 111])
  end)

  test.it("understand common escapes", fun ()
    test.assert_eq(b"\n".to_array(), [10])
    test.assert_eq(b"\r".to_array(), [13])
    test.assert_eq(b"\t".to_array(), [9])
    test.assert_eq(b"\0".to_array(), [0])
    test.assert_eq(b"\\".to_array(), [92])
    test.assert_eq(b"\"".to_array(), [34])
  end)

  test.it("understand hex escapes", fun ()
    test.assert_eq(b"\xFF".to_array(), [255])
    test.assert_eq(b"\x00".to_array(), [0])
    test.assert_eq(b"\xFF\x01\x42".to_array(), [255, 1, 66])
  end)

  test.it("display as b\"...\" with hex escapes for non-printable bytes", fun ()
    test.assert_eq(b"Hello".str(), "b\"Hello\"")
    test.assert_eq(b"\xff\xff\x01\x05Hello".str(), "b\"\\xff\\xff\\x01\\x05Hello\"")
  end)
end)

test.describe("creating", fun ()
  test.it("str.bytes() gives UTF-8", fun ()
    test.assert_eq("Hello".bytes().to_array(), [72, 101, 108, 108, 111])
    test.assert_eq("👋".bytes().to_array(), [240, 159, 145, 139])
  end)

  test.it(".. concatenates", fun ()
    let packet = b"\xFF\xFF"
    packet = packet .. b"\x01"
    packet = packet .. b"\x05"
    packet = packet .. b"Hello"
    test.assert_eq(packet.len(), 9)
    test.assert_eq(packet.to_array().slice(0, 4), [255, 255, 1, 5])
    test.assert_eq(packet.slice(4, 9).decode(), "Hello")
  end)
end)

test.describe("methods", fun ()
  test.it("len counts bytes", fun ()
    test.assert_eq(b"Hello".len(), 5)
    test.assert_eq(b"\xFF\x01\x42".len(), 3)
    test.assert_eq(b"".len(), 0)
  end)

  test.it("get returns numbers", fun ()
    let data = b"Hello"
    test.assert_eq(data.get(0), 72)
    test.assert_eq(data.get(1), 101)
    let binary = b"\xFF\x01\x42"
    test.assert_eq(binary.get(0), 255)
    test.assert_eq(binary.get(1), 1)
    test.assert_eq(binary.get(2), 66)
  end)

  test.it("get out of bounds raises", fun ()
    test.assert_raises(fun () b"Hi".get(10) end)
  end)

  test.it("slice returns bytes", fun ()
    let data = b"Hello World"
    test.assert_eq(data.slice(0, 5).decode(), "Hello")
    test.assert_eq(data.slice(6, 11).decode(), "World")
    let abc = b"ABCDEF"
    test.assert_eq(abc.slice(0, 3).decode(), "ABC")
    test.assert_eq(abc.slice(2, 5).decode(), "CDE")
    test.assert_eq(abc.slice(3, 6).decode(), "DEF")
    test.assert_eq(abc.slice(0, 3).cls(), "Bytes")
  end)

  test.it("slice with an invalid range raises", fun ()
    test.assert_raises(fun () b"Hello".slice(10, 20) end)
  end)

  test.it("decode as utf-8, hex and ascii", fun ()
    let data = b"Hello"
    test.assert_eq(data.decode(), "Hello")
    test.assert_eq(data.decode("utf-8"), "Hello")
    test.assert_eq(b"\xFF\x01\x42".decode("hex"), "ff0142")
    test.assert_eq(data.decode("hex"), "48656c6c6f")
    test.assert_eq(data.decode("ascii"), "Hello")
    test.assert_eq(b"Hi\xFF".decode("hex"), "4869ff")
  end)

  test.it("decode rejects invalid UTF-8", fun ()
    let invalid = b"\xFF\xFE"
    let message = nil
    try
      invalid.decode()
    catch e
      message = "Decode error: " .. e.message()
    end
    test.assert_not_nil(message)
  end)

  test.it("to_array lists byte values", fun ()
    test.assert_eq(b"Hi".to_array(), [72, 105])
    let seen = []
    b"ABC".to_array().each(fun (byte)
      seen.push("Byte: " .. byte.str())
    end)
    test.assert_eq(seen, ["Byte: 65", "Byte: 66", "Byte: 67"])
  end)

  test.it("inspects every byte with get", fun ()
    let data = b"Hi\xFF"
    let out = []
    let i = 0
    while i < data.len()
      out.push(data.get(i))
      i = i + 1
    end
    test.assert_eq(out, [72, 105, 255])
  end)

  test.it("detects a UTF-8 BOM", fun ()
    let data = b"\xEF\xBB\xBFtext"
    test.assert(data.get(0) == 0xEF and data.get(1) == 0xBB and data.get(2) == 0xBF)
    test.assert_eq(data.slice(3, data.len()).decode(), "text")
  end)
end)

test.describe("truthiness", fun ()
  test.it("empty bytes are falsy, others truthy", fun ()
    let seen = []
    if b""
      seen.push("empty")
    end
    if b"data"
      seen.push("data")
    end
    test.assert_eq(seen, ["data"])
  end)
end)

test.describe("immutability", fun ()
  test.it("indexed assignment raises TypeErr", fun ()
    let b = b"data"
    test.assert_raises(fun () b[0] = 68 end, "TypeErr")
  end)
end)
