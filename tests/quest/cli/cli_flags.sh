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

mkdir -p "$WORK/include" "$WORK/project/sub"
printf 'pub fun hi() "from include" end\n' >"$WORK/include/incmod.q"
printf 'pub fun hi() "from cwd" end\n' >"$WORK/project/cwdmod.q"
printf 'use "cwdmod" as c\nuse "incmod" as i\nputs(c.hi(), " ", i.hi())\n' >"$WORK/project/sub/main.q"
cd "$WORK/project"
QUEST_INCLUDE="$WORK/include:$QUEST_INCLUDE" run sub/main.q
expect_status 0 "modules resolve from the working directory and QUEST_INCLUDE"
expect_out "from cwd from include" "cwd module and QUEST_INCLUDE module both load"
run sub/main.q
cd - >/dev/null
expect_nonzero_clean "without QUEST_INCLUDE the module is not found"
expect_err_match 'ImportErr' "a missing module is an ImportErr"

printf 'use "std/sys"\nputs(sys.argv.len())\nputs(sys.argv[0].endswith("args.q"))\nputs(sys.argv[1] .. "," .. sys.argv[2])\n' >"$WORK/args.q"
run "$WORK/args.q" alpha "beta gamma"
expect_status 0 "a script with arguments runs"
expect_out "3
true
alpha,beta gamma" "sys.argv holds the script path and its arguments"

printf 'puts("first")\nif true\n  return\nend\nputs("never")\n' >"$WORK/top_return.q"
run "$WORK/top_return.q"
expect_status 0 "a top-level return ends the script cleanly"
expect_out "first" "nothing after a top-level return runs"

printf 'fun f()\n  1\nend\nputs("value")\nreturn f() + 41\nputs("never")\n' >"$WORK/top_return_value.q"
run "$WORK/top_return_value.q"
expect_status 0 "a top-level return with a value ends the script cleanly"
expect_out "value" "nothing after a top-level return with a value runs"

run -e 'puts("e")
return [1, 2]
puts("never")'
expect_status 0 "a top-level return with a value in -e code"
expect_out "e" "-e code stops at its top-level return"

printf 'use "std/sys"\nputs("before")\nsys.exit(3)\nputs("after")\n' >"$WORK/exit.q"
run "$WORK/exit.q"
expect_status 3 "sys.exit sets the exit status"
expect_out "before" "sys.exit stops the script"

finish
