// std/regex over Boost.Regex (perl syntax, header-only), configured to behave like
// Rust's regex crate: `.` does not match a newline and `^`/`$` anchor the whole text.
// Compiled patterns are cached per imported module (a small bounded map).
#include <boost/regex.hpp>
#include <memory>
#include <unordered_map>

#include "regex_translate.hpp"
#include "std_support.hpp"

namespace quest {

namespace {

constexpr auto kSyntax = boost::regex::perl | boost::regex::no_mod_s | boost::regex::no_mod_m;
constexpr size_t kCacheLimit = 256;

class PatternCache {
 public:
  const boost::regex& get(const std::string& source, const char* fn) {
    if (auto hit = cache_.find(source); hit != cache_.end()) return hit->second;
    if (cache_.size() >= kCacheLimit) cache_.clear();
    try {
      return cache_.emplace(source, boost::regex(regex_dialect::pattern(source), kSyntax)).first->second;
    } catch (const boost::regex_error& error) {
      throw_error("ValueErr", std::string(fn) + ": invalid regex '" + source + "': " + error.what());
    }
  }

 private:
  std::unordered_map<std::string, boost::regex> cache_;
};

using CachePtr = std::shared_ptr<PatternCache>;
using Iterator = boost::sregex_iterator;

// Runs a Boost search step, turning runaway backtracking into a Quest error.
template <class Step>
auto guarded(const char* fn, Step step) {
  try {
    return step();
  } catch (const std::runtime_error& error) {
    throw_error("RuntimeErr", std::string(fn) + ": regex too complex for this input: " + error.what());
  }
}

Value group_array(const boost::smatch& match) {
  std::vector<Value> groups;
  for (size_t i = 0; i < match.size(); ++i) {
    groups.push_back(match[i].matched ? make_str(match[i].str()) : Value::nil());
  }
  return make_array(std::move(groups));
}

Value named_groups(const boost::regex& regex, const boost::smatch& match) {
  Value dict = make_dict();
  for (const std::string& name : regex_dialect::group_names(regex.str())) {
    const auto& group = match[name];
    dict.as_dict().set(name, group.matched ? make_str(group.str()) : Value::nil());
  }
  return dict;
}

struct Call {
  const boost::regex& regex;
  const std::string& text;
};

Call read_call(const CachePtr& cache, const Args& args, const char* fn) {
  return Call{cache->get(arg_str(args, 1, fn), fn), arg_str(args, 2, fn)};
}

void register_queries(ModuleBuilder& module, const CachePtr& cache) {
  module.function("match", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "match");
    return Value::boolean(guarded("match", [&] { return boost::regex_search(call.text, call.regex); }));
  }, 2, 2);
  module.function("find", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "find");
    boost::smatch match;
    if (!guarded("find", [&] { return boost::regex_search(call.text, match, call.regex); })) return Value::nil();
    return make_str(match[0].str());
  }, 2, 2);
  module.function("find_all", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "find_all");
    std::vector<std::string> found;
    guarded("find_all", [&] {
      for (Iterator it(call.text.begin(), call.text.end(), call.regex); it != Iterator(); ++it) found.push_back((*it)[0].str());
      return 0;
    });
    return string_array(found);
  }, 2, 2);
  module.function("is_valid", [](Vm&, const Args& args) {
    try {
      boost::regex(regex_dialect::pattern(arg_str(args, 1, "is_valid")), kSyntax);
      return Value::boolean(true);
    } catch (const boost::regex_error&) {
      return Value::boolean(false);
    }
  }, 1, 1);
}

void register_captures(ModuleBuilder& module, const CachePtr& cache) {
  module.function("captures", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "captures");
    boost::smatch match;
    if (!guarded("captures", [&] { return boost::regex_search(call.text, match, call.regex); })) return Value::nil();
    return group_array(match);
  }, 2, 2);
  module.function("captures_all", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "captures_all");
    std::vector<Value> all;
    guarded("captures_all", [&] {
      for (Iterator it(call.text.begin(), call.text.end(), call.regex); it != Iterator(); ++it) all.push_back(group_array(*it));
      return 0;
    });
    return make_array(std::move(all));
  }, 2, 2);
  // Dict of named groups of the first match (nil when nothing matches).
  module.function("captures_named", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "captures_named");
    boost::smatch match;
    if (!guarded("captures_named", [&] { return boost::regex_search(call.text, match, call.regex); })) return Value::nil();
    return named_groups(call.regex, match);
  }, 2, 2);
}

void register_rewrites(ModuleBuilder& module, const CachePtr& cache) {
  auto replace = [cache](const Args& args, const char* fn, bool first_only) {
    Call call = read_call(cache, args, fn);
    const std::string format = regex_dialect::replacement(arg_str(args, 3, fn));
    auto flags = boost::format_perl | (first_only ? boost::format_first_only : boost::format_default);
    return make_str(guarded(fn, [&] { return boost::regex_replace(call.text, call.regex, format, flags); }));
  };
  module.function("replace", [replace](Vm&, const Args& args) { return replace(args, "replace", true); }, 3, 3);
  module.function("replace_all", [replace](Vm&, const Args& args) { return replace(args, "replace_all", false); }, 3, 3);
  module.function("split", [cache](Vm&, const Args& args) {
    Call call = read_call(cache, args, "split");
    std::vector<std::string> pieces;
    auto last = call.text.begin();
    guarded("split", [&] {
      for (Iterator it(call.text.begin(), call.text.end(), call.regex); it != Iterator(); ++it) {
        pieces.emplace_back(last, (*it)[0].first);
        last = (*it)[0].second;
      }
      return 0;
    });
    pieces.emplace_back(last, call.text.end());
    return string_array(pieces);
  }, 2, 2);
}

void build(Vm&, ModuleBuilder& module) {
  module.doc("Regular expressions (Rust regex syntax, named groups with (?P<name>...) or (?<name>...)).");
  const CachePtr cache = std::make_shared<PatternCache>();
  register_queries(module, cache);
  register_captures(module, cache);
  register_rewrites(module, cache);
}

}  // namespace

void register_regex_module(Vm& vm) { vm.register_native_module("std/regex", build); }

}  // namespace quest
