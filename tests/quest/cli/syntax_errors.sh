# A syntax error names file:line:col, shows the line with a caret, exits non-zero.
source "$(dirname "$0")/lib.sh"

printf 'let ok = 1\nlet x = (1 + \nputs(x)\n' >"$WORK/unclosed.q"
run "$WORK/unclosed.q"
expect_nonzero_clean "unclosed parenthesis exits non-zero"
expect_err_match 'unclosed\.q:[0-9]+:[0-9]+' "names file:line:col"
expect_err_match '\^' "shows a caret"
expect_out "" "runs nothing of a file that does not parse"

printf 'puts("before")\nif true\n  puts("x")\n' >"$WORK/missing_end.q"
run "$WORK/missing_end.q"
expect_nonzero_clean "missing end exits non-zero"
expect_err_match 'missing_end\.q:[0-9]+:[0-9]+' "missing end: names file:line:col"
expect_out "" "missing end: prints nothing from the script"

printf 'let a = 1\nlet b = 2 +* 3\n' >"$WORK/bad_operator.q"
run "$WORK/bad_operator.q"
expect_nonzero_clean "bad operator exits non-zero"
expect_err_match 'bad_operator\.q:2:[0-9]+' "bad operator: reports line 2"
expect_err_match 'let b = 2 \+\* 3' "bad operator: quotes the offending line"
expect_err_match '^ *\^' "bad operator: caret on its own line"

printf 'let s = "never closed\n' >"$WORK/bad_string.q"
run "$WORK/bad_string.q"
expect_nonzero_clean "unterminated string exits non-zero"
expect_err_match 'bad_string\.q:1:[0-9]+' "unterminated string: reports line 1"

run -e 'puts('
expect_nonzero_clean "syntax error in -e exits non-zero"
expect_err_match '\^' "syntax error in -e shows a caret"

finish
