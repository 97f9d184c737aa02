// Url-encoded form decoding (quest_bindings/convert: form_dict, form_unescape), as LiveView
// form payloads, query strings and application/x-www-form-urlencoded bodies reach it. The
// input is the form text. Properties:
//   - every key is UTF-8 text; a value is a Str exactly when its decoded bytes are UTF-8,
//     otherwise Bytes holding them;
//   - it agrees with the runtime's other decoder, std/encoding/url parse_query (same rules,
//     written separately), except that form_dict drops keys that are not UTF-8;
//   - our encoder's output decodes back: std/encoding/url build_query of the decoded text
//     entries, decoded again, is strictly the same dict (keys in the same order);
//   - the request dict's `form` (urlencoded body) and `query` (target query) are that dict,
//     and every Str anywhere in the request dict is UTF-8 (Quest text is UTF-8).
#include <string>

#include "convert.hpp"
#include "fuzz_check.hpp"
#include "quest/objects.hpp"
#include "quest_text_utf8.hpp"
#include "quest_value_equality.hpp"

namespace {

struct UrlModule {
  quest::Value parse_query;
  quest::Value build_query;
};

UrlModule& url_module(quest::Vm& vm) {
  static UrlModule module = [&] {
    vm.run_source("use \"std/encoding/url\"\n", "form_decode_fuzz");
    const quest::Value url = vm.global("url");
    return UrlModule{vm.module_member(url, "parse_query"), vm.module_member(url, "build_query")};
  }();
  return module;
}

bool same_dict(const quest::Value& a, const quest::Value& b) { return fuzz_support::strictly_equal(a, b); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static quest::Vm vm;
  const UrlModule& url = url_module(vm);
  const std::string text(reinterpret_cast<const char*>(data), size);

  const quest::Value form = quest_bindings::form_dict(text);
  FUZZ_CHECK(form.is_dict(), "form_dict gives a Dict");
  quest::Value text_entries = quest::make_dict();
  form.as_dict().for_each([&](const std::string& key, const quest::Value& value) {
    FUZZ_CHECK(quest_bindings::is_valid_utf8(key), "every key is UTF-8");
    FUZZ_CHECK(value.is_str() || value.is_bytes(), "every value is Str or Bytes");
    if (value.is_str()) {
      FUZZ_CHECK(quest_bindings::is_valid_utf8(value.as_str()), "a Str value is UTF-8");
      text_entries.as_dict().set(key, value);
    } else {
      FUZZ_CHECK(!quest_bindings::is_valid_utf8(value.as_bytes().data), "a Bytes value is not UTF-8");
    }
  });

  // The other decoder: parse_query strips one leading '?', form_dict does not.
  if (text.empty() || text[0] != '?') {
    const quest::Value parsed = vm.call(url.parse_query, {quest::make_str(text)});
    quest::Value comparable = quest::make_dict();
    parsed.as_dict().for_each([&](const std::string& key, const quest::Value& value) {
      if (quest_bindings::is_valid_utf8(key)) comparable.as_dict().set(key, value);
    });
    FUZZ_CHECK(same_dict(form, comparable), "form_dict agrees with std/encoding/url parse_query");
  }

  const quest::Value encoded = vm.call(url.build_query, {text_entries});
  FUZZ_CHECK(encoded.is_str(), "build_query gives a Str");
  FUZZ_CHECK(same_dict(quest_bindings::form_dict(encoded.as_str()), text_entries),
             "build_query's output decodes back to the same dict");

  quest_live::net::HttpRequest request;
  request.method = "POST";
  request.target = "/?" + text;
  request.path = "/";
  request.query = text;
  request.version = "HTTP/1.1";
  request.remote_address = "127.0.0.1:5000";
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=UTF-8"}, {"cookie", text}};
  request.body = text;
  const quest::Value dict = quest_bindings::request_dict(request);
  FUZZ_CHECK(fuzz_support::all_text_utf8(dict), "every Str in the request dict is UTF-8");
  const quest::Value* form_field = dict.as_dict().find("form");
  const quest::Value* query_field = dict.as_dict().find("query");
  FUZZ_CHECK(form_field && same_dict(*form_field, form), "the request's form is form_dict of its body");
  FUZZ_CHECK(query_field && same_dict(*query_field, form), "the request's query is form_dict of its query");
  return 0;
}
