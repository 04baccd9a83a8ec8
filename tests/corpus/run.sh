#!/usr/bin/env bash
# The corpus of real fleets (tests/corpus/fleets.toml): runs qg-check on every fleet present
# under $QG_CORPUS (default ~/qg-corpus), prints one row per fleet and fails on any error not
# listed in tests/corpus/triage.toml. `--mutate` plants typical mistakes in temporary copies
# instead and prints found/planted per family. The fleets are public repositories fetched
# outside this repository at the pinned commits (`run.sh --fetch` places them); none of their
# files is committed here.
# `--with-inputs` runs each fleet a second time with the public inputs of
# tests/corpus/inputs.toml given by --override-input, from $QG_CORPUS_INPUTS (default
# ~/qg-corpus-inputs; `run.sh --fetch-inputs` places them there), and shows hosts found
# with and without inputs.
set -euo pipefail
cd "$(dirname "$0")/../.."

corpus="${QG_CORPUS:-$HOME/qg-corpus}"
inputs="${QG_CORPUS_INPUTS:-$HOME/qg-corpus-inputs}"
case "${1:-}" in
  --fetch | --fetch-inputs)
    QG_CORPUS="$corpus" QG_CORPUS_INPUTS="$inputs" exec python3 tests/corpus/corpus.py "$1" ;;
esac
if [ ! -d "$corpus" ]; then
  echo "corpus: skipped: no corpus at $corpus (set QG_CORPUS to a folder holding the fleets of tests/corpus/fleets.toml)"
  exit 0
fi

if [ -z "${QG_CHECK:-}" ]; then
  target="${CARGO_TARGET_DIR:-target}"
  cargo build --release -q -p qg-check
  QG_CHECK="$target/release/qg-check"
fi
# Absolute: the mutate mode runs qg-check from inside each fleet's copy.
QG_CHECK=$(realpath "$QG_CHECK")
export QG_CHECK QG_CORPUS="$corpus" QG_CORPUS_INPUTS="$inputs"
exec python3 tests/corpus/corpus.py "$@"
