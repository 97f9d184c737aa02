# quest -e, --version, --help, stdin, puts/print output, script arguments.
source "$(dirname "$0")/lib.sh"

run -e 'puts(1 + 2)'
expect_status 0 "-e runs code"
expect_out "3" "-e prints the result of puts"

run -e 'puts("a", 1, "b")'
expect_out "a1b" "puts joins its arguments without separators"

run -e 'print("x")
print("y")
puts()'
expect_out "xy" "print adds no newline"

run -e 'raise ValueErr.new("from -e")'
expect_status 1 "-e with an uncaught error exits 1"
expect_err_match 'ValueErr: from -e' "-e reports the error"

run --version
expect_status 0 "--version exits 0"
expect_out_match '^Quest version [0-9]+\.[0-9]+\.[0-9]+' "--version prints Quest version X.Y.Z"

run -v
expect_status 0 "-v exits 0"
expect_out_match '^Quest version' "-v prints the version"

run --help
expect_status 0 "--help exits 0"
expect_out_match '-e' "--help mentions -e"
expect_out_match 'test' "--help mentions quest test"

run -h
expect_status 0 "-h exits 0"

run --no-such-flag
expect_nonzero_clean "an unknown flag exits non-zero"

run_stdin 'puts("from stdin")'
expect_status 0 "piped stdin runs"
expect_out "from stdin" "piped stdin output"

printf 'puts(__file__.endswith("magic.q"))\nputs(__line__)\n' >"$WORK/magic.q"
run "$WORK/magic.q"
expect_out "true
2" "__file__ and __line__"

finish
