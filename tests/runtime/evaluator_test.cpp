#include <doctest/doctest.h>
#include <pthread.h>

#include "run_quest.hpp"

using quest::testing::output_of;
using quest::testing::run;

TEST_CASE("Int arithmetic is overflow checked") {
  auto r = run("let big = 9223372036854775807\nputs(big + 1)");
  CHECK(r.error_type == "RuntimeErr");
  CHECK(r.error_message.find("overflow") != std::string::npos);
  CHECK(run("puts(-9223372036854775807 - 2)").error_type == "RuntimeErr");
  CHECK(run("puts(4611686018427387904 * 2)").error_type == "RuntimeErr");
}

TEST_CASE("integer division truncates and division by zero raises") {
  CHECK(output_of("puts(10 / 3, \" \", -10 / 3, \" \", 10 % 3)") == "3 -3 1\n");
  CHECK(run("puts(1 / 0)").error_type == "RuntimeErr");
  CHECK(run("puts(1.0 / 0.0)").error_type == "RuntimeErr");
}

TEST_CASE("floats display as integers when whole") {
  CHECK(output_of("puts(42.0, \" \", 3.14, \" \", 1.0e10, \" \", 1.0e11, \" \", 0.1 + 0.2)") ==
        "42 3.14 10000000000 1e11 0.30000000000000004\n");
}

TEST_CASE("closures capture variables by reference") {
  CHECK(output_of("let n = 0\nlet inc = fun () n += 1 end\ninc()\ninc()\nputs(n)") == "2\n");
  CHECK(output_of("fun make()\n  let c = 0\n  fun ()\n    c = c + 1\n    c\n  end\nend\n"
                  "let f = make()\nf()\nputs(f())") == "2\n");
}

TEST_CASE("functions may call functions declared later in the file") {
  CHECK(output_of("fun a() b() end\nfun b() 7 end\nputs(a())") == "7\n");
}

TEST_CASE("nested functions may call siblings declared later in the same body") {
  CHECK(output_of("fun outer()\n  fun a() b() + 1 end\n  fun b() 41 end\n  a()\nend\nputs(outer())") == "42\n");
  CHECK(output_of("if true\n  fun a() b() end\n  fun b() \"blk\" end\n  puts(a())\nend") == "blk\n");
  // Before the declaration has run, the name is undefined in every new frame.
  auto early = run("fun f()\n  g()\n  fun g() 1 end\nend\nf()");
  CHECK(early.error_type == "NameErr");
  CHECK(early.error_message.find("g") != std::string::npos);
}

TEST_CASE("default parameters are evaluated at call time and see earlier parameters") {
  CHECK(output_of("fun f(x, y = x + 1) x * y end\nputs(f(3), \" \", f(3, 2))") == "12 6\n");
}

TEST_CASE("named arguments, *args and **kwargs") {
  CHECK(output_of("fun f(a, b = 2, *rest, **opts) [a, b, rest, opts.len()] end\n"
                  "puts(f(1, 2, 3, 4, x: 5))") == "[1, 2, [3, 4], 1]\n");
  CHECK(output_of("fun g(a, b) a - b end\nputs(g(b: 1, a: 5))") == "4\n");
  CHECK(output_of("fun g(a, b) a - b end\nputs(g(*[9, 4]))") == "5\n");
  CHECK(run("fun g(a) a end\ng(1, 2)").error_type == "ArgErr");
  CHECK(run("fun g(a) a end\ng()").error_type == "ArgErr");
  CHECK(run("fun g(a) a end\ng(b: 1)").error_type == "ArgErr");
}

TEST_CASE("return, break and continue unwind without exceptions") {
  CHECK(output_of("fun f()\n  for i in 0 to 10\n    if i == 3\n      return i\n    end\n  end\n  -1\nend\nputs(f())") == "3\n");
  CHECK(output_of("let s = 0\nfor i in 0 until 10\n  if i % 2 == 0\n    continue\n  end\n  if i > 7\n    break\n  end\n"
                  "  s += i\nend\nputs(s)") == "16\n");
}

TEST_CASE("block scopes shadow and end") {
  CHECK(output_of("let x = 1\nif true\n  let x = 2\n  puts(x)\nend\nputs(x)") == "2\n1\n");
}

TEST_CASE("re-declaring in the same scope and assigning undeclared names are NameErr") {
  CHECK(run("let x = 1\nlet x = 2").error_type == "NameErr");
  CHECK(run("y = 5").error_type == "NameErr");
  CHECK(run("puts(nope)").error_type == "NameErr");
  CHECK(run("const K = 1\nK = 2").error_type == "NameErr");
}

TEST_CASE("del removes a variable so it can be declared again") {
  CHECK(output_of("let x = 10\ndel x\nlet x = 20\nputs(x)") == "20\n");
  CHECK(run("let x = 1\ndel x\nputs(x)").error_type == "NameErr");
}

TEST_CASE("dicts keep insertion order") {
  CHECK(output_of("let d = {z: 1, a: 2}\nd[\"m\"] = 3\nputs(d.keys())") == "[z, a, m]\n");
}

TEST_CASE("indexing errors have the documented types") {
  CHECK(run("[1, 2][5]").error_type == "IndexErr");
  CHECK(output_of("puts([1, 2, 3][-1])") == "3\n");
  CHECK(output_of("puts({a: 1}[\"b\"])") == "nil\n");
  CHECK(run("5.nope()").error_type == "AttrErr");
  CHECK(run("puts(1 + \"x\")").error_type == "TypeErr");
}

TEST_CASE("typed catches, ensure and re-raise") {
  CHECK(output_of("try\n  raise KeyErr.new(\"k\")\ncatch e: ValueErr\n  puts(\"no\")\ncatch e: KeyErr\n"
                  "  puts(e.type(), \":\", e.message())\nensure\n  puts(\"ensure\")\nend") == "KeyErr:k\nensure\n");
  CHECK(run("try\n  raise \"x\"\ncatch e\n  raise\nend").error_type == "RuntimeErr");
  CHECK(output_of("fun f()\n  try\n    return 1\n  ensure\n    puts(\"cleanup\")\n  end\nend\nputs(f())") ==
        "cleanup\n1\n");
}

TEST_CASE("exceptions carry file, line and a stack") {
  CHECK(output_of("fun f()\n  raise ValueErr.new(\"m\")\nend\ntry\n  f()\ncatch e\n  puts(e.line(), \" \", e.stack().len() > 1)\nend") ==
        "2 true\n");
}

TEST_CASE("deep recursion raises a clean RuntimeErr") {
  auto r = run("fun f(n) f(n + 1) end\nf(0)");
  CHECK(r.error_type == "RuntimeErr");
  CHECK(r.error_message.find("recursion") != std::string::npos);
}

// A host thread with a small stack: the call depth limit (2000) would overflow 1 MiB long
// before it is reached, so only the stack guard can turn this into a RuntimeErr.
TEST_CASE("deep recursion on a small host thread stack raises instead of overflowing") {
  struct Outcome {
    quest::testing::RunResult result;
  } outcome;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  REQUIRE(pthread_attr_setstacksize(&attr, std::size_t(1) << 20) == 0);
  pthread_t thread;
  auto body = [](void* arg) -> void* {
    static_cast<Outcome*>(arg)->result = run("fun f(n) f(n + 1) end\nf(0)");
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, body, &outcome) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  CHECK(outcome.result.error_type == "RuntimeErr");
  CHECK(outcome.result.error_message.find("stack is nearly full") != std::string::npos);
}

TEST_CASE("user types: constructors, methods, static methods, defaults, traits") {
  const char* src =
      "trait Shape\n  fun area()\nend\n"
      "type Rect\n  pub w: Int\n  pub h: Int = 2\n  impl Shape\n    fun area() self.w * self.h end\n  end\n"
      "  fun self.square(n) Rect.new(w: n, h: n) end\nend\n"
      "let r = Rect.new(3)\nputs(r.area(), \" \", Rect.square(4).area(), \" \", r.does(Shape), \" \", r.is(Rect))";
  CHECK(output_of(src) == "6 16 true true\n");
  CHECK(run("type P\n  pub x: Int\nend\nP.new(1, 2)").error_type == "ArgErr");
  CHECK(run("type P\n  pub x: Int\nend\nP.new()").error_type == "ArgErr");
}

TEST_CASE("with calls _enter and _exit even when the body raises") {
  const char* src =
      "type Ctx\n  fun _enter() puts(\"enter\") 5 end\n  fun _exit() puts(\"exit\") end\nend\n"
      "try\n  with Ctx.new() as v\n    puts(v)\n    raise \"boom\"\n  end\ncatch e\n  puts(e.message())\nend";
  CHECK(output_of(src) == "enter\n5\nexit\nboom\n");
}

TEST_CASE("match with values and ranges") {
  const char* src =
      "fun grade(n)\n  match n\n  in 90 to 100\n    \"A\"\n  in 80 until 90\n    \"B\"\n  in 0, 1\n    \"tiny\"\n"
      "  else\n    \"F\"\n  end\nend\nputs(grade(95), grade(85), grade(1), grade(50))";
  CHECK(output_of(src) == "ABtinyF\n");
}

TEST_CASE("f-strings format expressions with specs") {
  CHECK(output_of("let x = 3.14159\nputs(f\"{x:.2f}|{42:>5}|{'ab':<4}|{{}}\")") == "3.14|   42|ab  |{}\n");
}

TEST_CASE("decorators wrap functions") {
  CHECK(output_of("fun twice(f) fun (x) f(f(x)) end end\n@twice\nfun inc(x) x + 1 end\nputs(inc(1))") == "3\n");
}

TEST_CASE("magic variables") {
  CHECK(output_of("fun here() __function__ end\nputs(here(), \" \", __line__, \" \", __file__)") == "here 2 <test>\n");
}

TEST_CASE("Str + Str parses numbers (upstream semantics) and .. concatenates") {
  CHECK(output_of("puts(\"3\" + \"4\", \" \", \"a\" .. 1)") == "7 a1\n");
}

TEST_CASE("closures created in a for loop capture that iteration's variable") {
  CHECK(output_of("let fns = []\nfor i in 0 to 2\n  fns.push(fun () i end)\nend\nputs(fns[0](), fns[1](), fns[2]())") ==
        "012\n");
  CHECK(output_of("let fs = []\nfor k, v in {a: 1, b: 2}\n  fs.push(fun () k .. v end)\nend\nputs(fs[0]())") == "a1\n");
}

TEST_CASE("s = s .. x appends without changing other references to the old string") {
  CHECK(output_of("let s = \"a\"\nlet t = s\ns = s .. \"b\"\ns = s .. \"c\"\nputs(s, \" \", t)") == "abc a\n");
  CHECK(output_of("let b = b\"\\x01\"\nb = b .. b\"\\x02\"\nputs(b.len())") == "2\n");
}

TEST_CASE("dict display sorts keys while iteration keeps insertion order") {
  CHECK(output_of("let d = {b: 1, a: 2}\nputs(d, \" \", d.keys())") == "{a: 2, b: 1} [b, a]\n");
}

TEST_CASE("a type that claims a trait must define its methods") {
  CHECK(run("trait T\n  fun m()\nend\ntype X\n  impl T\n  end\nend").error_type == "TypeErr");
}

TEST_CASE("Set keeps unique elements and supports set algebra") {
  CHECK(output_of("let s = Set.new([1, 2, 2, 3.0])\nputs(s.len(), \" \", s.contains(3), \" \", s.union([4]).len())") ==
        "3 true 4\n");
  CHECK(output_of("puts(Set.new([1, 2]).is_subset([1, 2, 3]), \" \", Set.new([1]).is_disjoint([2]))") == "true true\n");
  CHECK(run("Set.new([[1]])").error_type == "TypeErr");
  CHECK(run("Set.new([1]).remove(2)").error_type == "KeyErr");
  CHECK(run("Set.new(5)").error_type == "TypeErr");
}

TEST_CASE("T.new always builds with the built-in constructor") {
  CHECK(output_of("type P\n  pub x: Int\n  fun self.new(v) \"custom\" end\nend\nputs(P.new(3).x)") == "3\n");
}

TEST_CASE("duplicate named arguments are an ArgErr, a named argument overrides **dict") {
  CHECK(run("fun f(a) a end\nf(a: 1, a: 2)").error_type == "ArgErr");
  CHECK(output_of("fun f(a) a end\nputs(f(**{a: 1}, a: 2))") == "2\n");
}

TEST_CASE("BigInt literals and arithmetic go past the Int range") {
  CHECK(output_of("puts(9223372036854775807n + 1n, \" \", -7n / 2n, \" \", -7n % 2n, \" \", 0x10n * 2)") ==
        "9223372036854775808 -3 -1 32\n");
  CHECK(output_of("puts(2n.pow(64) > 18446744073709551615n, \" \", 5n == 5n, \" \", -(3n))") == "true true -3\n");
  CHECK(run("puts(1n / 0n)").error_type == "RuntimeErr");
  CHECK(run("puts(1 + 1n)").error_type == "TypeErr");
  CHECK(run("BigInt.new(\"12x\")").error_type == "ValueErr");
  CHECK(run("(2n.pow(70)).to_int()").error_type == "RuntimeErr");  // upstream's type
}

TEST_CASE("Decimal arithmetic is exact") {
  CHECK(output_of("puts(\"0.1\".to_decimal() + \"0.2\".to_decimal(), \" \", \"10.5\".to_decimal() / \"2.5\".to_decimal())") ==
        "0.3 4.2\n");
  CHECK(output_of("puts(\"2.5\".to_decimal().round(), \" \", \"-2.7\".to_decimal().floor(), \" \", \"1\".to_decimal() / \"3\".to_decimal())") ==
        "2 -3 0.3333333333333333333333333333\n");
  CHECK(run("\"1\".to_decimal() / \"0\".to_decimal()").error_type == "RuntimeErr");
  CHECK(run("\"abc\".to_decimal()").error_type == "ValueErr");
}

TEST_CASE("self-containing containers print and compare without crashing") {
  CHECK(output_of("let a = [1]\na.push(a)\nputs(a.str().len() > 10)") == "true\n");
  CHECK(run("let a = [1]\na.push(a)\nlet b = [1]\nb.push(b)\nputs(a == b)").error_type == "RuntimeErr");
}
