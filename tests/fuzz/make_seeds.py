#!/usr/bin/env python3
"""Writes the seed corpora in corpus/<target>/ (small, hand-made inputs that reach each
parser's main paths). Run once after changing a target's input layout; the output is
checked in. Findings are kept next to the seeds as regression-<name> files (not written
here): phoenix_decoder/regression-deep_nesting (3000 levels of '[' in a payload) and
quest_to_json/regression-1001_nested_arrays (read from the end: indent flag 1, op 7 =
deep chain, chain byte 6 = 995 + 6 % 11 = 1001 arrays, leaf op 0 = nil)."""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
MASK = b"\x37\xfa\x21\x3d"


def masked(opcode, payload, fin=True, rsv=0, mask=True, wide=False):
    first = (0x80 if fin else 0) | rsv | opcode
    n = len(payload)
    if wide:  # the 64-bit length form, for a small payload (not minimal, still accepted)
        head = bytes([first, (0x80 if mask else 0) | 127]) + struct.pack(">Q", n)
    elif n < 126:
        head = bytes([first, (0x80 if mask else 0) | n])
    elif n < 65536:
        head = bytes([first, (0x80 if mask else 0) | 126]) + struct.pack(">H", n)
    else:
        head = bytes([first, (0x80 if mask else 0) | 127]) + struct.pack(">Q", n)
    if not mask:
        return head + payload
    return head + MASK + bytes(b ^ MASK[i % 4] for i, b in enumerate(payload))


def close(code, reason=b""):
    return masked(8, struct.pack(">H", code) + reason)


# The targets read their options from the end of the input (FuzzedDataProvider):
# frame_parser: last byte odd = 1 MiB limit, then the piece count (0 = fed whole);
# utf8_validator and http_request: last byte = piece count.
WHOLE_FRAME = b"\x00\x01"
WHOLE = b"\x00"

SEEDS = {
    "frame_parser": {
        "text": masked(1, b"hello") + WHOLE_FRAME,
        "binary": masked(2, bytes(range(256))) + WHOLE_FRAME,
        "fragmented_text": masked(1, b"caf\xc3", fin=False) + masked(9, b"p") +
                           masked(0, b"\xa9!") + WHOLE_FRAME,
        "ping_pong_close": masked(9, b"abc") + masked(10, b"") + close(1000, b"bye") + WHOLE_FRAME,
        "length_126": masked(1, b"x" * 300) + WHOLE_FRAME,
        "length_127": masked(2, b"y" * 10, wide=True) + WHOLE_FRAME,
        "close_empty": masked(8, b"") + WHOLE_FRAME,
        "close_bad_code": close(1005) + WHOLE_FRAME,
        "close_bad_reason": close(1000, b"\xff") + WHOLE_FRAME,
        "invalid_utf8": masked(1, b"\xed\xa0\x80") + WHOLE_FRAME,
        "unmasked": masked(1, b"hi", mask=False) + WHOLE_FRAME,
        "reserved_bits": masked(1, b"hi", rsv=0x40) + WHOLE_FRAME,
        "unknown_opcode": masked(3, b"") + WHOLE_FRAME,
        "lone_continuation": masked(0, b"x") + WHOLE_FRAME,
        "too_big_small_limit": masked(2, b"z" * 200) + b"\x00" + b"\x64" + b"\x00",
        "split_in_pieces": masked(1, b"split me please") + masked(9, b"") + b"\x01\x03\x05\x02\x04\x01",
    },
    "utf8_validator": {
        "ascii": b"hello world" + WHOLE,
        "two_three_four": "é€😀".encode() + WHOLE,
        "overlong": b"\xc0\xaf" + WHOLE,
        "surrogate": b"\xed\xa0\x80" + WHOLE,
        "above_max": b"\xf4\x90\x80\x80" + WHOLE,
        "truncated": b"ab\xe2\x82" + WHOLE,
        "split": "a€b😀c".encode() + b"\x01\x02\x03\x01\x04",
    },
    "phoenix_decoder": {
        "join": b'["1","1","room:lobby","phx_join",{"token":"x"}]',
        "null_refs": b'[null,null,"phoenix","heartbeat",{}]',
        "nested_payload": b'["1","2","room:1","new_msg",{"body":"hi","n":[1,2.5,-3e10,true,null,{"a":"\\u00e9"}]}]',
        "wrong_arity": b'["1","2","t","e"]',
        "not_array": b'{"a":1}',
        "bad_payload": b'["1","2","t","e",[]]',
        "bad_utf8": b'["1","2","t\xff","e",{}]',
        "not_json": b'["1",',
        "too_large": b'\n["1","2","t","e",{}]',
        "binary_push": b"\x00\x01\x01\x04\x03" + b"1" + b"2" + b"room" + b"evt" + b"data",
    },
    "template_compiler": {
        "output": b"<p><%= s %> and <%== s %></p>",
        "if_elif_else": b"<% if ok %>yes<% elif n > 2 %>big<% else %>no<% end %>",
        "for_list": b"<ul><% for x in xs %><li><%= x %></li><% end %></ul>",
        "for_dict": b"<% for k, v in d %><%= k %>=<%= v %>;<% end %>",
        "comment": b"a<%# hidden %>b",
        "nested": b"<% for x in xs %><% if ok %><%= u.name + '!' %><% end %><% end %>",
        "unbalanced": b"<% if ok %>no end",
        "unknown_tag": b"<% while x %><% end %>",
        "unterminated": b"<%= n",
        "ternary": b'<div class="<%= n > 1 ? "many" : "one" %>"><%= s.len() %></div>',
    },
    "json_to_quest": {
        "object": b'{"a":1,"b":[true,false,null],"c":{"d":"e\\n\\u0000"}}',
        "numbers": b"[0,-0,1.5,-0.0,1e308,5e-324,9223372036854775807,9223372036854775808,-9223372036854775808]",
        "duplicate_keys": b'{"k":1,"k":2,"j":3}',
        "unicode": '["é", "\\ud83d\\ude00", "😀"]'.encode(),
        "deep": b"[" * 50 + b"]" * 50,
        "too_deep": b"[" * 1001 + b"]" * 1001,
        "bad": b'{"a":}',
        "scalar": b'"just a string"',
    },
    "quest_to_json": {
        "zeros": b"\x00" * 16,
        "mixed": bytes(range(64)),
        "deep_chain": b"\x07" * 8 + b"\x02" * 8,
        "ones": b"\xff" * 32,
    },
    "http_request": {
        "get": b"GET /static/app.js HTTP/1.1\r\nHost: localhost\r\n\r\n" + WHOLE,
        "upgrade": b"GET /ws?token=abc HTTP/1.1\r\nHost: localhost:4000\r\nConnection: keep-alive, Upgrade\r\n"
                   b"Upgrade: websocket\r\nOrigin: http://localhost:4000\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                   b"Sec-WebSocket-Version: 13\r\n\r\n" + WHOLE,
        "traversal": b"GET /static/../secret.txt HTTP/1.1\r\nHost: h\r\n\r\n" + WHOLE,
        "encoded_traversal": b"GET /static/%2e%2e/secret.txt HTTP/1.1\r\nHost: h\r\n\r\n" + WHOLE,
        "symlink_out": b"GET /static/up/secret.txt HTTP/1.1\r\nHost: h\r\n\r\n" + WHOLE,
        "directory": b"GET /static/docs/ HTTP/1.1\r\nHost: h\r\n\r\n" + WHOLE,
        "post_body": b"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello" + WHOLE,
        "chunked": b"POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + WHOLE,
        "http10": b"GET / HTTP/1.0\r\n\r\n" + WHOLE,
        "bad_origin": b"GET /ws HTTP/1.1\r\nHost: a\r\nOrigin: null\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n" + WHOLE,
        "split": b"GET /static/app.js?x=1 HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a: 2\r\n\r\n" + b"\x03\x07\x01\x10\x04",
    },    # form_decode: the whole input is the form text.
    "form_decode": {
        "liveview_change": b"_target=user%5Bname%5D&user%5Bname%5D=Ada+Lovelace&user%5Bemail%5D=ada%40example.com",
        "plain": b"a=1&b=x+y&c=",
        "repeated_and_empty": b"a=1&&a=2&=v&flag&b==x",
        "utf8_escapes": b"name=%C3%A9t%C3%A9&emoji=%F0%9F%98%80&raw=\xc3\xa9",
        "bad_escapes": b"a=%&b=%4&c=%zz&d=%%41&e=100%25",
        "non_utf8": b"%FF=1&k=%C3&ok=%E2%82%AC",
        "question_mark": b"?q=search+terms&page=2",
        "only_separators": b"&&&==&",
    },
    # multipart: the Content-Type value, a '\n', then the body.
    "multipart": {
        "two_fields": b"multipart/form-data; boundary=XyZ\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                      b"--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ntwo words\r\n--XyZ--\r\n",
        "file": b"multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"\n"
                b"------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a;b \\\"c\\\".png\"\r\n"
                b"Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\x00\x00\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n",
        "preamble_epilogue": b"Multipart/Form-Data;charset=utf-8; boundary=b\npreamble\r\n--b\r\ncontent-disposition: FORM-DATA; NAME=x\r\n\r\n"
                             b"\r\n--b\r\n--b--epilogue",
        "unterminated": b"multipart/form-data; boundary=q\n--q\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end",
        "no_name": b"multipart/form-data; boundary=q\n--q\r\nContent-Disposition: form-data\r\n\r\nx\r\n--q--",
        "bad_boundary": b"multipart/form-data; boundary=\"unterminated\n--unterminated--",
        "not_multipart": b"application/x-www-form-urlencoded\na=1",
        "non_utf8_name": b"multipart/form-data; boundary=q\n--q\r\nContent-Disposition: form-data; name=\"\xff\"; filename=\"\xfe.txt\"\r\n\r\nx\r\n--q--",
    },
}


def main():
    for target, seeds in SEEDS.items():
        folder = os.path.join(HERE, "corpus", target)
        os.makedirs(folder, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(folder, "seed-" + name), "wb") as out:
                out.write(data)
    # The Quest parser starts from real suites: a few small ones from tests/quest/lang.
    folder = os.path.join(HERE, "corpus", "quest_parser")
    os.makedirs(folder, exist_ok=True)
    lang = os.path.join(HERE, "..", "quest", "lang")
    for suite in ["objects_test.q", "nil_test.q", "set_test.q", "syntax_test.q", "loops_test.q"]:
        with open(os.path.join(lang, suite), "rb") as source:
            data = source.read()
        with open(os.path.join(folder, "seed-" + suite), "wb") as out:
            out.write(data)
    for name, data in {
        "fstring": b'let x = f"a {1 + 2} b"\nputs(x)\n',
        "lambda_match": b"let f = fun (a, b = 2) a * b end\nmatch f(1)\nin 2\n  puts(\"two\")\nelse\n  nil\nend\n",
        "type_trait": b"type P\n  pub x: Int\n  fun sum() self.x end\nend\ntrait T\n  fun t()\nend\n",
        "unterminated": b'let s = "abc',
        "deep_parens": b"(" * 200 + b"1" + b")" * 200,
        "hex_escapes": b'let text = "\\xff\\x80\\x41\\xg1"\nlet more = f"caf\\xe9 {text}"\nlet raw = b"\\xff\\x00"\n',
    }.items():
        with open(os.path.join(folder, "seed-" + name), "wb") as out:
            out.write(data)


if __name__ == "__main__":
    main()
