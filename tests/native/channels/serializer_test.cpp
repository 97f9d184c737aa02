#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "quest_live/channels/serializer.hpp"

using namespace quest_live::channels;

TEST_SUITE("phoenix v2 serializer") {
  TEST_CASE("decodes a join with every field") {
    auto result = decode(R"(["3","3","room:lobby","phx_join",{"user":"ann"}])");
    REQUIRE(result.ok());
    const Message& message = *result.message;
    CHECK(message.join_ref == std::optional<std::string>("3"));
    CHECK(message.ref == std::optional<std::string>("3"));
    CHECK(message.topic == "room:lobby");
    CHECK(message.event == "phx_join");
    CHECK(message.payload_json == R"({"user":"ann"})");
  }

  TEST_CASE("null refs decode as absent") {
    auto result = decode(R"([null,null,"phoenix","heartbeat",{}])");
    REQUIRE(result.ok());
    CHECK_FALSE(result.message->join_ref.has_value());
    CHECK_FALSE(result.message->ref.has_value());
  }

  TEST_CASE("encode writes null refs and copies the payload verbatim") {
    CHECK(encode(std::nullopt, std::nullopt, "room:1", "new_msg", R"({"body":"hi"})") ==
          R"([null,null,"room:1","new_msg",{"body":"hi"}])");
    CHECK(encode("7", "9", "t", "e", "{}") == R"(["7","9","t","e",{}])");
  }

  TEST_CASE("encode escapes topic and event") {
    CHECK(encode(std::nullopt, std::nullopt, "a\"b", "line\nbreak", "{}") ==
          R"([null,null,"a\"b","line\nbreak",{}])");
  }

  TEST_CASE("encode_reply wraps status and response") {
    CHECK(encode_reply("1", "2", "room:1", "ok", R"({"id":5})") ==
          R"(["1","2","room:1","phx_reply",{"status":"ok","response":{"id":5}}])");
  }

  TEST_CASE("reason_json escapes the reason") {
    CHECK(reason_json("bad \"user\"") == R"({"reason":"bad \"user\""})");
  }

  TEST_CASE("an encoded frame decodes to the same parts") {
    const std::string frame = encode("4", "8", "room:x", "shout", R"({"n":[1,2,{"k":null}]})");
    auto result = decode(frame);
    REQUIRE(result.ok());
    CHECK(result.message->join_ref == std::optional<std::string>("4"));
    CHECK(result.message->ref == std::optional<std::string>("8"));
    CHECK(result.message->topic == "room:x");
    CHECK(result.message->event == "shout");
    CHECK(result.message->payload_json == R"({"n":[1,2,{"k":null}]})");
    CHECK(parse_payload(result.message->payload_json)["n"].Size() == 3);
  }

  TEST_CASE("not JSON") {
    auto result = decode("hello");
    CHECK(result.error == DecodeError::not_json);
    CHECK_FALSE(result.ref.has_value());
    CHECK(decode("").error == DecodeError::not_json);
    CHECK(decode(R"(["1","2","t","e",{}] trailing)").error == DecodeError::not_json);
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-deep_nesting): the
  // parse recursed once per level, so a 1 MiB frame of '[' overflowed the I/O thread's stack.
  TEST_CASE("nesting deeper than the limit is refused without recursing, address recovered") {
    const std::string deep(default_max_frame_bytes - 64, '[');
    CHECK(decode(deep).error == DecodeError::too_deep);
    const std::string payload = std::string(max_nesting_depth, '[') + std::string(max_nesting_depth, ']');
    auto refused = decode(R"(["1","7","room:a","ev",{"x":)" + payload + "}]");
    CHECK(refused.error == DecodeError::too_deep);
    CHECK(refused.ref == std::optional<std::string>("7"));
    CHECK(refused.topic == std::optional<std::string>("room:a"));
    CHECK(describe(DecodeError::too_deep) == "nesting too deep");
    // At the limit (the frame's own array and the payload object count), brackets inside
    // strings do not count.
    const std::string at_limit = std::string(max_nesting_depth - 2, '[') + std::string(max_nesting_depth - 2, ']');
    CHECK(decode(R"(["1","7","room:a","ev",{"x":)" + at_limit + "}]").ok());
    CHECK(decode(R"(["1","7","room:a","ev",{"x":")" + std::string(4000, '[') + R"("}])").ok());
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-number_precision): the
  // default parse read -3e30 one ULP off, so a relayed payload changed the sender's number.
  TEST_CASE("payload numbers decode to the nearest double") {
    auto result = decode(R"(["1","2","room:1","n",{"x":-3e30,"y":0.1,"z":1.7976931348623157e308}])");
    REQUIRE(result.ok());
    const auto payload = parse_payload(result.message->payload_json);
    CHECK(payload["x"].GetDouble() == std::strtod("-3e30", nullptr));
    CHECK(payload["y"].GetDouble() == 0.1);
    CHECK(payload["z"].GetDouble() == std::strtod("1.7976931348623157e308", nullptr));
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-long_mantissa): RapidJSON's
  // full-precision conversion is not exact for long mantissas, so a payload number came
  // back another double after one write and read; parse_payload converts with from_chars.
  TEST_CASE("payload numbers are the nearest double to their text, however long, and integers keep their kind") {
    const char* numbers[] = {
        "999999000200000000000003136633000000000000000000000000000000000000000000006690035944998852586",
        "999900000000000000000000000000003337970000000000000000000000000000003337975800098641898",
        "2.5000000000000000000000000000000000000000000000000013380071889997705172",
        "9999990500000000000000013380071889997705172", "-3e30", "0.1", "5e-324", "1e-400"};
    for (const char* number : numbers) {
      const std::string frame = std::string(R"(["1","2","room:1","n",{"n":)") + number + "}]";
      auto result = decode(frame);  // payload_json is a view into `frame`
      REQUIRE(result.ok());
      const auto payload = parse_payload(result.message->payload_json);
      REQUIRE(payload["n"].IsDouble());
      CHECK(payload["n"].GetDouble() == std::strtod(number, nullptr));
    }
    auto integers = decode(R"(["1","2","room:1","n",{"a":7,"b":-7,"c":4294967296,"d":-2147483649,"e":18446744073709551615,"f":18446744073709551616}])");
    REQUIRE(integers.ok());
    const auto payload = parse_payload(integers.message->payload_json);
    CHECK(payload["a"].IsUint());
    CHECK(payload["b"].IsInt());
    CHECK(payload["c"].GetUint64() == 4294967296ULL);
    CHECK(payload["d"].GetInt64() == -2147483649LL);
    CHECK(payload["e"].GetUint64() == 18446744073709551615ULL);
    CHECK(payload["f"].IsDouble());
    CHECK(parse_payload("not json").IsNull());
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-number_past_double_range):
  // -3e308 read as -Infinity, which re-encoding the payload could not write back.
  TEST_CASE("a number past the range of a double is refused, address recovered") {
    auto refused = decode(R"(["1","2","room:1","n",{"n":[0,-3e308]}])");
    CHECK(refused.error == DecodeError::number_out_of_range);
    CHECK(refused.ref == std::optional<std::string>("2"));
    CHECK(refused.topic == std::optional<std::string>("room:1"));
    // Exponents past 308 are RapidJSON's own "number too big", a syntax error already.
    CHECK(decode(R"(["1","2","room:1","n",{"n":1e400}])").error == DecodeError::not_json);
    CHECK(describe(DecodeError::number_out_of_range) == "number past the range of a double");
    // RapidJSON's full-precision conversion reads these as tiny numbers of either sign
    // (found by fuzzing the Quest JSON parser); the decoder's own reading refuses them
    // before parse_payload could see them.
    CHECK(decode(R"(["1","2","room:1","n",{"n":-12272036854e308}])").error == DecodeError::number_out_of_range);
    CHECK(decode(R"(["1","2","room:1","n",{"n":[-1.2272036854e318]}])").error == DecodeError::number_out_of_range);
    // The largest doubles and the smallest denormals are in range.
    CHECK(decode(R"(["1","2","room:1","n",{"a":1.7976931348623157e308,"b":-1.7976931348623157e308,"c":1e308,"d":5e-324,"e":1e-400}])").ok());
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-lone_low_surrogate):
  // RapidJSON decoded "\uDDD0" to the bytes ED B7 90, which are not UTF-8, so the payload
  // could not be encoded again (and a Quest Str would have held invalid text).
  TEST_CASE("a \\u escape of a lone low surrogate is invalid UTF-8, address recovered") {
    auto refused = decode(R"(["1","2","room:1","n",{"a":"\uDDD0"}])");
    CHECK(refused.error == DecodeError::invalid_utf8);
    CHECK(refused.ref == std::optional<std::string>("2"));
    CHECK(refused.topic == std::optional<std::string>("room:1"));
    CHECK(decode(R"(["1","2","room:1","n",{"\uDC00":1}])").error == DecodeError::invalid_utf8);
    CHECK(decode(R"(["1","2","room:\uDFFF","n",{}])").error == DecodeError::invalid_utf8);
    // A lone high surrogate was refused already (RapidJSON's own check), as not JSON.
    CHECK_FALSE(decode(R"(["1","2","room:1","n",{"a":"\uD800"}])").ok());
    // A pair is one character; BMP escapes and raw U+E000-U+FFFF (EE/EF lead bytes) are fine.
    auto pair = decode("[\"1\",\"2\",\"room:1\",\"n\",{\"a\":\"\\uD83D\\uDE00 \\u00e9 \\uFFFD \xee\x80\x80\"}]");
    REQUIRE(pair.ok());
    CHECK(std::string(parse_payload(pair.message->payload_json)["a"].GetString()) ==
          "\xf0\x9f\x98\x80 \xc3\xa9 \xef\xbf\xbd \xee\x80\x80");
  }

  // Found by fuzzing (tests/fuzz/corpus/phoenix_decoder/regression-leading_0xbb): a stray
  // non-UTF-8 byte before the array was skipped and the frame accepted.
  TEST_CASE("bytes that are not UTF-8 outside strings are refused too") {
    CHECK(decode("\xbb[\"1\",\"2\",\"t\",\"e\",{}]").error == DecodeError::invalid_utf8);
    CHECK(decode("\xbf[\"1\",\"2\",\"t\",\"e\",{}]").error == DecodeError::invalid_utf8);
    CHECK(decode("[\"1\",\"2\",\"t\",\"e\",{}]\xff").error == DecodeError::invalid_utf8);
  }

  TEST_CASE("valid JSON that is not an array") {
    CHECK(decode(R"({"topic":"t"})").error == DecodeError::not_array);
    CHECK(decode("42").error == DecodeError::not_array);
    CHECK(decode("null").error == DecodeError::not_array);
  }

  TEST_CASE("wrong arity, with the address recovered for a reply") {
    auto short_frame = decode(R"(["1","2","room:a","ev"])");
    CHECK(short_frame.error == DecodeError::wrong_arity);
    CHECK(short_frame.ref == std::optional<std::string>("2"));
    CHECK(short_frame.topic == std::optional<std::string>("room:a"));
    CHECK(decode(R"(["1","2","t","e",{},{}])").error == DecodeError::wrong_arity);
    CHECK(decode("[]").error == DecodeError::wrong_arity);
  }

  TEST_CASE("wrong element types") {
    CHECK(decode(R"([1,"2","t","e",{}])").error == DecodeError::bad_join_ref);
    CHECK(decode(R"(["1",2,"t","e",{}])").error == DecodeError::bad_ref);
    CHECK(decode(R"(["1","2",null,"e",{}])").error == DecodeError::bad_topic);
    CHECK(decode(R"(["1","2","t",7,{}])").error == DecodeError::bad_event);
    CHECK(decode(R"(["1","2","t","e","payload"])").error == DecodeError::bad_payload);
    CHECK(decode(R"(["1","2","t","e",[]])").error == DecodeError::bad_payload);
    CHECK(decode(R"(["1","2","t","e",null])").error == DecodeError::bad_payload);
  }

  TEST_CASE("a numeric ref is not recovered: the reply could not echo it faithfully") {
    auto result = decode(R"(["1",2,"t","e",{}])");
    CHECK(result.error == DecodeError::bad_ref);
    CHECK_FALSE(result.ref.has_value());
    CHECK(result.topic == std::optional<std::string>("t"));
  }

  TEST_CASE("invalid UTF-8 in the payload still lets the address be recovered") {
    const std::string frame = std::string(R"(["1","5","room:a","new_msg",{"body":")") + "\xff\xfe" + R"("}])";
    auto result = decode(frame);
    CHECK(result.error == DecodeError::invalid_utf8);
    CHECK(result.ref == std::optional<std::string>("5"));
    CHECK(result.topic == std::optional<std::string>("room:a"));
  }

  TEST_CASE("invalid UTF-8 in the topic is never echoed") {
    const std::string frame = std::string(R"(["1","5","room:)") + "\xc3\x28" + R"(","e",{}])";
    auto result = decode(frame);
    CHECK(result.error == DecodeError::invalid_utf8);
    CHECK(result.ref == std::optional<std::string>("5"));
    CHECK_FALSE(result.topic.has_value());
  }

  TEST_CASE("a frame over the limit is refused without parsing") {
    const std::string frame = R"(["1","2","t","e",{"pad":")" + std::string(100, 'x') + R"("}])";
    CHECK(decode(frame, 64).error == DecodeError::too_large);
    CHECK(decode(frame, frame.size()).ok());
  }

  TEST_CASE("every error has a description") {
    for (auto error : {DecodeError::too_large, DecodeError::invalid_utf8, DecodeError::not_json,
                       DecodeError::number_out_of_range,
                       DecodeError::not_array, DecodeError::wrong_arity, DecodeError::bad_join_ref,
                       DecodeError::bad_ref, DecodeError::bad_topic, DecodeError::bad_event,
                       DecodeError::bad_payload}) {
      CHECK_FALSE(describe(error).empty());
      CHECK(describe(error) != describe(DecodeError::none));
    }
  }

  TEST_CASE("binary push header is read as far as it goes") {
    std::string frame;
    frame += '\0';
    frame += static_cast<char>(1);
    frame += static_cast<char>(2);
    frame += static_cast<char>(6);
    frame += static_cast<char>(6);
    frame += "3" "12" "room:a" "upload" "PAYLOAD";
    auto header = read_binary_push_header(frame);
    REQUIRE(header.has_value());
    CHECK(header->join_ref == std::optional<std::string>("3"));
    CHECK(header->ref == "12");
    CHECK(header->topic == "room:a");
    CHECK(header->event == "upload");
  }

  TEST_CASE("truncated or foreign binary frames have no header") {
    CHECK_FALSE(read_binary_push_header("").has_value());
    CHECK_FALSE(read_binary_push_header(std::string("\x01\x01\x01\x01\x01xyzw", 9)).has_value());  // kind 1
    CHECK_FALSE(read_binary_push_header(std::string("\x00\x01\x02\x06\x06" "3", 6)).has_value());  // cut short
  }
}
