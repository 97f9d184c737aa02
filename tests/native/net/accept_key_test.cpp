// Sec-WebSocket-Accept (RFC 6455 section 1.3 sample) and the key format check.
#include <doctest/doctest.h>

#include "../../../native/net/src/accept_key.hpp"
#include "../../../native/net/src/utf8_validator.hpp"

using namespace quest_live::net;

TEST_CASE("the accept key of RFC 6455's sample handshake") {
  CHECK(websocket_accept_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("a Sec-WebSocket-Key must be base64 of 16 bytes") {
  CHECK(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=="));
  CHECK_FALSE(is_valid_websocket_key(""));
  CHECK_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ"));     // no padding
  CHECK_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ=a"));   // bad padding
  CHECK_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25j*Q=="));   // not base64
  CHECK_FALSE(is_valid_websocket_key("dGhlIHNhbXBsZSBub25jZQ==AAAA"));
}

TEST_CASE("whole-string UTF-8 validation") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\x80"));               // lone continuation byte
  CHECK_FALSE(is_valid_utf8("\xc1\xbf"));           // overlong 2-byte
  CHECK_FALSE(is_valid_utf8("\xf0\x8f\xbf\xbf"));   // overlong 4-byte
  CHECK_FALSE(is_valid_utf8("\xed\xbf\xbf"));       // low surrogate
  CHECK_FALSE(is_valid_utf8("\xf5\x80\x80\x80"));   // beyond U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));           // truncated
}
