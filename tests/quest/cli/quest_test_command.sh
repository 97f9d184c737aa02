# `quest test` discovers *_test.q files, runs each, prints per-file results and one
# final `N passed, N failed[, N skipped]` line, and exits 1 on any failure. Running a
# test file directly ends with the same line (the std/test contract).
source "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/green/nested" "$WORK/red" "$WORK/mixed" "$WORK/broken"
cp "$FIXTURES/passing.q" "$WORK/green/alpha_test.q"
cp "$FIXTURES/passing.q" "$WORK/green/nested/beta_test.q"
cp "$FIXTURES/passing.q" "$WORK/green/helper_not_a_test.q"
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

run test "$WORK/nowhere"
expect_nonzero_clean "a missing path is an error"

run "$FIXTURES/std_test_features.q"
expect_status 0 "std/test features fixture passes"
expect_out_line "hooks: before_all" "before_all ran"
expect_out_line "hooks: before,body,after,before,body,after" "before/after ran around each test in order"
expect_out_line "hooks: after_all" "after_all ran"
expect_out_line "raises: ok" "assert_raises accepts both argument orders"
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

finish
