#!/usr/bin/env bash
# The whole test suite. Installs what the tests need when it is missing, as CI must on a
# fresh machine: Nix (the oracle of the evaluator tests), the Python tools (pre-commit, the
# SARIF schema check; pytest-lsp and Neovim 0.11 in tests/lsp/run.sh) in virtual environments
# under target/, and the VS Code extension's npm packages (editors/vscode/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v nix-instantiate >/dev/null; then
  echo "run-all: installing nix-bin (the real Nix is the oracle of the evaluator tests)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nix-bin >/dev/null
fi

venv="$repo/target/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! cmp -s tests/requirements.txt "$venv/.requirements"; then
  echo "run-all: installing the Python test tools into target/venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r tests/requirements.txt
  cp tests/requirements.txt "$venv/.requirements"
fi
export PATH="$venv/bin:$PATH"

cargo test --workspace
bash tests/lib/run.sh
python -m pytest -q tests/precommit
bash tests/lsp/run.sh
bash editors/vscode/test.sh
