#!/usr/bin/env bash
# The whole test suite. Installs what the tests need when it is missing (as CI does on a
# fresh machine): Nix (the evaluator oracle) and the Python packages of the SARIF check.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v nix-instantiate >/dev/null; then
  echo "run-all: installing nix-bin (the real Nix is the oracle of the evaluator tests)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nix-bin >/dev/null
fi

if ! python3 -c 'import jsonschema, rfc3986_validator, rfc3339_validator' 2>/dev/null; then
  echo "run-all: installing jsonschema (SARIF schema validation)"
  python3 -m pip install -q jsonschema rfc3986-validator rfc3339-validator
fi

cargo test --workspace
