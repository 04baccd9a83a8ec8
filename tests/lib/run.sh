#!/usr/bin/env bash
# Runs the tests of qg's Nix lib (analyzer/nixos/src/modules/lib) under plain Nix.
# Every tests/lib/*.nix file except driver.nix is a test file. Prints each
# failure (name, what the expression gave, what was expected) and a final
# "N passed, M failed" line; exits non-zero when a test fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v nix-instantiate >/dev/null; then
  echo "tests/lib: nix-instantiate is needed (Debian: nix-bin)" >&2
  exit 2
fi

nixeval() { nix-instantiate --eval --strict --json "$@"; }

# Reads JSON on stdin; prints one tab-separated line per test:
# status, name, got, expected (newlines and tabs escaped).
decode='
import json, sys
def esc(s): return str(s).replace("\n", "\\n").replace("\t", "\\t")
for r in json.load(sys.stdin):
    print("\t".join([r["status"], r["name"], esc(r.get("got", "")), esc(r.get("expected", ""))]))
'
# Reads a JSON string on stdin and prints it raw.
rawstring='import json, sys; sys.stdout.write(json.load(sys.stdin))'

pass=0
fail=0

report_fail() { # file name got expected
  fail=$((fail + 1))
  printf 'FAIL %s: %s\n  got:      %s\n  expected: %s\n' "$1" "$2" "$3" "$4"
}

# Runs one test alone, expecting an error whose message contains $3.
run_error_test() { # file name
  local file=$1 name=$2 expected stderr
  expected=$(nixeval --arg file "./$file" --argstr only "$name" -E \
    '{ file, only }: (import file).${only}.expectedError' | python3 -c "$rawstring")
  if stderr=$(nix-instantiate --eval --strict --arg file "./$file" --argstr only "$name" driver.nix 2>&1 >/dev/null); then
    report_fail "$file" "$name" "<no error>" "error containing: $expected"
    return
  fi
  # Nix indents the continuation lines of a message by 7 spaces.
  stderr=${stderr//$'\n       '/$'\n'}
  if [[ "$stderr" == *"$expected"* ]]; then
    pass=$((pass + 1))
  else
    report_fail "$file" "$name" "$stderr" "error containing: $expected"
  fi
}

# Runs one test alone, expecting a value (used when the whole file fails).
run_value_test() { # file name
  local file=$1 name=$2 out err
  err=$(mktemp)
  if out=$(nixeval --arg file "./$file" --argstr only "$name" --arg result true driver.nix 2>"$err"); then
    python3 -c "$decode" <<<"[$out]"
  else
    printf 'fail\t%s\t%s\t%s\n' "$name" "$(grep -v '^trace:' "$err" | tr '\n' ' ')" "(see the test)"
  fi
  rm -f "$err"
}

for file in *.nix; do
  [ "$file" = driver.nix ] && continue
  if out=$(nixeval --arg file "./$file" driver.nix 2>/tmp/qg-lib-test-err.$$); then
    lines=$(python3 -c "$decode" <<<"$out")
  else
    # The file as a whole fails (an uncatchable error): run each test alone.
    names=$(nixeval --arg file "./$file" -E '{ file }: builtins.attrNames (import file)' 2>/dev/null \
      | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))')
    if [ -z "$names" ]; then
      report_fail "$file" "<file>" "$(cat /tmp/qg-lib-test-err.$$)" "a test set"
      continue
    fi
    lines=""
    while IFS= read -r name; do
      lines+=$(run_value_test "$file" "$name")$'\n'
    done <<<"$names"
  fi
  while IFS=$'\t' read -r status name got expected; do
    [ -z "${status:-}" ] && continue
    case "$status" in
      pass) pass=$((pass + 1)) ;;
      fail) report_fail "$file" "$name" "$got" "$expected" ;;
      error-test) run_error_test "$file" "$name" ;;
    esac
  done <<<"$lines"
done
rm -f /tmp/qg-lib-test-err.$$

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
