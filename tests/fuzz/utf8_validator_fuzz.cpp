// The WebSocket UTF-8 validator against the reference decoder in utf8_reference.hpp,
// whole and incremental: the same bytes fed in fuzzer-chosen pieces must give the same
// verdict, and feed() must fail exactly at the first piece after which the text so far
// can no longer be completed into valid UTF-8.
#include <fuzzer/FuzzedDataProvider.h>

#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "utf8_reference.hpp"
#include "utf8_validator.hpp"

using fuzz_reference::Utf8Verdict;
using quest_live::net::Utf8Validator;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  // Piece lengths come from the end of the input, the text from the front.
  std::vector<std::size_t> pieces;
  const auto piece_count = input.ConsumeIntegralInRange<int>(0, 8);
  for (int i = 0; i < piece_count; ++i) pieces.push_back(input.ConsumeIntegralInRange<std::size_t>(0, 16));
  const std::string text = input.ConsumeRemainingBytesAsString();

  const Utf8Verdict expected = fuzz_reference::check_utf8(text);
  FUZZ_CHECK(quest_live::net::is_valid_utf8(text) == (expected == Utf8Verdict::valid),
             "is_valid_utf8 agrees with the reference decoder");

  Utf8Validator validator;
  std::size_t at = 0;
  bool ok = true;
  for (std::size_t piece = 0; at < text.size(); ++piece) {
    const std::size_t length =
        piece < pieces.size() ? std::min(pieces[piece], text.size() - at) : text.size() - at;
    ok = validator.feed(std::string_view(text).substr(at, length));
    at += length;
    const Utf8Verdict so_far = fuzz_reference::check_utf8(std::string_view(text).substr(0, at));
    FUZZ_CHECK(ok == (so_far != Utf8Verdict::invalid),
               "feed() fails exactly when the text so far cannot be completed");
    FUZZ_CHECK(validator.complete() == (so_far == Utf8Verdict::valid),
               "complete() is true exactly at code point boundaries of valid text");
    if (!ok) break;
  }
  if (!ok) {
    FUZZ_CHECK(!validator.feed("a"), "a failed validator stays failed");
  }

  validator.reset();
  FUZZ_CHECK(validator.feed(text) == (expected != Utf8Verdict::invalid), "one piece after reset");
  FUZZ_CHECK(validator.complete() == (expected == Utf8Verdict::valid), "complete after reset");
  return 0;
}
