#!/usr/bin/env bash
# Sanity-check the eval corpus against the real Nix (the oracle).
#
#   tests/eval-corpus/check.sh [-v] [FILE-OR-DIR...]
#
# For every case file (*.nix outside data/) it runs
#   nix-instantiate --eval --strict FILE
# and reports:
#   * non-error cases that fail to evaluate,
#   * error cases (in errors/ or named err-*) that evaluate successfully,
#   * error cases without a valid "# error: <kind>" first line,
#   * error cases whose first stderr line does not look like <kind>.
# With -v every case's stdout (or first stderr line) is printed.
# Exit status is 0 when everything is clean.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nix_inst="${NIX_INSTANTIATE:-nix-instantiate}"
verbose=0
if [ "${1:-}" = "-v" ]; then verbose=1; shift; fi
if [ $# -eq 0 ]; then set -- "$here"; fi

specific_kinds="type missing-attr not-a-function missing-arg unexpected-arg abort assert infinite-recursion division-by-zero index"
kinds="type missing-attr not-a-function missing-arg unexpected-arg throw abort assert infinite-recursion division-by-zero index other"

# Extended regex the first stderr line must match for each kind.
kind_pattern() {
  case "$1" in
    type) echo "^error: (value is .* while .* was expected|cannot (add|coerce|compare)|.* is not (a|an) )" ;;
    missing-attr) echo "^error: attribute '.*' missing" ;;
    not-a-function) echo "^error: attempt to call something which is not a function" ;;
    missing-arg) echo "^error: .* called without required argument '" ;;
    unexpected-arg) echo "^error: .* called with unexpected argument '" ;;
    throw) echo "^error: " ;;
    abort) echo "^error: evaluation aborted with the following error message: '" ;;
    assert) echo "^error: assertion '.*' failed" ;;
    infinite-recursion) echo "^error: infinite recursion encountered" ;;
    division-by-zero) echo "^error: division by zero" ;;
    index) echo "^error: (list index -?[0-9]+ is out of bounds|'tail' called on an empty list)" ;;
    other) echo "^error: " ;;
  esac
}

is_error_case() {
  case "$1" in
    errors/*|*/errors/*) return 0 ;;
  esac
  case "$(basename "$1")" in
    err-*) return 0 ;;
  esac
  return 1
}

files=$(for p in "$@"; do
  if [ -d "$p" ]; then find "$p" -name '*.nix' -not -path '*/data/*' -type f; else echo "$p"; fi
done | sort)

total=0; bad=0; nerr=0
tmp_out="$(mktemp)"; tmp_err="$(mktemp)"
trap 'rm -f "$tmp_out" "$tmp_err"' EXIT

for f in $files; do
  total=$((total + 1))
  rel="${f#"$here"/}"
  timeout 120 "$nix_inst" --eval --strict "$f" >"$tmp_out" 2>"$tmp_err"
  rc=$?
  first_err="$(grep -m1 '^error:' "$tmp_err" || true)"
  if is_error_case "$f"; then
    nerr=$((nerr + 1))
    header="$(head -n1 "$f")"
    kind="${header#\# error: }"
    if [ "$header" = "$kind" ] || ! echo " $kinds " | grep -q " $kind "; then
      echo "BAD HEADER   $rel: first line must be '# error: <kind>' (got: $header)"
      bad=$((bad + 1)); continue
    fi
    if [ $rc -eq 0 ]; then
      echo "UNEXPECTED OK  $rel: $(head -c 200 "$tmp_out")"
      bad=$((bad + 1)); continue
    fi
    if [ $rc -eq 124 ]; then
      echo "TIMEOUT      $rel"
      bad=$((bad + 1)); continue
    fi
    pat="$(kind_pattern "$kind")"
    if ! echo "$first_err" | grep -Eq "$pat"; then
      echo "WRONG KIND   $rel: expected $kind, got: $first_err"
      bad=$((bad + 1)); continue
    fi
    # throw/other accept any message, but must not be one of the specific kinds.
    if [ "$kind" = throw ] || [ "$kind" = other ]; then
      for k in $specific_kinds; do
        if echo "$first_err" | grep -Eq "$(kind_pattern "$k")"; then
          echo "WRONG KIND   $rel: declared $kind, but message looks like $k: $first_err"
          bad=$((bad + 1)); continue 2
        fi
      done
    fi
    [ $verbose -eq 1 ] && echo "ok (error)   $rel: $first_err"
  else
    if [ $rc -ne 0 ]; then
      echo "FAILED       $rel: ${first_err:-exit $rc}"
      bad=$((bad + 1)); continue
    fi
    if grep -q '<CODE>' "$tmp_out"; then
      echo "UNFORCED     $rel: result contains <CODE>"
      bad=$((bad + 1)); continue
    fi
    [ $verbose -eq 1 ] && echo "ok           $rel: $(head -c 300 "$tmp_out")"
  fi
done

echo "checked $total cases ($nerr error cases): $bad problem(s)"
[ $bad -eq 0 ]
