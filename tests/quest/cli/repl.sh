# The REPL on a terminal: evaluates line by line, echoes non-nil results, continues
# multi-line blocks, survives errors. A pseudo-terminal comes from util-linux `script`;
# the terminal echoes the typed lines too, so checks look for lines that only the REPL
# itself can print.
source "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null; then
  echo "script(1) is missing: cannot give the REPL a terminal"
  exit 1
fi

repl() {  # repl INPUT: runs the REPL on a pty with INPUT typed in, output in $OUT
  printf '%s' "$1" >"$WORK/repl_input"
  timeout 20 script -qec "$QUEST" /dev/null <"$WORK/repl_input" >"$WORK/out" 2>"$WORK/err"
  STATUS=$?
  OUT="$(tr -d '\r' <"$WORK/out")"
  ERR="$(cat "$WORK/err")"
}

repl 'let x = 5
puts(x * 2)
fun f()
  7
end
puts(f() + 1)
'
expect_status 0 "the REPL exits 0 at end of input"
expect_out_line "10" "evaluates a statement"
expect_out_line "8" "defines a function over several lines"
expect_out_match '\.\.\.>' "shows a continuation prompt inside a block"

repl '1 + 2
raise "boom"
puts("still here")
let nothing = nil
nothing
'
expect_out_line "3" "echoes the value of an expression"
expect_out_match 'RuntimeErr: boom' "reports an error"
expect_out_line "still here" "keeps going after an error"
if printf '%s\n' "$OUT" | grep -qx 'nil'; then fail "does not echo nil"; else pass "does not echo nil"; fi

finish
