# Shared helpers for the CLI tests. Each test script is run as
#   bash <script> <path-to-quest> <path-to-lib-dir>
# and sources this file. Checks record failures and carry on; `finish` prints the
# closing line and exits non-zero when any check failed.

QUEST="$(realpath "${1:?usage: $0 QUEST_BINARY LIB_DIR}")"
QUEST_LIB="$(realpath "${2:?usage: $0 QUEST_BINARY LIB_DIR}")"
export QUEST_INCLUDE="$QUEST_LIB${QUEST_INCLUDE:+:$QUEST_INCLUDE}"
unset NO_COLOR  # colour checks need the default; tests set it where they want it
FIXTURES="$(cd "$(dirname "${BASH_SOURCE[0]}")/fixtures" && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0
OUT=""
ERR=""
STATUS=0

# run ARGS...: runs quest with a time limit, capturing stdout, stderr and status.
run() {
  timeout 60 "$QUEST" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  STATUS=$?
  OUT="$(cat "$WORK/out")"
  ERR="$(cat "$WORK/err")"
}

# run_stdin TEXT ARGS...: like run, with TEXT piped to stdin.
run_stdin() {
  local input="$1"
  shift
  printf '%s' "$input" | timeout 60 "$QUEST" "$@" >"$WORK/out" 2>"$WORK/err"
  STATUS=$?
  OUT="$(cat "$WORK/out")"
  ERR="$(cat "$WORK/err")"
}

pass() { PASSED=$((PASSED + 1)); echo "  ok   $1"; }
fail() {
  FAILED=$((FAILED + 1))
  echo "  FAIL $1"
  echo "       status: $STATUS"
  echo "       stdout: $(printf '%s' "$OUT" | tail -n 5)"
  echo "       stderr: $(printf '%s' "$ERR" | tail -n 5)"
}

expect_status() {  # expect_status CODE DESCRIPTION
  if [ "$STATUS" -eq "$1" ]; then pass "$2"; else fail "$2 (wanted status $1)"; fi
}

expect_nonzero_clean() {  # non-zero, and not killed by a signal (status < 128)
  if [ "$STATUS" -ne 0 ] && [ "$STATUS" -lt 124 ]; then pass "$1"; else fail "$1 (wanted a clean non-zero exit)"; fi
}

expect_out_line() {  # expect_out_line EXACT_LINE DESCRIPTION: some stdout line equals it
  if printf '%s\n' "$OUT" | grep -qxF -- "$1"; then pass "$2"; else fail "$2 (no stdout line '$1')"; fi
}

expect_last_line() {  # expect_last_line EXACT DESCRIPTION: the last stdout line equals it
  local last
  last="$(printf '%s\n' "$OUT" | tail -n 1)"
  if [ "$last" = "$1" ]; then pass "$2"; else fail "$2 (last line '$last', wanted '$1')"; fi
}

expect_out() {  # expect_out EXACT DESCRIPTION: the whole stdout equals it
  if [ "$OUT" = "$1" ]; then pass "$2"; else fail "$2 (wanted stdout '$1')"; fi
}

expect_err_match() {  # expect_err_match EXTENDED_REGEX DESCRIPTION
  if printf '%s\n' "$ERR" | grep -qE -- "$1"; then pass "$2"; else fail "$2 (stderr lacks /$1/)"; fi
}

expect_out_match() {  # expect_out_match EXTENDED_REGEX DESCRIPTION
  if printf '%s\n' "$OUT" | grep -qE -- "$1"; then pass "$2"; else fail "$2 (stdout lacks /$1/)"; fi
}

expect_err_lacks() {  # expect_err_lacks EXTENDED_REGEX DESCRIPTION
  if printf '%s\n' "$ERR" | grep -qE -- "$1"; then fail "$2 (stderr has /$1/)"; else pass "$2"; fi
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
