# An uncaught exception prints `Type: message` with file:line and exits 1; deep
# recursion is a clean Quest error, never a crash.
source "$(dirname "$0")/lib.sh"

printf 'puts("start")\n\nraise ValueErr.new("bad value")\nputs("never")\n' >"$WORK/uncaught.q"
run "$WORK/uncaught.q"
expect_status 1 "uncaught exception exits 1"
expect_err_match 'ValueErr: bad value' "prints Type: message"
expect_err_match 'uncaught\.q:3' "prints file:line of the raise"
expect_out "start" "output before the error is kept, nothing after it runs"
first_err_line="$(printf '%s\n' "$ERR" | head -n 1)"
second_err_line="$(printf '%s\n' "$ERR" | sed -n 2p)"
if [ "$first_err_line" = "ValueErr: bad value" ]; then pass "stderr starts with Type: message"; else fail "stderr starts with Type: message (got '$first_err_line')"; fi
if printf '%s' "$second_err_line" | grep -qE '^  at .*uncaught\.q:3$'; then pass "then '  at file:line'"; else fail "then '  at file:line' (got '$second_err_line')"; fi

printf 'fun inner()\n  [1, 2][9]\nend\nfun outer()\n  inner()\nend\nouter()\n' >"$WORK/index.q"
run "$WORK/index.q"
expect_status 1 "uncaught IndexErr exits 1"
expect_err_match 'IndexErr' "names IndexErr"
expect_err_match 'index\.q:2' "points at the failing line"
expect_err_match 'inner|outer' "shows the call stack"

printf 'raise "plain text"\n' >"$WORK/plain.q"
run "$WORK/plain.q"
expect_status 1 "raise of a string exits 1"
expect_err_match 'RuntimeErr: plain text' "raise of a string is a RuntimeErr"

printf 'use "std/error" {Error}\ntype NotFound\n  pub path: Str\n  impl Error\n    fun message() "not found: " .. self.path end\n  end\nend\nraise NotFound.new(path: "/x")\n' >"$WORK/custom.q"
run "$WORK/custom.q"
expect_status 1 "an uncaught user-defined error exits 1"
expect_err_match 'NotFound: not found: /x' "it prints its type name and message()"

printf 'puts(undefined_name)\n' >"$WORK/name.q"
run "$WORK/name.q"
expect_status 1 "undefined name exits 1"
expect_err_match 'NameErr' "undefined name is a NameErr"

printf 'fun down(n)\n  down(n + 1)\nend\ndown(0)\n' >"$WORK/recurse.q"
run "$WORK/recurse.q"
expect_status 1 "unbounded recursion exits 1"
expect_err_match '[A-Za-z]+Err: ' "unbounded recursion is reported as a Quest error"
expect_err_lacks 'Segmentation|core dumped|Aborted' "unbounded recursion does not crash"

printf 'fun down(n)\n  try\n    down(n + 1)\n  catch e\n    return e.type()\n  end\nend\nputs(down(0) != nil)\n' >"$WORK/recurse_caught.q"
run "$WORK/recurse_caught.q"
expect_status 0 "the recursion error can be caught"
expect_out "true" "the caught recursion error has a type"

printf 'let f = fun (n) n + "x" end\nf(1)\n' >"$WORK/type.q"
run "$WORK/type.q"
expect_status 1 "type error exits 1"
expect_err_match 'TypeErr' "Int + Str is a TypeErr"

{ printf 'puts('; printf '(%.0s' $(seq 100000); printf '1'; printf ')%.0s' $(seq 100000); printf ')\n'; } >"$WORK/nested.q"
run "$WORK/nested.q"
expect_status 0 "100000 nested parentheses evaluate"
expect_out "1" "100000 nested parentheses give the value inside"
{ printf 'if true\n%.0s' $(seq 20000); printf 'puts(1)\n'; printf 'end\n%.0s' $(seq 20000); } >"$WORK/nested_if.q"
run "$WORK/nested_if.q"
expect_status 0 "20000 nested ifs run"
expect_out "1" "20000 nested ifs reach the innermost statement"

run "$WORK/does_not_exist.q"
expect_nonzero_clean "a missing script exits non-zero"
expect_err_match 'does_not_exist\.q' "names the missing script"

finish
