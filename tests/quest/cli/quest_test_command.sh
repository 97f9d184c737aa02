# `quest test` discovers *_test.q files, runs each, prints per-file results and one
# final `N passed, N failed[, N skipped]` line, and exits 1 on any failure. Running a
# test file directly ends with the same line (the std/test contract).
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/green/nested" "$WORK/red" "$WORK/mixed" "$WORK/broken"
cp "$FIXTURES/passing.q" "$WORK/green/alpha_test.q"
cp "$FIXTURES/passing.q" "$WORK/green/nested/beta_test.q"
cp "$FIXTURES/passing.q" "$WORK/green/helper.q"
cp "$FIXTURES/failing.q" "$WORK/green/_private_test.q"
cp "$FIXTURES/failing.q" "$WORK/red/failing_test.q"
cp "$FIXTURES/passing.q" "$WORK/red/passing_test.q"
cp "$FIXTURES/mixed.q" "$WORK/mixed/mixed_test.q"
cp "$FIXTURES/raises_at_top.q" "$WORK/broken/top_test.q"
cp "$FIXTURES/passing.q" "$WORK/broken/fine_test.q"

run "$WORK/green/alpha_test.q"
expect_status 0 "a passing file run directly exits 0"
expect_last_line "3 passed, 0 failed" "a passing file ends with its counts"

run "$WORK/mixed/mixed_test.q"
expect_status 1 "a file with a failure run directly exits 1"
expect_last_line "2 passed, 1 failed, 1 skipped" "skips are counted on the last line"

run "$WORK/broken/top_test.q"
expect_status 1 "a test file that raises at top level exits 1 when run directly"
expect_err_match 'RuntimeErr: top-level failure' "its error is printed"
if printf '%s\n' "$OUT" | grep -q 'passed, '; then fail "no closing line after an uncaught error"; else pass "no closing line after an uncaught error"; fi

run test "$WORK/green"
expect_status 0 "quest test on a green tree exits 0"
expect_last_line "6 passed, 0 failed" "quest test adds up the counts of discovered files"

run test "$WORK/red"
expect_status 1 "quest test with a failing file exits 1"
expect_last_line "4 passed, 2 failed" "quest test counts failures"
expect_out_match 'failing_test\.q' "quest test names the failing file"

run test "$WORK/mixed/mixed_test.q"
expect_status 1 "quest test on a single file"
expect_last_line "2 passed, 1 failed, 1 skipped" "quest test reports skips"

run test "$WORK/broken"
expect_status 1 "a file that raises at top level fails the run"
expect_out_match 'passed, [1-9][0-9]* failed' "the erroring file counts as a failure"
expect_out_match 'top_test\.q' "the erroring file is named"

run test "$WORK/green" "$WORK/mixed"
expect_status 1 "several paths are combined"
expect_last_line "8 passed, 1 failed, 1 skipped" "counts of several paths add up"

cd "$WORK/green"
run test
cd - >/dev/null
expect_status 0 "quest test without paths searches the current folder"
expect_last_line "6 passed, 0 failed" "quest test without paths finds the same files"

mkdir -p "$WORK/withdir/test"
cp "$FIXTURES/passing.q" "$WORK/withdir/test/only_test.q"
cp "$FIXTURES/failing.q" "$WORK/withdir/outside_test.q"
cd "$WORK/withdir"
run test
cd - >/dev/null
expect_last_line "3 passed, 0 failed" "quest test without paths prefers a test/ folder"

run test "$WORK/nowhere"
expect_nonzero_clean "a missing path is an error"

mkdir -p "$WORK/tags"
cp "$FIXTURES/tagged.q" "$WORK/tags/tagged_test.q"
run test "$WORK/tags"
expect_last_line "3 passed, 0 failed" "without tag options every test runs"
run test --tag=fast "$WORK/tags"
expect_status 0 "--tag runs"
expect_last_line "1 passed, 0 failed, 2 skipped" "--tag=fast runs only tests tagged fast"
run test --skip-tag=slow "$WORK/tags"
expect_last_line "2 passed, 0 failed, 1 skipped" "--skip-tag=slow skips tests tagged slow (also through describe)"
mkdir -p "$WORK/noisy"
cp "$FIXTURES/noisy.q" "$WORK/noisy/noisy_test.q"
run test "$WORK/noisy"
expect_out_match 'noisy-test-output' "without --cap a test's output is shown"
run test --cap=all "$WORK/noisy"
if printf '%s\n' "$OUT" | grep -q noisy-test-output; then fail "--cap=all captures a passing test's output"; else pass "--cap=all captures a passing test's output"; fi
expect_last_line "1 passed, 0 failed" "--cap=all: counts"
run test "$WORK/green"
if printf '%s' "$OUT" | grep -q $'\x1b\['; then pass "colours by default"; else fail "colours by default"; fi
run test --no-color "$WORK/green"
if printf '%s' "$OUT" | grep -q $'\x1b\['; then fail "--no-color prints no escape codes"; else pass "--no-color prints no escape codes"; fi
NO_COLOR=1 run "$WORK/green/alpha_test.q"
if printf '%s' "$OUT" | grep -q $'\x1b\['; then fail "NO_COLOR turns colours off"; else pass "NO_COLOR turns colours off"; fi

run "$FIXTURES/std_test_features.q"
expect_status 0 "std/test features fixture passes"
expect_out_line "hooks: before_all" "before_all ran"
expect_out_line "hooks: before,body,after,before,body,after" "before/after ran around each test in order"
expect_out_line "hooks: after_all" "after_all ran"
expect_out_line "raises: ok" "assert_raises accepts both argument orders"
expect_out_line "hook outside describe: RuntimeErr" "a hook outside describe is an error"
expect_last_line "8 passed, 0 failed, 2 skipped" "feature fixture counts"

run "$FIXTURES/assertion_messages.q"
expect_status 1 "failing assertions fail the file"
expect_out_match 'expected 2, got 1' "assert_eq explains the mismatch"
expect_out_match 'custom note' "a custom message is shown"
expect_out_match 'expected nil, got 5' "assert_nil explains"
expect_out_match 'expected IndexErr to be raised, got ValueErr' "assert_raises names both types"
expect_out_match 'expected an exception to be raised, nothing was' "assert_raises with nothing raised"
expect_out_match 'ValueErr: escaped' "an unexpected error fails its test with Type: message"
expect_out_match 'expected type Str, got Int' "assert_type explains"
expect_last_line "0 passed, 7 failed" "every failing assertion is counted once"

run "$FIXTURES/verbose_reporter.q"
expect_out_match '^✓ timed \([0-9]+ ms\)$' "verbose: a passing test shows its time"
expect_out_line "✓ untimed" "default: no time"
expect_last_line "2 passed, 0 failed" "verbose: counts"

run "$FIXTURES/json_reporter.q"
expect_status 1 "json reporter fixture has one failure"
json_line() { printf '%s\n' "$OUT" | grep -F "\"test\":\"json > $1\""; }
if json_line passes | grep -qF '"status":"pass"'; then pass "json: a passing test"; else fail "json: a passing test"; fi
if json_line fails | grep -qF '"status":"fail"' && json_line fails | grep -qF '"detail":"expected 2, got 1"'; then
  pass "json: a failing test with its message"
else
  fail "json: a failing test with its message"
fi
expect_out_match '^\{.*"passed":1.*\}$' "json: the summary object counts passes"
expect_out_match '^\{.*"failed":1.*\}$' "json: the summary object counts failures"
expect_last_line "1 passed, 1 failed" "json: the closing line still comes last"

run "$FIXTURES/exit_runner.q"
expect_status 0 "run() then sys.exit(0) when nothing failed"
expect_last_line "1 passed, 0 failed" "the closing line comes last"
if [ "$(printf '%s\n' "$OUT" | grep -c 'passed, ')" -eq 1 ]; then pass "the closing line is printed once"; else fail "the closing line is printed once"; fi

run "$FIXTURES/exit_runner.q" fail
expect_status 1 "sys.exit(1) after failed_count() > 0"
expect_last_line "1 passed, 1 failed" "the closing line counts the failure"

run "$FIXTURES/tap_reporter.q"
expect_status 0 "tap reporter fixture passes"
expect_out_line "ok 1 - tap > first" "tap: a passing test"
expect_out_line "ok 2 - tap > second # SKIP later" "tap: a skipped test"
expect_out_line "1..3" "tap: the plan line"
expect_out_line "reporter error: ValueErr" "an unknown reporter is a ValueErr"
expect_last_line "2 passed, 0 failed, 1 skipped" "tap: the closing line still comes last"

run "$FIXTURES/capture.q"
expect_status 1 "capture fixture has one failure"
if printf '%s\n' "$OUT" | grep -q hidden-pass-output; then fail "a passing test's output is captured"; else pass "a passing test's output is captured"; fi
expect_out_match 'shown-fail-output' "a failing test's captured output is shown"
expect_out_line "after-tests-visible" "output outside tests is not captured"
expect_out_line "capture error: ValueErr" "an unknown capture mode is a ValueErr"
expect_last_line "1 passed, 1 failed" "capture: counts"

run "$FIXTURES/find_tests.q" "$WORK/green"
expect_status 0 "find_tests runs"
expect_out_line "found /alpha_test.q" "find_tests finds a test file"
expect_out_line "found /nested/beta_test.q" "find_tests searches subfolders"
if printf '%s\n' "$OUT" | grep -qE 'helper|_private'; then fail "find_tests skips non-test and _-prefixed files"; else pass "find_tests skips non-test and _-prefixed files"; fi

finish
