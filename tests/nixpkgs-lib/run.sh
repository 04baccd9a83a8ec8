#!/usr/bin/env bash
# A second oracle: nixpkgs' own lib test suites, run against qg's evaluator.
#
# Needs a checkout of nix-community/nixpkgs.lib (commit de42d442) in $QG_NIXPKGS_LIB;
# skipped with a message otherwise (CI has no network). Runs
#   - lib/tests/misc.nix under `qg-check eval --strict`: must print `[ ]`, and no test
#     result may involve an unknown;
#   - lib/tests/modules.sh (the module system's suite, ~400 checks) with a
#     `nix-instantiate` wrapper that calls `qg-check eval`, and no real nix-* program on
#     the PATH it gives the suite.
# Prints pass/fail counts; exits 1 when misc.nix fails (modules.sh's count is reported:
# its target is a number, not all).
set -uo pipefail
cd "$(dirname "$0")/../.."

lib="${QG_NIXPKGS_LIB:-}"
if [ -z "$lib" ] || [ ! -f "$lib/lib/tests/misc.nix" ]; then
  echo "nixpkgs-lib: skipped: set QG_NIXPKGS_LIB to a checkout of nix-community/nixpkgs.lib (de42d442)"
  exit 0
fi
lib=$(cd "$lib" && pwd)

if [ -z "${QG_CHECK:-}" ]; then
  cargo build --release -q -p qg-check || exit 2
  QG_CHECK="$(pwd)/${CARGO_TARGET_DIR:-target}/release/qg-check"
fi
QG_CHECK=$(realpath "$QG_CHECK")

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# A PATH without any real Nix program: every other tool of the current PATH, linked.
mkdir -p "$scratch/bin" "$scratch/tools"
IFS=: read -ra dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  for tool in "$dir"/*; do
    name=${tool##*/}
    case "$name" in nix | nix-*) continue ;; esac
    [ -x "$tool" ] && [ ! -e "$scratch/tools/$name" ] && ln -s "$tool" "$scratch/tools/$name"
  done
done
printf '#!/bin/sh\nexec "%s" eval "$@"\n' "$QG_CHECK" >"$scratch/bin/nix-instantiate"
chmod +x "$scratch/bin/nix-instantiate"
suite_path="$scratch/bin:$scratch/tools"

status=0
misc=$(cd "$lib/lib/tests" && PATH="$suite_path" nix-instantiate --eval --strict misc.nix 2>"$scratch/misc.err")
if [ "$misc" = "[ ]" ]; then
  echo "nixpkgs-lib: misc.nix: pass ([ ])"
else
  status=1
  echo "nixpkgs-lib: misc.nix: FAIL"
  printf '%s\n' "${misc:0:2000}"
  head -c 2000 "$scratch/misc.err"
fi

(cd "$lib/lib/tests" && PATH="$suite_path" bash modules.sh) >"$scratch/modules.out" 2>&1
pass=$(sed -n 's/^\([0-9]*\) Pass$/\1/p' "$scratch/modules.out")
fail=$(sed -n 's/^\([0-9]*\) Fail$/\1/p' "$scratch/modules.out")
if [ -z "$pass" ]; then
  echo "nixpkgs-lib: modules.sh stopped before its summary:"
  tail -20 "$scratch/modules.out"
  status=1
else
  echo "nixpkgs-lib: modules.sh: $pass pass, $fail fail (of $((pass + fail)))"
  if [ -n "${QG_NIXPKGS_LIB_LOG:-}" ]; then
    cp "$scratch/modules.out" "$QG_NIXPKGS_LIB_LOG"
    echo "nixpkgs-lib: the suite's output is in $QG_NIXPKGS_LIB_LOG"
  fi
fi
exit $status
