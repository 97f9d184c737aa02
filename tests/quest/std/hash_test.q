# std/hash. Expected digests come from independent implementations (Python hashlib),
# not from this runtime.
use "std/test"
use "std/hash"

test.module("std/hash")

test.describe("digests", fun ()
  test.it("md5, sha1, sha256, sha512 of Str", fun ()
    test.assert_eq(hash.md5("Hello, World!"), "65a8e27d8879283831b664bd8b7f0ad4")
    test.assert_eq(hash.sha1("Hello, World!"), "0a0a9f2a6772942557ab5355d76af442f8f65e01")
    test.assert_eq(hash.sha256("Hello, World!"), "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f")
    test.assert_eq(hash.sha512("Hello, World!"), "374d794a95cdcfd8b35993185fef9ba368f160d8daf432d08ba9f1ed1e5abe6cc69291e0fa2fe0006a52570ef18c19def4e617c33ce52ef0a6e5fbe318cb0387")
  end)
  test.it("Bytes hash like the same Str", fun ()
    test.assert_eq(hash.sha256(b"Hello, World!"), hash.sha256("Hello, World!"))
    test.assert_eq(hash.md5(b""), "d41d8cd98f00b204e9800998ecf8427e")
  end)
  test.it("crc32 is an Int", fun ()
    test.assert_eq(hash.crc32("Hello, World!"), 3964322768)
    test.assert_eq(hash.crc32("hello"), 907060870)
    test.assert_eq(hash.crc32(""), 0)
  end)
end)

test.describe("hmac", fun ()
  test.it("hmac_sha256 and hmac_sha512", fun ()
    test.assert_eq(hash.hmac_sha256("Hello, World!", "my_secret_key"), "f3caf5d47e3c8cdea3b3ae8c87b64d247d4dacf783b8d171083679d5329159cc")
    test.assert_eq(hash.hmac_sha512("Hello, World!", "my_secret_key"), "2f451791d68295120000fb128dc8ba190831b98214020743dbfa495d75dc6db2ac74b09192780f424d0682979eceb930a339dcea2835fec54b0635943cb06c8b")
  end)
  test.it("a different key gives a different mac", fun ()
    test.assert_neq(hash.hmac_sha256("msg", "k1"), hash.hmac_sha256("msg", "k2"))
  end)
end)

test.describe("bad input", fun ()
  test.it("non-text data is a TypeErr", fun ()
    test.assert_raises(TypeErr, fun () hash.md5(42) end)
    test.assert_raises(TypeErr, fun () hash.hmac_sha256("data", nil) end)
  end)
  test.it("missing arguments are an ArgErr", fun ()
    test.assert_raises(ArgErr, fun () hash.sha256() end)
  end)
end)
